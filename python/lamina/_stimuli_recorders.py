"""Stimuli and recorders of a Network: the inputs it receives and what it records.

StimuliAndRecorders is a part of Network (its base class), kept apart so that each file holds one
idea: the methods here build StimulusSpec and RecorderSpec entries in canonical units, before the
first run() or (stimuli only) between runs. They use Network's _spec, _sim, _not_built,
_population_name and _weight_dim.
"""
from __future__ import annotations

from typing import Optional, Union

from . import _core
from ._quantities import Quantity, caller_origin, counts, fail, quantities, quantity
from .handles import NeuronSet, Population, SpikeRecorder, StateRecorder, Target, WeightRecorder

D = _core.Dimension


def _receptor(receptor, synapse, model: str, where: str) -> Optional[str]:
    """The receptor a connection or stimulus names (`receptor="NMDA"`, or the older
    `synapse="excitatory"`), checked against the target model's receptors; None: by the weight's sign."""
    if receptor is not None and synapse is not None:
        fail(f"{where}.synapse", 'give the receptor once: receptor="..." (synapse="..." is its older name)')
    name, key = (receptor, "receptor") if receptor is not None else (synapse, "synapse")
    if name is None:
        return None
    if not isinstance(name, str):
        fail(f"{where}.{key}", f"expected a receptor name such as \"excitatory\", got {name!r}")
    info = _core.find_neuron_model(model)
    names = [r.name for r in info.receptors]
    if name in names or name in ("excitatory", "inhibitory"):
        return name
    choices = ", ".join(f'"{n}"' for n in names[:-1]) + f' or "{names[-1]}"'
    if names[:2] != ["excitatory", "inhibitory"]:
        choices += f' ("excitatory" = {names[0]}, "inhibitory" = {names[1]})'
    fail(f"{where}.{key}", f'unknown receptor for model {model}: expected {choices}, got "{name}"')


def _as_list(x) -> list:
    if isinstance(x, (Population, NeuronSet, str)):
        return [x]
    return list(x)


class StimuliAndRecorders:
    """The stimulus and recorder methods of Network (see network.py)."""

    # ---- stimuli -----------------------------------------------------------------------------

    def _stimuli(self, targets: Target, origin: str, fill) -> None:
        for t in _as_list(targets):
            k = len(self.spec.stimuli)
            ctx = f"{origin}: stimuli[{k}]"
            s = _core.StimulusSpec()
            s.origin = origin
            s.target = self._population_name(t, origin, f"stimuli[{k}].target")
            if isinstance(t, NeuronSet):
                s.neurons = t.neurons
            fill(s, ctx)
            if self._sim is not None:
                self._sim.add_stimulus(s)
            else:
                self._spec.add_stimulus(s)

    @staticmethod
    def _window(s, ctx, start, stop, neurons):
        if start is not None:
            s.start = quantity(start, D.time, f"{ctx}.start")
        if stop is not None:
            s.stop = quantity(stop, D.time, f"{ctx}.stop")
        if neurons is not None:
            s.neurons = counts(neurons, f"{ctx}.neurons")

    def poisson_input(self, targets: Target, rate: Quantity, weight: Quantity, *, start=None, stop=None,
                      neurons=None, receptor: Optional[str] = None, synapse: Optional[str] = None) -> None:
        """Independent Poisson spike trains of `rate` into each target neuron, each spike of
        `weight` (the target model's weight unit) onto `receptor` (default: by the weight's sign;
        `synapse` is its older name). Times are absolute (ms from 0)."""
        origin = caller_origin()

        def fill(s, ctx):
            s.kind = _core.StimulusKind.poisson
            s.rate = quantity(rate, D.frequency, f"{ctx}.rate")
            s.weight = quantity(weight, self._weight_dim(s.target), f"{ctx}.weight")
            s.receptor = _receptor(receptor, synapse, self.populations[s.target].model, ctx)
            self._window(s, ctx, start, stop, neurons)

        self._stimuli(targets, origin, fill)

    def dc_input(self, targets: Target, amplitude: Quantity, *, start=None, stop=None, neurons=None) -> None:
        """A constant current into each target neuron from `start` to `stop` (absolute times)."""
        origin = caller_origin()

        def fill(s, ctx):
            s.kind = _core.StimulusKind.dc
            s.amplitude = quantity(amplitude, D.current, f"{ctx}.amplitude")
            self._window(s, ctx, start, stop, neurons)

        self._stimuli(targets, origin, fill)

    def step_current(self, targets: Target, times, amplitudes, *, neurons=None) -> None:
        """A piecewise-constant current: amplitudes[k] from times[k] on (absolute times)."""
        origin = caller_origin()

        def fill(s, ctx):
            s.kind = _core.StimulusKind.step_current
            s.times = quantities(times, D.time, f"{ctx}.times")
            s.amplitudes = quantities(amplitudes, D.current, f"{ctx}.amplitudes")
            self._window(s, ctx, None, None, neurons)

        self._stimuli(targets, origin, fill)

    def ou_noise_input(self, targets: Target, *, std: Quantity, tau: Quantity, mean: Quantity = "0 pA",
                       start=None, stop=None, neurons=None, shared: Union[bool, str] = False) -> None:
        """An Ornstein-Uhlenbeck current into each target neuron, independent per neuron: mean
        `mean`, stationary standard deviation `std`, correlation time `tau` (NEST's
        ou_noise_generator), from `start` to `stop` (absolute times). shared=True: one current per
        target population (each listed population is a stimulus of its own), the same for every
        neuron of that population (a common fluctuation); `ou_noise_input([E1, E2], shared=True)`
        gives E1 and E2 two independent currents. shared="name": one unit process z(t) for every
        ou_noise stimulus with that name, in this call or another (which may give another mean and
        std but must give the same tau, start and stop); each injects its own mean + std z(t), so
        `ou_noise_input([E1, E2], shared="slow")` gives E1 and E2 perfectly correlated currents."""
        origin = caller_origin()

        def fill(s, ctx):
            s.kind = _core.StimulusKind.ou_noise
            s.mean = quantity(mean, D.current, f"{ctx}.mean")
            s.std = quantity(std, D.current, f"{ctx}.std")
            s.tau = quantity(tau, D.time, f"{ctx}.tau")
            if isinstance(shared, str):
                if not shared:
                    fail(f"{ctx}.shared", "expected true, false or a process name, got an empty string")
                s.shared, s.shared_process = True, shared
            elif isinstance(shared, bool):
                s.shared = shared
            else:
                fail(f"{ctx}.shared", f"expected true, false or a process name, got {shared!r}")
            self._window(s, ctx, start, stop, neurons)

        self._stimuli(targets, origin, fill)

    def spike_input(self, targets: Target, times, weight: Quantity, delay: Quantity, *, neurons=None,
                    receptor: Optional[str] = None, synapse: Optional[str] = None) -> None:
        """Input spikes at the given absolute times into each target neuron, arriving after `delay`
        at `receptor` (default: by the weight's sign; `synapse` is its older name)."""
        origin = caller_origin()

        def fill(s, ctx):
            s.kind = _core.StimulusKind.spike_times
            s.times = quantities(times, D.time, f"{ctx}.times")
            s.weight = quantity(weight, self._weight_dim(s.target), f"{ctx}.weight")
            s.delay = quantity(delay, D.time, f"{ctx}.delay")
            s.receptor = _receptor(receptor, synapse, self.populations[s.target].model, ctx)
            self._window(s, ctx, None, None, neurons)

        self._stimuli(targets, origin, fill)

    # ---- recording ---------------------------------------------------------------------------

    def _recorder_handle(self, r: _core.RecorderSpec, index: int):
        if r.kind in (_core.RecorderKind.spikes, _core.RecorderKind.mea):
            # A virtual MEA records its populations' spikes; lamina run samples them into an MEA file.
            return SpikeRecorder(self, list(r.populations))
        if r.kind == _core.RecorderKind.weights:
            return WeightRecorder(self, r.connection, index)
        return StateRecorder(self, r.populations[0], list(r.variables), list(r.neurons), index)

    def record_weights(self, connection: str, targets=None, interval: Quantity = "1 ms") -> WeightRecorder:
        """Records the weights of a plastic connection (named with connect(..., name=...), or
        "source->target") every `interval`, with the connection's mean weight: the synapses onto
        `targets` (indices within the target population), or all of them."""
        origin = caller_origin()
        self._not_built(origin, "adding a recorder")
        k = len(self._spec.recorders)
        ctx = f"{origin}: recorders[{k}]"
        r = _core.RecorderSpec()
        r.origin = origin
        r.kind = _core.RecorderKind.weights
        if not isinstance(connection, str):
            fail(f"{ctx}.connection", f'expected a connection name or "source->target", got {connection!r}')
        labels = [c.label for c in self._spec.connections]
        if connection not in labels:
            fail(f"{ctx}.connection", f'no connection "{connection}" (connections: {", ".join(labels) or "none"})',
                 _core.UnknownNameError)
        r.connection = connection
        if targets is not None:
            r.neurons = counts(targets, f"{ctx}.targets")
        r.interval = quantity(interval, D.time, f"{ctx}.interval")
        self._spec.add_recorder(r)
        handle = self._recorder_handle(r, k)
        self.recorders.append(handle)
        return handle

    def record_spikes(self, populations: Target) -> SpikeRecorder:
        """Records the spikes of these populations (all their neurons)."""
        origin = caller_origin()
        self._not_built(origin, "adding a recorder")
        k = len(self._spec.recorders)
        r = _core.RecorderSpec()
        r.origin = origin
        r.kind = _core.RecorderKind.spikes
        names = []
        for p in _as_list(populations):
            if isinstance(p, NeuronSet):
                fail(f"{origin}: recorders[{k}].populations", "spike recorders take whole populations")
            names.append(self._population_name(p, origin, f"recorders[{k}].populations"))
        r.populations = names
        self._spec.add_recorder(r)
        handle = self._recorder_handle(r, k)
        self.recorders.append(handle)
        return handle

    def record_state(self, target: Union[Population, NeuronSet, str], variables, neurons=None,
                     interval: Optional[Quantity] = None) -> StateRecorder:
        """Records state variables (e.g. "V_m" or ["V_m", "g_ex"]) of some neurons of one population
        every `interval` (default: dt). `target` may be a selection such as ``E[:5]``."""
        origin = caller_origin()
        self._not_built(origin, "adding a recorder")
        k = len(self._spec.recorders)
        ctx = f"{origin}: recorders[{k}]"
        r = _core.RecorderSpec()
        r.origin = origin
        r.kind = _core.RecorderKind.state
        r.populations = [self._population_name(target, origin, f"recorders[{k}].population")]
        r.variables = [variables] if isinstance(variables, str) else list(variables)
        if neurons is not None:
            r.neurons = counts(neurons, f"{ctx}.neurons")
        elif isinstance(target, NeuronSet):
            r.neurons = target.neurons
        else:
            fail(f"{ctx}.neurons", "say which neurons to record, e.g. neurons=[0, 1, 2] or E[:3]")
        r.interval = self.dt if interval is None else quantity(interval, D.time, f"{ctx}.interval")
        self._spec.add_recorder(r)
        handle = self._recorder_handle(r, k)
        self.recorders.append(handle)
        return handle
