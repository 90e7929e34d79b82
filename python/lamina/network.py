"""Building, running and perturbing networks from Python.

A Network collects a description (populations, connections, stimuli, recorders) in canonical
units, the same `NetworkSpec` a model file gives, and builds it into a simulation on the first
run(). Later run() calls continue that simulation; between them parameters and state may be
changed and stimuli added, as in perturbation experiments. The stimulus and recorder methods
(poisson_input, dc_input, step_current, ou_noise_input, spike_input, record_spikes,
record_state) are in _stimuli_recorders.py.
"""
from __future__ import annotations

import json
import math
import numbers
import sys
import threading
from typing import Dict, Optional, Union

import numpy as np

from . import _core
from ._quantities import Distribution, Quantity, caller_origin, count, counts, distributed, fail, quantity
from ._stimuli_recorders import StimuliAndRecorders, _as_list
from ._synapses import lower_synapse
from .handles import NeuronSet, Population, Spikes, Target
from .rules import Rule

D = _core.Dimension


class Network(StimuliAndRecorders):
    """A network under construction, then a running simulation.

    >>> net = Network(dt="0.1 ms", seed=1)
    >>> E = net.population("E", 800, "lif_psc_delta", V_th="20 mV", V_m=uniform("0 mV", "20 mV"))
    >>> net.connect(E, E, rule=FixedIndegree(80), weight="0.1 mV", delay="1.5 ms")
    >>> net.poisson_input(E, rate="20 kHz", weight="0.1 mV")
    >>> rec = net.record_spikes(E)
    >>> net.run("1 s")
    >>> t, ids = rec.spikes("E")
    """

    def __init__(self, dt: Quantity = "0.1 ms", seed: int = 1, threads: int = 1, *, _spec=None):
        self._lock = threading.Lock()
        self._sim: Optional[_core.Simulation] = None
        self._spikes_cache = None
        self._traces_cache = None
        self.populations: Dict[str, Population] = {}
        self.recorders: list = []
        self._from_file = _spec is not None
        if _spec is not None:
            self._spec = _spec
            for p in _spec.populations:
                self.populations[p.name] = Population(self, p.name, p.size, p.model)
            for k, r in enumerate(_spec.recorders):
                self.recorders.append(self._recorder_handle(r, k))
            return
        origin = caller_origin()
        self._spec = _core.NetworkSpec()
        self._spec.source = "python"
        s = _core.SimulationSpec()
        s.origin = origin
        s.dt = quantity(dt, D.time, f"{origin}: simulation.dt")
        if not s.dt > 0.0:
            fail(f"{origin}: simulation.dt", "must be positive")
        s.seed = count(seed, f"{origin}: simulation.seed")
        s.threads = count(threads, f"{origin}: simulation.threads")
        if s.threads < 1:
            fail(f"{origin}: simulation.threads", "must be at least 1")
        self._spec.simulation = s

    # ---- description -------------------------------------------------------------------------

    @property
    def dt(self) -> float:
        """Time step (ms)."""
        return self._spec.simulation.dt

    @property
    def seed(self) -> int:
        return self._spec.simulation.seed

    @property
    def spec(self) -> _core.NetworkSpec:
        """The description in canonical units (a copy), as model files give it."""
        return self._sim.spec if self._sim is not None else self._spec

    def to_json(self) -> dict:
        """The fully resolved model (defaults filled in), as in the summary of `lamina run`."""
        return json.loads(_core.model_to_json(self.spec))

    def positions(self, population: Union[str, Population]):
        """Positions [size, 2] (x, y in um) of a population's neurons from its model-file `layout`,
        the ones its regions and virtual MEA use (docs/model-files.md, "Space")."""
        name = self._population_name(population, "positions", "population")
        return _core.neuron_positions(self.spec, name)

    def __getitem__(self, name: str) -> Population:
        try:
            return self.populations[name]
        except KeyError:
            raise _core.UnknownNameError(f'no population named "{name}" (populations: '
                                         f'{", ".join(self.populations)})') from None

    def _not_built(self, origin: str, what: str) -> None:
        if self._sim is not None:
            fail(origin, f"{what} after the first run() is not possible: the network is built. Between runs "
                         "you can change parameters and state (Population.set) and add stimuli")

    def _population_name(self, p, origin: str, key: str) -> str:
        name = p.name if isinstance(p, (Population,)) else p.population.name if isinstance(p, NeuronSet) else p
        if not isinstance(name, str):
            fail(f"{origin}: {key}", f"expected a population (or its name), got {type(p).__name__}")
        if name not in self.populations:
            fail(f"{origin}: {key}", f'no population named "{name}" (populations: {", ".join(self.populations)})',
                 _core.UnknownNameError)
        return name

    def population(self, name: str, size: int, model: str, **values) -> Population:
        """Adds a population of `size` neurons of `model` (see lamina.models()). Keyword arguments
        set parameters (constants) and initial state (constants or distributions), with units as
        strings or numbers in canonical units: ``tau_m="20 ms"``, ``V_m=uniform("0 mV", "20 mV")``."""
        origin = caller_origin()
        self._not_built(origin, "adding a population")
        ctx = f"populations.{name}"
        if name in self.populations:
            fail(f"{origin}: {ctx}", f"population {name} is defined twice", _core.InputError)
        info = _core.find_neuron_model(model)
        if info is None:
            known = ", ".join(m.name for m in _core.neuron_models())
            fail(f"{origin}: {ctx}.model", f'unknown neuron model "{model}" (known: {known}; `lamina models` '
                                           "lists them with their parameters)", _core.UnknownNameError)
        p = _core.PopulationSpec()
        p.name = name
        p.model = model
        p.origin = origin
        p.size = count(size, f"{origin}: {ctx}.size")
        if p.size == 0:
            fail(f"{origin}: {ctx}.size", "a population needs at least one neuron")
        params, drawn, initial, quantiles = {}, {}, {}, set()
        for key, value in values.items():
            kind, dim = self._classify(info, key, f"{origin}: {ctx}.{key}")
            where = f"{origin}: {ctx}.{key}"
            if kind == "parameter" and isinstance(value, Distribution):
                drawn[key] = distributed(value, dim, where, quantiles_allowed=True)  # one value per neuron
                if value.sampling == "quantiles":
                    quantiles.add(key)
            elif kind == "parameter":
                params[key] = quantity(value, dim, where)
            else:
                initial[key] = distributed(value, dim, where)
        p.params = params
        p.param_distributions = drawn
        p.quantile_parameters = quantiles
        p.initial = initial
        # Ordered by name, as a model file orders its [populations.*] tables: the order sets the
        # neurons' global ids, which key their random streams, so a network written in either
        # form gives the same spikes whatever order its populations were written in.
        self._spec.populations = sorted(self._spec.populations + [p], key=lambda x: x.name)
        handle = Population(self, name, p.size, model)
        self.populations[name] = handle
        return handle

    @staticmethod
    def _classify(info: _core.NeuronModelInfo, key: str, where: str):
        for x in info.parameters:
            if x.name == key:
                return "parameter", x.dim
        for x in info.state:
            if x.name == key:
                return "state", x.dim
        known = ", ".join([x.name for x in info.parameters] + [x.name for x in info.state])
        fail(where, f'model {info.name} has no parameter "{key}" (its parameters and state: {known})',
             _core.UnknownNameError)

    def _weight_dim(self, target: str) -> _core.Dimension:
        return _core.find_neuron_model(self.populations[target].model).weight_dim

    def connect(self, pre: Target, post: Target, rule: Rule, weight, delay, *,
                receptor: Optional[str] = None, synapse: Union[None, str, dict] = None,
                name: Optional[str] = None) -> None:
        """Connects every population of `pre` to every population of `post` by `rule`
        (FixedIndegree(k), FixedOutdegree(k), PairwiseBernoulli(p), FixedTotalNumber(n), OneToOne(),
        AllToAll()). `weight` is in the target model's weight unit (mV, pA or nS; its sign chooses
        the excitatory or inhibitory input unless `receptor` names one of the target model's
        receptors, e.g. "NMDA"), `delay` a time; either may be a distribution. synapse: a synapse
        model (`lamina.synapse_models()`) as a dict, e.g. {"model": "stdp", "tau_plus": "20 ms",
        "w_max": "1 mV"} (a string is the older name of `receptor`). name: names the connection for
        weight recorders (default "source->target")."""
        origin = caller_origin()
        self._not_built(origin, "connecting")
        if not isinstance(rule, Rule):
            fail(f"{origin}: connections", f"rule must be a lamina connection rule such as FixedIndegree(100), "
                                           f"got {rule!r}")
        for src in _as_list(pre):
            for dst in _as_list(post):
                k = len(self._spec.connections)
                ctx = f"connections[{k}]"
                for x, key in ((src, "source"), (dst, "target")):
                    if isinstance(x, NeuronSet):
                        fail(f"{origin}: {ctx}.{key}", "connections join whole populations; a selection of "
                                                       "neurons is not possible here")
                c = _core.ConnectionSpec()
                c.origin = origin
                c.source = self._population_name(src, origin, f"{ctx}.source")
                c.target = self._population_name(dst, origin, f"{ctx}.target")
                rule.lower(c, f"{origin}: {ctx}")
                c.weight = distributed(weight, self._weight_dim(c.target), f"{origin}: {ctx}.weight")
                c.delay = distributed(delay, D.time, f"{origin}: {ctx}.delay")
                lower_synapse(c, receptor, synapse, name, len(_as_list(pre)) * len(_as_list(post)),
                              self._spec.connections, self.populations[c.target].model, self._weight_dim(c.target),
                              origin, f"{origin}: {ctx}")
                self._spec.add_connection(c)

    # ---- running -----------------------------------------------------------------------------

    @property
    def built(self) -> bool:
        return self._sim is not None

    @property
    def time(self) -> float:
        """Biological time reached (ms)."""
        return self._sim.time_ms if self._sim is not None else 0.0

    @property
    def simulation(self) -> _core.Simulation:
        """The underlying _core.Simulation (builds the network if needed)."""
        self.build()
        return self._sim

    def build(self, threads: Optional[int] = None) -> None:
        """Builds the network now (run() does it when needed). Raises InputError for an impossible
        description, naming the line of the script that made the offending call."""
        if self._sim is None:
            self._sim = _core.Simulation(self._spec, 0 if threads is None else count(threads, "threads"))

    def run(self, duration: Optional[Quantity] = None, *, progress=None, threads: Optional[int] = None) -> bool:
        """Simulates `duration` more (e.g. "1 s"), continuing from where the last run stopped.
        A network loaded from a model file runs for the file's simulation.duration by default.

        Runs in C++ with the GIL released, so other Python threads keep going. Ctrl-C (or a
        KeyboardInterrupt sent to the main thread) stops at the next epoch boundary and raises
        KeyboardInterrupt; the network stays consistent and a later run() continues it.
        From another thread, stop() ends the run early; run() then returns False.

        progress: True for a progress line on stderr, or a callable(t_ms, t_end_ms, wall_s).
        threads: worker threads, used when this run builds the network (default: the Network's).
        """
        origin = caller_origin()
        if duration is None:
            if not self._from_file:
                raise TypeError("run() needs a duration, e.g. net.run(\"1 s\")")
            ms = self._spec.simulation.duration
        else:
            ms = quantity(duration, D.time, f"{origin}: run duration")
        if not self._lock.acquire(blocking=False):
            raise RuntimeError("run() is already in progress in another thread")
        try:
            self.build(threads)
            self._spikes_cache = self._traces_cache = None
            callback = _progress_line if progress is True else (progress or None)
            main = threading.current_thread() is threading.main_thread()
            try:
                done = self._sim.run(ms, callback, 0.2, main)
            finally:
                self._spikes_cache = self._traces_cache = None
                if progress is True:
                    sys.stderr.write("\n")
            return done
        finally:
            self._lock.release()

    def stop(self) -> None:
        """Asks a run() in progress in another thread to stop at the next epoch boundary (a run
        that has not started yet is not affected)."""
        if self._sim is not None:
            self._sim.request_stop()

    def _set(self, pop: Population, origin: str, values: dict, neurons) -> None:
        info = pop.info
        for key, value in values.items():
            where = f"{origin}: populations.{pop.name}.{key}"
            kind, dim = self._classify(info, key, where)
            if self._sim is None:
                spec = self._find_population_spec(pop.name)
                if kind == "parameter":
                    if neurons is not None:
                        fail(where, f"parameter {key} is shared by the population; it cannot be set per neuron")
                    params, drawn, quantiles = spec.params, spec.param_distributions, spec.quantile_parameters
                    params.pop(key, None)
                    drawn.pop(key, None)
                    quantiles.discard(key)
                    if isinstance(value, Distribution):
                        drawn[key] = distributed(value, dim, where, quantiles_allowed=True)
                        if value.sampling == "quantiles":
                            quantiles.add(key)
                    else:
                        params[key] = quantity(value, dim, where)
                    spec.params, spec.param_distributions = params, drawn
                    spec.quantile_parameters = quantiles
                else:
                    if neurons is not None:
                        fail(where, "per-neuron state can be set between runs; before the first run give a "
                                    "distribution (e.g. V_m=uniform(...)) or a constant")
                    initial = spec.initial
                    initial[key] = distributed(value, dim, where)
                    spec.initial = initial
                self._replace_population_spec(spec)
            else:
                if isinstance(value, Distribution):
                    fail(where, f"{key} can be drawn per neuron only before the first run; between runs give one value")
                v = quantity(value, dim, where)
                if kind == "parameter":
                    if neurons is not None:
                        fail(where, f"parameter {key} is shared by the population; it cannot be set per neuron")
                    self._sim.set_parameter(pop.name, key, v)
                else:
                    self._sim.set_state(pop.name, key, v, [] if neurons is None else counts(neurons, where))

    def _find_population_spec(self, name: str) -> _core.PopulationSpec:
        for p in self._spec.populations:
            if p.name == name:
                return p
        raise _core.UnknownNameError(f'no population named "{name}"')

    def _replace_population_spec(self, spec: _core.PopulationSpec) -> None:
        pops = self._spec.populations
        self._spec.populations = [spec if p.name == spec.name else p for p in pops]

    # ---- results -----------------------------------------------------------------------------

    def _all_spikes(self) -> dict:
        if self._spikes_cache is None:
            self._spikes_cache = {p.population: p for p in self._sim.spikes()} if self._sim is not None else {}
        return self._spikes_cache

    def _traces(self) -> list:
        if self._traces_cache is None:
            self._traces_cache = self._sim.traces() if self._sim is not None else []
        return self._traces_cache

    def spikes(self, population: Union[str, Population]) -> Spikes:
        """Recorded spikes of one population since time 0: ``t, ids = net.spikes("E")``."""
        name = population.name if isinstance(population, Population) else population
        recorded = {n for r in self.spec.recorders if r.kind == _core.RecorderKind.spikes for n in r.populations}
        if name not in recorded:
            raise _core.UnknownNameError(f'spikes of population "{name}" are not recorded; '
                                         "add it to record_spikes() before the first run")
        size = self.populations[name].size
        p = self._all_spikes().get(name)
        if p is None:
            return Spikes(np.zeros(0), np.zeros(0, dtype=np.uint64), size, 0.0, self.time, name)
        return Spikes(p.times, p.node_ids, size, 0.0, self.time, name)

    def save(self, out_dir: str) -> None:
        """Writes spikes.h5 (SONATA spike report) and, if any, traces.h5 and weights.h5, as `lamina run`
        does."""
        import os
        os.makedirs(out_dir, exist_ok=True)
        # With the window and population sizes in the file, readers know of silent neurons and of
        # the simulated time (as for `lamina run`).
        spikes = [self._all_spikes().get(n) or _EmptySpikes(n, self.populations[n].size)
                  for r in self.spec.recorders if r.kind == _core.RecorderKind.spikes for n in r.populations]
        unique = list({s.population: s for s in spikes}.values())
        _core.write_spike_report(os.path.join(out_dir, "spikes.h5"), unique, 0.0, self.time)
        traces = self._traces()
        if traces:
            _core.write_traces(os.path.join(out_dir, "traces.h5"), list(traces))
        weights = self._sim.weights() if self._sim is not None else []
        if weights:
            _core.write_weights(os.path.join(out_dir, "weights.h5"), list(weights))

    def __repr__(self) -> str:
        pops = ", ".join(f"{p.name}: {p.size} {p.model}" for p in self.populations.values())
        state = f"at {self.time:g} ms" if self.built else "not built"
        return f"Network({pops}; dt {self.dt:g} ms, seed {self.seed}; {state})"


class _EmptySpikes:
    """A recorded population without spikes, for write_spike_report."""

    def __init__(self, population: str, size: int):
        self.population, self.size = population, size
        self.times, self.node_ids = np.zeros(0), np.zeros(0, dtype=np.uint64)


def _progress_line(t_ms: float, t_end_ms: float, wall_s: float) -> None:
    speed = (t_ms / 1000.0) / wall_s if wall_s > 0 else math.inf
    sys.stderr.write(f"\r  {t_ms:10.1f} / {t_end_ms:.1f} ms  {wall_s:6.1f} s  ({speed:.3g} s biological per s)")
    sys.stderr.flush()


def _toml_value(v) -> str:
    """A Python value in TOML syntax, for load(set=...)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, numbers.Integral):
        return str(int(v))
    if isinstance(v, numbers.Real):
        f = float(v)
        return "nan" if math.isnan(f) else ("inf" if f == math.inf else "-inf" if f == -math.inf else repr(f))
    if isinstance(v, str):
        return json.dumps(v)  # a JSON string is a valid TOML basic string
    if isinstance(v, Distribution):
        return v.to_toml(_toml_value)
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{json.dumps(str(k))} = {_toml_value(x)}" for k, x in v.items()) + " }"
    if isinstance(v, (list, tuple, np.ndarray)):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    raise TypeError(f"cannot write a {type(v).__name__} as a model-file value")


def load(path: str, set: Optional[Dict[str, object]] = None, *, threads: Optional[int] = None) -> Network:
    """Loads a model file (TOML with units) into a Network. `set` overrides keys as `--set` does on
    the command line: ``load("brunel.toml", set={"populations.E.size": 2000, "simulation.seed": 7})``.
    Values are Python values (numbers, strings such as "20 ms", lists, distributions)."""
    overrides = [f"{k}={_toml_value(v)}" for k, v in (set or {}).items()]
    spec = _core.load_model_file(str(path), overrides)
    if threads is not None:
        s = spec.simulation
        s.threads = count(threads, "threads")
        spec.simulation = s
    return Network(_spec=spec)
