"""Quantities and distributions as the Python API takes them, lowered to canonical units.

A quantity is a string with a unit ("20 ms", "-70 mV", "8 Hz") or a plain number in lamina's
canonical unit of that dimension (ms, mV, pA, nS, pF, Hz, MOhm). Strings go through the same parser
as model files, so a wrong unit gives the message the command line gives. Messages start with
"<where>: <key>", where <where> is the line of the user's script that made the call.
"""
from __future__ import annotations

import math
import numbers
import os
import sys
from typing import Optional, Union

from . import _core

Quantity = Union[str, float, int]

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


def caller_origin() -> str:
    """'script.py:12' for the first stack frame outside the lamina package (for messages)."""
    frame = sys._getframe(1)
    while frame is not None and os.path.dirname(os.path.abspath(frame.f_code.co_filename)) == _PACKAGE_DIR:
        frame = frame.f_back
    if frame is None:
        return "python"
    path = frame.f_code.co_filename
    if path.startswith("<"):
        return f"{path}:{frame.f_lineno}"
    try:
        rel = os.path.relpath(path)
        if not rel.startswith(".."):
            path = rel
        else:
            path = os.path.basename(path)
    except ValueError:
        path = os.path.basename(path)
    return f"{path}:{frame.f_lineno}"


def _plain(v: float) -> str:
    """A number as a user writes it: 20, not 20.0."""
    return f"{v:.10g}"


def _describe(value) -> str:
    if isinstance(value, str):
        return '"' + (value[:40] + "..." if len(value) > 40 else value) + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, numbers.Real):
        return _plain(float(value))
    if isinstance(value, Distribution):
        return "a distribution"
    return f"a {type(value).__name__}"


def fail(where: str, what: str, error=_core.InputError):
    raise error(f"{where}: {what}")


def quantity(value, dim: _core.Dimension, where: str) -> float:
    """The canonical value of `value` (a string with a unit, or a number in the canonical unit)."""
    if isinstance(value, str):
        return _core.parse_quantity_as(value, dim, where)
    if isinstance(value, Distribution):
        fail(where, f"a distribution is not allowed here; expected a single {_core.dimension_name(dim)}")
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        v = float(value)
        if not math.isfinite(v):
            fail(where, f'"{_plain(v)}" is not a finite number')
        return v
    unit = _core.canonical_unit(dim)
    example = f'"1 {unit}"' if unit else "1"
    fail(where, f"expected a {_core.dimension_name(dim)} such as {example}, got {_describe(value)}")


def quantities(values, dim: _core.Dimension, where: str) -> list:
    """A list of quantities (e.g. spike times); a numpy array of numbers is taken as is."""
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        unit = _core.canonical_unit(dim)
        fail(where, f'expected a list of quantities, e.g. ["10 {unit}", "20 {unit}"], got {_describe(values)}')
    return [quantity(v, dim, where) for v in values]


def count(value, where: str) -> int:
    """A whole number that is not negative (sizes, degrees, indices)."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        if value < 0:
            fail(where, f"must not be negative, got {int(value)}")
        return int(value)
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        v = float(value)
        if v >= 0.0 and v < 9.2e18 and v == math.floor(v):
            return int(v)
    fail(where, f"expected a whole number that is not negative, got {_describe(value)}")


def counts(values, where: str) -> list:
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        fail(where, "expected a list of whole numbers, e.g. [0, 1, 2]")
    return [count(v, where) for v in values]


class Distribution:
    """A value drawn independently for each neuron or synapse. Build one with uniform(), normal(),
    lognormal() or exponential(); its numbers take units like any quantity. For a population's
    parameter, sampling="quantiles" gives its n neurons the values at the quantiles (i + 0.5) / n
    in a random order (the same set of values for every seed)."""

    _KEYS = {
        "uniform": ("low", "high"),
        "normal": ("mean", "std"),
        "lognormal": ("mean", "std"),
        "exponential": ("mean",),
    }

    _SAMPLINGS = ("independent", "quantiles")

    def __init__(self, kind: str, *values, min=None, max=None, sampling: str = "independent"):
        if kind not in self._KEYS:
            raise ValueError(f'unknown distribution "{kind}" (known: {", ".join(self._KEYS)})')
        keys = self._KEYS[kind]
        if len(values) != len(keys):
            raise TypeError(f"a {kind} distribution takes {', '.join(keys)}")
        if sampling not in self._SAMPLINGS:
            raise ValueError(f'sampling: expected "independent" (a draw per neuron) or "quantiles" (the '
                             f"distribution's quantiles (i + 0.5) / n in a random order), got {sampling!r}")
        self.kind = kind
        self.values = dict(zip(keys, values))
        self.min = min
        self.max = max
        self.sampling = sampling

    def __repr__(self) -> str:
        parts = [f"{k}={v!r}" for k, v in self.values.items()]
        if self.min is not None:
            parts.append(f"min={self.min!r}")
        if self.max is not None:
            parts.append(f"max={self.max!r}")
        if self.sampling != "independent":
            parts.append(f"sampling={self.sampling!r}")
        return f"lamina.{self.kind}({', '.join(parts)})"

    def to_toml(self, value_to_toml) -> str:
        """As an inline TOML table, the form a model file uses."""
        items = [f'distribution = "{self.kind}"'] + [f"{k} = {value_to_toml(v)}" for k, v in self.values.items()]
        if self.min is not None:
            items.append(f"min = {value_to_toml(self.min)}")
        if self.max is not None:
            items.append(f"max = {value_to_toml(self.max)}")
        if self.sampling != "independent":
            items.append(f'sampling = "{self.sampling}"')
        return "{ " + ", ".join(items) + " }"

    def lower(self, dim: _core.Dimension, where: str) -> _core.Distribution:
        """Canonical form, checked as the model-file loader checks it."""
        v = {k: quantity(x, dim, f"{where}.{k}") for k, x in self.values.items()}
        K = _core.DistributionKind
        if self.kind == "uniform":
            d = _core.Distribution(K.uniform, v["low"], v["high"])
            if not d.b > d.a:
                fail(where, "uniform distribution needs low < high")
        elif self.kind in ("normal", "lognormal"):
            d = _core.Distribution(K.normal if self.kind == "normal" else K.lognormal, v["mean"], v["std"])
            if d.b < 0.0:
                fail(where, "std must not be negative")
            if self.kind == "lognormal" and not d.a > 0.0:
                fail(where, "lognormal distribution needs a positive mean")
        else:
            d = _core.Distribution(K.exponential, v["mean"], 0.0)
            if not d.a > 0.0:
                fail(where, "exponential distribution needs a positive mean")
        if self.min is not None:
            d.min = quantity(self.min, dim, f"{where}.min")
        if self.max is not None:
            d.max = quantity(self.max, dim, f"{where}.max")
        if d.min is not None and d.max is not None and d.min > d.max:
            fail(where, "min is above max")
        return d


def uniform(low: Quantity, high: Quantity, *, min: Optional[Quantity] = None, max: Optional[Quantity] = None,
            sampling: str = "independent"):
    """Uniform on [low, high), e.g. uniform("0 mV", "20 mV")."""
    return Distribution("uniform", low, high, min=min, max=max, sampling=sampling)


def normal(mean: Quantity, std: Quantity, *, min: Optional[Quantity] = None, max: Optional[Quantity] = None,
           sampling: str = "independent"):
    """Normal with mean and standard deviation; min/max truncate (values are redrawn)."""
    return Distribution("normal", mean, std, min=min, max=max, sampling=sampling)


def lognormal(mean: Quantity, std: Quantity, *, min: Optional[Quantity] = None, max: Optional[Quantity] = None,
              sampling: str = "independent"):
    """Lognormal with the given mean and standard deviation of the value (not of its logarithm)."""
    return Distribution("lognormal", mean, std, min=min, max=max, sampling=sampling)


def exponential(mean: Quantity, *, min: Optional[Quantity] = None, max: Optional[Quantity] = None,
                sampling: str = "independent"):
    """Exponential with the given mean."""
    return Distribution("exponential", mean, min=min, max=max, sampling=sampling)


def distributed(value, dim: _core.Dimension, where: str, quantiles_allowed: bool = False) -> _core.Distribution:
    """A constant or a distribution, in canonical units. sampling="quantiles" only where
    quantiles_allowed (per-neuron parameters)."""
    if isinstance(value, Distribution):
        if value.sampling != "independent" and not quantiles_allowed:
            fail(f"{where}.sampling", 'sampling = "quantiles" is only for per-neuron parameters of a population; '
                                      "here values are drawn independently")
        return value.lower(dim, where)
    return _core.Distribution.constant(quantity(value, dim, where))
