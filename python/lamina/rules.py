"""Connection rules, named and parametrised as in model files (and as NEST names them).

Each rule takes `autapses` (a neuron may connect to itself when source and target are the same
population) and `multapses` (a pair may be connected more than once); both default to True.
"""
from __future__ import annotations

import math
import numbers

from . import _core
from ._quantities import count, fail


class Rule:
    """Base class of the connection rules."""

    rule: _core.ConnectionRule

    def __init__(self, *, autapses: bool = True, multapses: bool = True):
        self.autapses = bool(autapses)
        self.multapses = bool(multapses)

    def _extra(self) -> dict:
        return {}

    def __repr__(self) -> str:
        args = [f"{k}={v!r}" for k, v in self._extra().items()]
        if not self.autapses:
            args.append("autapses=False")
        if not self.multapses:
            args.append("multapses=False")
        return f"lamina.{type(self).__name__}({', '.join(args)})"

    def lower(self, c: _core.ConnectionSpec, where: str) -> None:
        """Writes the rule into a connection spec."""
        c.rule = self.rule
        c.allow_autapses = self.autapses
        c.allow_multapses = self.multapses


class _CountRule(Rule):
    """A rule with one whole-number parameter: its Python name, spec field and model-file key."""

    param: str     # attribute and keyword name, e.g. "k"
    field: str     # ConnectionSpec field, e.g. "indegree"
    file_key: str  # key in model files, for messages

    def __init__(self, value: int, **kw):
        super().__init__(**kw)
        setattr(self, self.param, value)

    def _extra(self):
        return {self.param: getattr(self, self.param)}

    def lower(self, c, where):
        super().lower(c, where)
        setattr(c, self.field, count(getattr(self, self.param), f"{where}.{self.file_key}"))


class FixedIndegree(_CountRule):
    """Each target neuron receives exactly `k` connections from randomly chosen sources."""

    rule = _core.ConnectionRule.fixed_indegree
    param, field, file_key = "k", "indegree", "indegree"

    def __init__(self, k: int, **kw):
        super().__init__(k, **kw)


class FixedOutdegree(_CountRule):
    """Each source neuron makes exactly `k` connections to randomly chosen targets."""

    rule = _core.ConnectionRule.fixed_outdegree
    param, field, file_key = "k", "outdegree", "outdegree"

    def __init__(self, k: int, **kw):
        super().__init__(k, **kw)


class PairwiseBernoulli(Rule):
    """Each (source, target) pair is connected independently with probability `p`."""

    rule = _core.ConnectionRule.pairwise_bernoulli

    def __init__(self, p: float, **kw):
        super().__init__(**kw)
        self.p = p

    def _extra(self):
        return {"p": self.p}

    def lower(self, c, where):
        super().lower(c, where)
        key = f"{where}.probability"
        if not isinstance(self.p, numbers.Real) or isinstance(self.p, bool):
            fail(key, f"expected a number between 0 and 1, got {self.p!r}")
        p = float(self.p)
        if not (0.0 <= p <= 1.0) or math.isnan(p):
            fail(key, "must be between 0 and 1")
        c.probability = p


class FixedTotalNumber(_CountRule):
    """Exactly `n` connections in all, between randomly chosen pairs."""

    rule = _core.ConnectionRule.fixed_total_number
    param, field, file_key = "n", "total", "N"

    def __init__(self, n: int, **kw):
        super().__init__(n, **kw)


class OneToOne(Rule):
    """Source i connects to target i (populations of equal size)."""

    rule = _core.ConnectionRule.one_to_one


class AllToAll(Rule):
    """Every source connects to every target."""

    rule = _core.ConnectionRule.all_to_all
