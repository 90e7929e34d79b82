"""Rate networks: tau dx/dt = -x + J phi(x) + B u(t) + I + noise, batched over trials.

>>> import lamina.rate as lr
>>> net = lr.RateNetwork(dt="1 ms", seed=1)
>>> net.population("net", 500, tau="10 ms", phi="tanh", x0=lr.normal(0, 1))
>>> net.connect("net", "net", "random", g=2.0)
>>> net.record("net", "x", units=range(10), interval="1 ms")
>>> net.run("500 ms")
>>> rec = net.recordings()["x_net"]          # rec.values: [trial, sample, unit]
>>> spec = net.lyapunov(exponents=5, time="2 s", transient="200 ms")
>>> spec.exponents * 10.0                     # per tau

Times are strings with units ("10 ms", "2 s") or numbers in ms; everything else is dimensionless.
Bad input raises InputError (a ValueError) or UnknownNameError (a KeyError) naming the call's line.
See docs/rate.md.
"""
from __future__ import annotations

from typing import Dict, Optional, Sequence

import numpy as np

from . import _core
from ._quantities import Quantity, caller_origin, count, counts, fail, quantity

_r = _core.rate
_T = _core.Dimension.time
_F = _core.Dimension.frequency

PHI = {k: getattr(_r.Phi, k) for k in ("linear", "tanh", "relu", "sigmoid", "threshold", "sign")}
INTEGRATORS = {k: getattr(_r.Integrator, k) for k in ("euler", "rk4", "exact")}
RULES = {"random": _r.Connectivity.dense_random, "sparse": _r.Connectivity.sparse_random,
         "matrix": _r.Connectivity.matrix, "identity": _r.Connectivity.identity, "low_rank": _r.Connectivity.low_rank}
INPUTS = {k: getattr(_r.InputKind, k) for k in ("constant", "step", "sine", "white_noise", "series")}
VARIABLES = {k: getattr(_r.RecorderKind, k) for k in ("x", "phi", "readout")}


class normal:
    """Initial x drawn N(mean, std^2) per unit and trial."""

    def __init__(self, mean: float, std: float):
        self.mean, self.std = float(mean), float(std)


def _choice(value, table: Dict, where: str):
    if value not in table:
        fail(where, f"unknown value {value!r} (known: {', '.join(table)})", _core.UnknownNameError)
    return table[value]


def _floats(a, where: str) -> list:
    arr = np.asarray(a, dtype=float)
    if not np.all(np.isfinite(arr)):
        fail(where, "values must be finite")
    return arr.ravel().tolist()


class RateNetwork:
    """A rate network under construction; built on the first run() (or build()), after which
    parameters may be changed between runs and the state read or set."""

    def __init__(self, dt: Quantity = "0.1 ms", seed: int = 1, trials: int = 1, integrator: str = "euler",
                 threads: int = 1, *, _spec=None):
        if _spec is not None:
            self._spec = _spec
        else:
            where = caller_origin()
            self._spec = _r.NetworkSpec()
            s = _r.Settings()
            s.dt = quantity(dt, _T, f"{where}: dt")
            s.seed = count(seed, f"{where}: seed")
            s.trials = count(trials, f"{where}: trials")
            s.integrator = _choice(integrator, INTEGRATORS, f"{where}: integrator")
            s.threads = count(threads, f"{where}: threads")
            s.origin = where
            self._spec.settings = s
        self._sim = None

    # --- description -------------------------------------------------------------------------
    def _add(self, attr: str, item):
        if self._sim is not None:
            fail(item.origin, "the network is already built; describe it completely before run()")
        items = getattr(self._spec, attr)
        items.append(item)
        setattr(self._spec, attr, items)
        return len(items) - 1

    def population(self, name: str, size: int, *, tau: Quantity = "10 ms", phi: str = "tanh", theta: float = 0.0,
                   beta: float = 1.0, noise_std: float = 0.0, bias: float = 0.0, x0=0.0) -> str:
        """Adds a population; x0 is a number, one value per unit, or normal(mean, std)."""
        where = caller_origin()
        p = _r.PopulationSpec()
        p.name, p.size = name, count(size, f"{where}: size")
        p.tau = quantity(tau, _T, f"{where}: tau")
        p.phi = _choice(phi, PHI, f"{where}: phi")
        p.theta, p.beta, p.noise_std, p.bias = float(theta), float(beta), float(noise_std), float(bias)
        if isinstance(x0, normal):
            p.x0_mean, p.x0_std = x0.mean, x0.std
        elif np.ndim(x0) == 0:
            p.x0_mean = float(x0)
        else:
            p.x0 = _floats(x0, f"{where}: x0")
        p.origin = where
        self._add("populations", p)
        return name

    def connect(self, source: str, target: str, rule: str = "random", *, g: float = 1.0, mean: float = 0.0,
                indegree: Optional[int] = None, autapses: bool = True, scale: float = 1.0, weights=None,
                m=None, n=None, rank: Optional[int] = None, factor_mean=None, factor_covariance=None) -> int:
        """Adds a block of J and returns its index (for set_connection_scale). rule: "random"
        (N(mean/N, g^2/N)), "sparse" (indegree K, N(mean/K, g^2/K)), "matrix" (weights: dense
        [target, source] array or scipy.sparse matrix), "identity", "low_rank" (m [target, R] and
        n [source, R] given, or drawn with rank, factor_mean (2R) and factor_covariance (2R x 2R);
        applied as m (n^T phi) / N_source)."""
        where = caller_origin()
        c = _r.ConnectionSpec()
        c.source, c.target, c.origin = source, target, where
        c.kind = _choice(rule, RULES, f"{where}: rule")
        c.g, c.mean, c.autapses, c.scale = float(g), float(mean), bool(autapses), float(scale)
        if rule == "sparse":
            if indegree is None:
                fail(where, 'rule "sparse" needs indegree')
            c.indegree = count(indegree, f"{where}: indegree")
        if rule == "matrix":
            if weights is None:
                fail(where, 'rule "matrix" needs weights')
            if hasattr(weights, "tocoo"):  # scipy.sparse
                coo = weights.tocoo()
                c.rows, c.cols, c.values = coo.row.tolist(), coo.col.tolist(), _floats(coo.data, f"{where}: weights")
            else:
                c.matrix = _floats(weights, f"{where}: weights")
        if rule == "low_rank":
            if m is not None or n is not None:
                m2, n2 = np.atleast_2d(np.asarray(m, float).T).T, np.atleast_2d(np.asarray(n, float).T).T
                if m2.shape[1] != n2.shape[1]:
                    fail(where, f"m and n need the same rank (columns), got {m2.shape[1]} and {n2.shape[1]}")
                c.rank = m2.shape[1]
                c.m, c.n = _floats(m2.T, f"{where}: m"), _floats(n2.T, f"{where}: n")
            else:
                if rank is None:
                    fail(where, 'rule "low_rank" needs m and n, or rank (factors drawn)')
                c.rank = count(rank, f"{where}: rank")
                if factor_mean is not None:
                    c.factor_mean = _floats(factor_mean, f"{where}: factor_mean")
                if factor_covariance is not None:
                    c.factor_covariance = _floats(factor_covariance, f"{where}: factor_covariance")
        return self._add("connections", c)

    def input(self, target: str, kind: str = "constant", *, name: Optional[str] = None, amplitude: float = 0.0,
              offset: float = 0.0, frequency: Quantity = 0.0, phase: float = 0.0, start: Quantity = 0.0,
              stop: Optional[Quantity] = None, times: Sequence = (), amplitudes: Sequence = (), series=None,
              series_dt: Quantity = "1 ms", weight=1.0, weight_std: Optional[float] = None) -> int:
        """Adds an input channel u(t) onto `target` with weights b (a number for every unit, one
        value per unit, or drawn N(0, weight_std^2)). kind: constant (amplitude), step (times,
        amplitudes), sine (amplitude, frequency, phase, offset), white_noise (amplitude: u has
        intensity amplitude^2 per ms; independent per trial), series (samples every series_dt).
        Returns its index (for set_input_weights)."""
        where = caller_origin()
        i = _r.InputSpec()
        i.target, i.origin = target, where
        i.name = name if name is not None else f"input{len(self._spec.inputs)}"
        i.type = _choice(kind, INPUTS, f"{where}: kind")
        i.amplitude, i.offset, i.phase = float(amplitude), float(offset), float(phase)
        i.frequency = quantity(frequency, _F, f"{where}: frequency")
        i.start = quantity(start, _T, f"{where}: start")
        if stop is not None:
            i.stop = quantity(stop, _T, f"{where}: stop")
        i.times = [quantity(t, _T, f"{where}: times") for t in times]
        i.amplitudes = _floats(list(amplitudes), f"{where}: amplitudes")
        if series is not None:
            i.series = _floats(series, f"{where}: series")
        i.series_dt = quantity(series_dt, _T, f"{where}: series_dt")
        if weight_std is not None:
            i.weight_std = float(weight_std)
        elif np.ndim(weight) == 0:
            i.weight = float(weight)
        else:
            i.b = _floats(weight, f"{where}: weight")
        return self._add("inputs", i)

    def record(self, population: str, variable: str = "x", *, units=None, interval: Quantity = "1 ms",
               readout=None, name: Optional[str] = None) -> str:
        """Records x or phi(x) of `units` (all when None), or readouts W_out phi(x) (readout: an
        [outputs, size] array), every `interval`. Returns the recorder's name."""
        where = caller_origin()
        r = _r.RecorderSpec()
        r.population, r.origin = population, where
        r.name = name if name is not None else f"{variable}_{population}"
        r.type = _choice(variable, VARIABLES, f"{where}: variable")
        if units is not None:
            r.units = counts(list(units), f"{where}: units")
        if variable == "readout":
            if readout is None:
                fail(where, 'variable "readout" needs readout weights [outputs, size]')
            w = np.atleast_2d(np.asarray(readout, float))
            r.outputs, r.readout = w.shape[0], _floats(w, f"{where}: readout")
        r.interval = quantity(interval, _T, f"{where}: interval")
        self._add("recorders", r)
        return r.name

    # --- simulation ----------------------------------------------------------------------------
    @property
    def spec(self):
        return self._spec

    def build(self):
        """Builds the simulation (connectivity drawn); later calls return the same one."""
        if self._sim is None:
            self._sim = _r.Simulation(self._spec, self._spec.settings.threads)
        return self._sim

    @property
    def sim(self):
        return self.build()

    def run(self, duration: Optional[Quantity] = None) -> "RateNetwork":
        """Advances all trials by `duration` (default: the spec's duration)."""
        where = caller_origin()
        d = self._spec.settings.duration if duration is None else quantity(duration, _T, f"{where}: duration")
        self.build().run(d)
        return self

    def lyapunov(self, exponents: int = 1, *, time: Quantity = "10 s", transient: Quantity = "1 s",
                 renormalize: Quantity = "1 ms", trial: int = 0):
        """Benettin/QR Lyapunov spectrum of one trial's trajectory (exponents = 0: all); advances
        the simulation by transient + time. Returns a LyapunovResult (exponents in 1/ms)."""
        where = caller_origin()
        return _r.lyapunov(self.build(), count(exponents, f"{where}: exponents"), quantity(time, _T, f"{where}: time"),
                           quantity(transient, _T, f"{where}: transient"),
                           quantity(renormalize, _T, f"{where}: renormalize"), count(trial, f"{where}: trial"),
                           self._spec.settings.seed)

    def recordings(self) -> Dict[str, object]:
        """Recordings by recorder name; .values is [trial, sample, unit], .times in ms."""
        return {r.name: r for r in self.build().recordings()}

    def state(self, trial: int = 0, population: Optional[str] = None) -> np.ndarray:
        sim = self.build()
        return sim.state(trial) if population is None else sim.population_state(population, trial)

    def set_state(self, x, trial: int = 0) -> None:
        self.build().set_state(np.asarray(x, float), trial)

    def set_parameter(self, population: str, name: str, value) -> None:
        """tau (a time), noise_std, bias, theta or beta of a population, between runs."""
        where = caller_origin()
        v = quantity(value, _T, f"{where}: {name}") if name == "tau" else float(value)
        self.build().set_parameter(population, name, v)

    def connectivity_matrix(self) -> np.ndarray:
        return self.build().connectivity_matrix()

    @property
    def time_ms(self) -> float:
        return self._sim.time_ms if self._sim is not None else 0.0


def load(path: str, set: Optional[Dict[str, object]] = None, *, threads: Optional[int] = None) -> RateNetwork:
    """Loads a rate model file; `set` overrides keys as `--set` does (``{"rate_connections.0.g": 2.0}``)."""
    from .network import _toml_value
    spec = _r.load_model(str(path), [f"{k}={_toml_value(v)}" for k, v in (set or {}).items()])
    if threads is not None:
        s = spec.settings
        s.threads = count(threads, "threads")
        spec.settings = s
    return RateNetwork(_spec=spec)


def kaplan_yorke_dimension(exponents) -> float:
    """Kaplan-Yorke dimension of descending Lyapunov exponents."""
    return _r.kaplan_yorke_dimension(sorted((float(e) for e in exponents), reverse=True))
