"""Handles a Network gives out: populations and selections of their neurons, recorders, and the
spikes they return. Results are numpy arrays that own the simulator's buffers (no second copy)."""
from __future__ import annotations

import numbers
from typing import TYPE_CHECKING, Iterable, List, Optional, Sequence, Union

import numpy as np

from . import _core
from ._quantities import Quantity, caller_origin, counts

if TYPE_CHECKING:
    from .network import Network

class Spikes(tuple):
    """Spikes of one population: unpacks as ``(times, ids)`` (numpy arrays; times in ms, ids the
    neurons' indices within the population, sorted by time then id) and also carries the population
    size (``n_units``) and the observation window (``t_start``, ``t_stop`` in ms), which the
    lamina.analysis functions use when given a Spikes object."""

    def __new__(cls, times, ids, n_units: int, t_start: float, t_stop: float, population: str = ""):
        self = super().__new__(cls, (times, ids))
        self.n_units = int(n_units)
        self.t_start = float(t_start)
        self.t_stop = float(t_stop)
        self.population = population
        return self

    @property
    def times(self) -> np.ndarray:
        return self[0]

    @property
    def ids(self) -> np.ndarray:
        return self[1]

    def trains(self) -> _core.SpikeTrains:
        """As SpikeTrains (compressed rows per neuron) for the C++ analysis functions."""
        trains = _core.SpikeTrains.from_pairs(self[0], self[1], self.n_units, self.t_start, self.t_stop)
        if self.population:
            trains.names = [f"{self.population}:{i}" for i in range(self.n_units)]
        return trains

    def __repr__(self) -> str:
        return (f"Spikes({self.population or '?'}: {len(self[0])} spikes of {self.n_units} neurons in "
                f"[{self.t_start:g}, {self.t_stop:g}] ms)")


class NeuronSet:
    """Some neurons of a population (``E[:100]``, ``E[[0, 5, 9]]``), as targets of stimuli and
    state recorders."""

    def __init__(self, population: "Population", neurons: List[int]):
        self.population = population
        self.neurons = neurons

    def __len__(self) -> int:
        return len(self.neurons)

    def __repr__(self) -> str:
        return f"NeuronSet({self.population.name}, {len(self.neurons)} neurons)"


class Population:
    """A handle to a population of a Network: its name, size and model; ``pop.set(...)`` changes
    parameters or state (before the first run, or between runs); ``pop[i:j]`` selects neurons."""

    def __init__(self, network: "Network", name: str, size: int, model: str):
        self.network = network
        self.name = name
        self.size = size
        self.model = model

    def __len__(self) -> int:
        return self.size

    def __repr__(self) -> str:
        return f"Population({self.name!r}, {self.size}, {self.model!r})"

    def __getitem__(self, index) -> NeuronSet:
        if isinstance(index, slice):
            return NeuronSet(self, list(range(self.size))[index])
        if isinstance(index, numbers.Integral):
            i = int(index)
            if not -self.size <= i < self.size:
                raise IndexError(f"neuron {i} is outside population {self.name} ({self.size} neurons)")
            return NeuronSet(self, [i % self.size])
        ids = counts(index, f"{self.name}[...]")
        for i in ids:
            if i >= self.size:
                raise IndexError(f"neuron {i} is outside population {self.name} ({self.size} neurons)")
        return NeuronSet(self, ids)

    @property
    def info(self) -> _core.NeuronModelInfo:
        return _core.find_neuron_model(self.model)

    def set(self, **values) -> None:
        """Sets model parameters and state variables (every neuron), e.g. ``E.set(I_e="150 pA")``.
        Before the first run, parameters and state values may be distributions
        (``E.set(V_th=uniform("-56 mV", "-54 mV"))``: a value drawn per neuron).
        Between runs the change takes effect from the current time on."""
        self.network._set(self, caller_origin(), values, None)

    def parameter_values(self, name: str) -> np.ndarray:
        """A parameter's value for each neuron, in its canonical unit (mV, pA, nS, pF, ms): drawn per
        neuron where it was given as a distribution (``E.set(I_e=normal("300 pA", "40 pA"))``),
        else the shared value repeated. Builds the network if needed."""
        return np.asarray(self.network.simulation.parameter_values(self.name, name))

    def set_state(self, name: str, value: Quantity, neurons: Optional[Iterable[int]] = None) -> None:
        """Sets a state variable (e.g. V_m) of some neurons (all when None) between runs."""
        self.network._set(self, caller_origin(), {name: value}, None if neurons is None else list(neurons))


Target = Union[Population, NeuronSet, str, Sequence[Union[Population, NeuronSet, str]]]


class SpikeRecorder:
    """Records the spikes of some populations; ``rec.spikes("E")`` returns them."""

    def __init__(self, network: "Network", populations: List[str]):
        self.network = network
        self.populations = populations

    def spikes(self, population: Union[str, Population, None] = None) -> Spikes:
        """Spikes of one population (the only one when the recorder has one) since time 0."""
        if population is None:
            if len(self.populations) != 1:
                raise TypeError(f"this recorder records {', '.join(self.populations)}; say which")
            name = self.populations[0]
        else:
            name = population.name if isinstance(population, Population) else str(population)
        if name not in self.populations:
            raise _core.UnknownNameError(f'population "{name}" is not recorded by this recorder '
                                         f'(it records: {", ".join(self.populations)})')
        return self.network.spikes(name)

    def __repr__(self) -> str:
        return f"SpikeRecorder({', '.join(self.populations)})"


class StateRecorder:
    """Records state variables of some neurons at a fixed interval."""

    def __init__(self, network: "Network", population: str, variables: List[str], neurons: List[int], index: int):
        self.network = network
        self.population = population
        self.variables = variables
        self.neurons = neurons
        self._index = index

    def trace(self, variable: Optional[str] = None):
        """``(times, values)``: sample times in ms and values[sample, neuron] in the canonical unit."""
        if variable is None:
            if len(self.variables) != 1:
                raise TypeError(f"this recorder records {', '.join(self.variables)}; say which")
            variable = self.variables[0]
        if variable not in self.variables:
            raise _core.UnknownNameError(f'variable "{variable}" is not recorded by this recorder '
                                         f'(it records: {", ".join(self.variables)})')
        for t in self.network._traces():
            if t.population == self.population and t.variable == variable and \
                    list(t.node_ids) == list(self.neurons):
                return t.times, t.values
        return np.zeros(0), np.zeros((0, len(self.neurons)))

    def __repr__(self) -> str:
        return f"StateRecorder({self.population}: {', '.join(self.variables)} of {len(self.neurons)} neurons)"


class WeightRecorder:
    """Records the weights of a plastic connection at a fixed interval."""

    def __init__(self, network: "Network", connection: str, index: int):
        self.network = network
        self.connection = connection
        self._index = index

    def weights(self) -> "_core.WeightTrace":
        """The recording: ``.times`` (ms), ``.values[sample, synapse]`` (signed, in the target
        model's weight unit), ``.mean`` per sample (over all the connection's synapses), and
        ``.sources``/``.targets`` (indices within the populations) per synapse."""
        if self.network._sim is None:
            raise RuntimeError("the network has not run yet")
        # The simulation returns one recording per weights recorder, in the order they were added.
        position = sum(1 for r in self.network.spec.recorders[:self._index] if r.kind == _core.RecorderKind.weights)
        return self.network._sim.weights()[position]

    def __repr__(self) -> str:
        return f"WeightRecorder({self.connection})"
