"""Type stubs of lamina._core, the compiled half of the lamina package (pybind11).

Kept by hand; tests/python/test_stubs.py checks them against the built module (names, parameters,
defaults, read-only vs writable attributes)."""
from typing import Callable, ClassVar, Dict, Iterator, List, Optional, Set, Tuple

import numpy
from numpy.typing import NDArray

from . import analysis as analysis
from . import figures as figures
from . import rate as rate
from . import rate_theory as rate_theory
from . import training as training
from . import report as report

__version__: str

class Error(RuntimeError): ...
class InputError(ValueError): ...
class UnknownNameError(InputError, KeyError): ...
class FileError(InputError): ...
class Dimension:
    """Physical dimensions of lamina's quantities and their canonical units."""
    dimensionless: ClassVar[Dimension]
    time: ClassVar[Dimension]
    voltage: ClassVar[Dimension]
    current: ClassVar[Dimension]
    conductance: ClassVar[Dimension]
    capacitance: ClassVar[Dimension]
    frequency: ClassVar[Dimension]
    resistance: ClassVar[Dimension]
    length: ClassVar[Dimension]
    def __init__(self, value: int) -> None: ...
    @property
    def name(self) -> str: ...
    @property
    def value(self) -> int: ...
    def __int__(self) -> int: ...
    def __index__(self) -> int: ...

def canonical_unit(dim: Dimension) -> str:
    """The canonical unit symbol of a dimension ('ms', 'mV', ..., '' for dimensionless)."""

def dimension_name(dim: Dimension) -> str:
    """A readable name of a dimension ('time', 'voltage', ...)."""

def parse_quantity(text: str) -> Tuple[float, Dimension]:
    """Parses '<number> <unit>' into (value in the canonical unit, Dimension). Raises InputError."""

def parse_quantity_as(text: str, expected: Dimension, where: str) -> float:
    """Parses text, checks its dimension and returns the canonical value; `where` prefixes error messages."""

def format_quantity(value: float, dim: Dimension) -> str:
    """Formats a canonical value with its unit, e.g. '20 ms'."""

class DistributionKind:
    """Shape of a distributed value."""
    constant: ClassVar[DistributionKind]
    uniform: ClassVar[DistributionKind]
    normal: ClassVar[DistributionKind]
    lognormal: ClassVar[DistributionKind]
    exponential: ClassVar[DistributionKind]
    def __init__(self, value: int) -> None: ...
    @property
    def name(self) -> str: ...
    @property
    def value(self) -> int: ...
    def __int__(self) -> int: ...
    def __index__(self) -> int: ...

class Distribution:
    """A value that is a constant or drawn per element (canonical units). a: constant, uniform low, (log)normal mean, exponential mean; b: uniform high, (log)normal std; optional truncation [min, max]."""
    def __init__(self, kind: DistributionKind = ..., a: float = 0.0, b: float = 0.0, min: Optional[float] = None, max: Optional[float] = None) -> None: ...
    @staticmethod
    def constant(value: float) -> Distribution: ...
    kind: DistributionKind
    a: float
    b: float
    min: Optional[float]
    max: Optional[float]
    def is_constant(self) -> bool: ...

class ConnectionRule:
    fixed_indegree: ClassVar[ConnectionRule]
    fixed_outdegree: ClassVar[ConnectionRule]
    pairwise_bernoulli: ClassVar[ConnectionRule]
    fixed_total_number: ClassVar[ConnectionRule]
    one_to_one: ClassVar[ConnectionRule]
    all_to_all: ClassVar[ConnectionRule]
    def __init__(self, value: int) -> None: ...
    @property
    def name(self) -> str: ...
    @property
    def value(self) -> int: ...
    def __int__(self) -> int: ...
    def __index__(self) -> int: ...

class StimulusKind:
    poisson: ClassVar[StimulusKind]
    dc: ClassVar[StimulusKind]
    step_current: ClassVar[StimulusKind]
    spike_times: ClassVar[StimulusKind]
    ou_noise: ClassVar[StimulusKind]
    def __init__(self, value: int) -> None: ...
    @property
    def name(self) -> str: ...
    @property
    def value(self) -> int: ...
    def __int__(self) -> int: ...
    def __index__(self) -> int: ...

class RecorderKind:
    spikes: ClassVar[RecorderKind]
    state: ClassVar[RecorderKind]
    weights: ClassVar[RecorderKind]
    mea: ClassVar[RecorderKind]
    def __init__(self, value: int) -> None: ...
    @property
    def name(self) -> str: ...
    @property
    def value(self) -> int: ...
    def __int__(self) -> int: ...
    def __index__(self) -> int: ...

class SimulationSpec:
    """[simulation]: dt and duration in ms, seed, threads."""
    def __init__(self) -> None: ...
    dt: float
    duration: float
    seed: int
    threads: int
    min_neuron_steps_per_thread: int
    origin: str

class PopulationSpec:
    """[populations.<name>]: model, size, parameters (canonical units) and initial state."""
    def __init__(self) -> None: ...
    name: str
    model: str
    size: int
    params: Dict[str, float]
    param_distributions: Dict[str, Distribution]
    quantile_parameters: Set[str]
    initial: Dict[str, Distribution]
    origin: str

class SynapseSpec:
    """A connection's synapse model ("static", "tsodyks_markram", "stdp", ...) and the parameters that differ from its defaults (canonical units)."""
    def __init__(self) -> None: ...
    model: str
    params: Dict[str, float]
    origin: str

class ConnectionSpec:
    """[[connections]]: a projection between two populations."""
    def __init__(self) -> None: ...
    name: str
    synapse: SynapseSpec
    @property
    def label(self) -> str: ...
    source: str
    target: str
    rule: ConnectionRule
    indegree: int
    outdegree: int
    total: int
    probability: float
    allow_autapses: bool
    allow_multapses: bool
    weight: Distribution
    delay: Distribution
    receptor: Optional[str]
    origin: str

class StimulusSpec:
    """[[stimuli]]: Poisson input, DC, step current, spike times or OU noise into a population."""
    def __init__(self) -> None: ...
    kind: StimulusKind
    target: str
    neurons: List[int]
    rate: float
    weight: float
    delay: float
    amplitude: float
    times: List[float]
    amplitudes: List[float]
    mean: float
    std: float
    tau: float
    shared: bool
    shared_process: str
    start: float
    stop: Optional[float]
    receptor: Optional[str]
    origin: str

class RecorderSpec:
    """[[recorders]]: spikes of populations, or state of chosen neurons."""
    def __init__(self) -> None: ...
    kind: RecorderKind
    populations: List[str]
    variables: List[str]
    neurons: List[int]
    interval: float
    connection: str
    origin: str

class NetworkSpec:
    """A whole network description in canonical units, as a model file or the Python API gives it. List properties return copies; use the add_* methods to append."""
    def __init__(self) -> None: ...
    simulation: SimulationSpec
    populations: List[PopulationSpec]
    connections: List[ConnectionSpec]
    stimuli: List[StimulusSpec]
    recorders: List[RecorderSpec]
    source: str
    def add_population(self, population: PopulationSpec) -> None: ...
    def add_connection(self, connection: ConnectionSpec) -> None: ...
    def add_stimulus(self, stimulus: StimulusSpec) -> None: ...
    def add_recorder(self, recorder: RecorderSpec) -> None: ...
    def to_json(self) -> str:
        """The fully resolved model as JSON text (as in summary.json)."""

def load_model_file(path: str, overrides: List[str] = ...) -> NetworkSpec:
    """Reads and validates a model file; overrides are '--set' strings such as 'populations.E.size=2000'."""

def parse_model(text: str, source_name: str, overrides: List[str] = ...) -> NetworkSpec:
    """Parses model-file text; source_name stands for the file name in messages."""

def model_to_json(spec: NetworkSpec) -> str:
    """The fully resolved model as JSON text."""

def neuron_positions(spec: NetworkSpec, population: str) -> NDArray[numpy.float64]:
    """Positions [size, 2] (x, y in um) of the neurons of `population` from its layout, as the regions and virtual MEAs of a run see them; raises InputError when it has no layout."""

class NetworkEstimate:
    """What validate() found: sizes and the memory estimate."""
    @property
    def neurons(self) -> int: ...
    @property
    def synapses(self) -> float: ...
    @property
    def memory_bytes(self) -> float: ...

def validate(spec: NetworkSpec) -> NetworkEstimate:
    """Runs every check of building the network without generating synapses; raises InputError."""

def version() -> str:
    """lamina's version string."""

class ParameterInfo:
    """A model parameter or state variable: name, dimension, default."""
    @property
    def name(self) -> str: ...
    @property
    def dim(self) -> Dimension: ...
    @property
    def default(self) -> float: ...
    @property
    def doc(self) -> str: ...

class ReceptorInfo:
    """A receptor port of a neuron model: name, sign convention, doc."""
    @property
    def name(self) -> str: ...
    @property
    def inhibitory(self) -> bool: ...
    @property
    def doc(self) -> str: ...

class NeuronModelInfo:
    """A neuron model of the catalog."""
    @property
    def name(self) -> str: ...
    @property
    def summary(self) -> str: ...
    @property
    def reference(self) -> str: ...
    @property
    def weight_dim(self) -> Dimension: ...
    @property
    def parameters(self) -> List[ParameterInfo]: ...
    @property
    def state(self) -> List[ParameterInfo]: ...
    @property
    def receptors(self) -> List[ReceptorInfo]: ...

class DeviceModelInfo:
    """A stimulus device kind and its keys."""
    @property
    def name(self) -> str: ...
    @property
    def summary(self) -> str: ...
    @property
    def parameters(self) -> List[ParameterInfo]: ...

class SynapseParameterInfo(ParameterInfo):
    """A synapse-model parameter; in_weight_unit: in the target model's weight unit (dim is then dimensionless)."""
    @property
    def in_weight_unit(self) -> bool: ...

class SynapseModelInfo:
    """A synapse model (short- or long-term plasticity)."""
    @property
    def name(self) -> str: ...
    @property
    def summary(self) -> str: ...
    @property
    def reference(self) -> str: ...
    @property
    def short_term(self) -> bool: ...
    @property
    def parameters(self) -> List[SynapseParameterInfo]: ...

def synapse_models() -> List[SynapseModelInfo]:
    """Every synapse model besides "static", in registration order."""

def find_synapse_model(name: str) -> Optional[SynapseModelInfo]:
    """The synapse model called `name` ("static" included), or None."""

def neuron_models() -> List[NeuronModelInfo]:
    """Every neuron model, in registration order."""

def device_models() -> List[DeviceModelInfo]:
    """Every stimulus device kind."""

def find_neuron_model(name: str) -> Optional[NeuronModelInfo]:
    """The neuron model called `name`, or None."""

class SpikeTrains:
    """Spike trains of many units in compressed rows: unit u's times (ms, sorted) are times[offsets[u]:offsets[u+1]]. t_start/t_stop: the observation window (ms)."""
    def __init__(self) -> None: ...
    @staticmethod
    def from_pairs(times: NDArray[numpy.float64], ids: NDArray[numpy.uint64], n_units: int, t_start: float, t_stop: float) -> SpikeTrains:
        """Builds trains from (time, unit id) pairs in any order; ids in [0, n_units)."""
    def add_unit(self, times: NDArray[numpy.float64], name: str = '') -> None:
        """Appends one unit; its times must be sorted."""
    @property
    def times(self) -> NDArray[numpy.float64]: ...
    @property
    def offsets(self) -> NDArray[numpy.uint64]: ...
    def unit(self, u: int) -> NDArray[numpy.float64]:
        """Spike times of unit u (read-only view)."""
    def unit_ids(self) -> NDArray[numpy.uint64]:
        """The unit of each entry of `times`."""
    names: List[str]
    t_start: float
    t_stop: float
    @property
    def units(self) -> int: ...
    @property
    def total_spikes(self) -> int: ...
    @property
    def duration(self) -> float: ...
    def __len__(self) -> int: ...

class Recording:
    """A spike recording read from a file (or made from trains)."""
    def __init__(self, trains: SpikeTrains, format: str = 'python', metadata: Dict[str, str] = ..., positions: NDArray[numpy.float64] = ...) -> None: ...
    @property
    def trains(self) -> SpikeTrains: ...
    @property
    def format(self) -> str: ...
    @property
    def metadata(self) -> Dict[str, str]: ...
    @property
    def positions(self) -> NDArray[numpy.float64]: ...

def read_recording(path: str, format: str = 'auto', populations: List[str] = ...) -> Recording:
    """Reads spikes from a SONATA, NWB, MEA, MaxWell, 3Brain or CSV file (format detected from the content). Raises FileError naming the file and dataset."""

def recording_formats() -> List[str]:
    """The formats read_recording understands."""

def write_spike_report(path: str, spikes: List[PopulationSpikes], t_start_ms: float = 0.0, t_stop_ms: float = ...) -> None:
    """Writes a SONATA spike report from PopulationSpikes (or objects with population, size, times, node_ids); with t_stop_ms, the simulated window and population sizes go into the file for readers."""

def write_mea_file(path: str, recording: Recording, positions: NDArray[numpy.float64] = ...) -> None:
    """Writes a recording in the MEA layout of Eglen et al. 2014 (/spikes in s, /sCount, /names, /epos, /recordingtime, /array and /meta from the metadata), which read_recording and `lamina analyze` read. positions: electrode positions [units, 2] (um), replacing the recording's."""

def write_traces(path: str, traces: List[StateTrace]) -> None:
    """Writes state traces (StateTrace objects) to an HDF5 file."""

def write_weights(path: str, weights: List[WeightTrace]) -> None:
    """Writes weight recordings (WeightTrace objects) to an HDF5 file."""

def write_text_file(path: str, text: str) -> None:
    """Writes text to path atomically (temporary name, then rename)."""

class PopulationSpikes:
    """Recorded spikes of one population, sorted by time then node id."""
    @property
    def population(self) -> str: ...
    @property
    def size(self) -> int: ...
    @property
    def times(self) -> NDArray[numpy.float64]: ...
    @property
    def node_ids(self) -> NDArray[numpy.uint64]: ...

class StateTrace:
    """One state variable of some neurons sampled at a fixed interval."""
    @property
    def population(self) -> str: ...
    @property
    def variable(self) -> str: ...
    @property
    def dim(self) -> Dimension: ...
    @property
    def node_ids(self) -> NDArray[numpy.uint64]: ...
    @property
    def times(self) -> NDArray[numpy.float64]: ...
    @property
    def values(self) -> NDArray[numpy.float64]: ...

class WeightTrace:
    """Weights of a plastic connection's synapses sampled at a fixed interval; synapses ordered by target, then by source."""
    @property
    def connection(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def target(self) -> str: ...
    @property
    def dim(self) -> Dimension: ...
    @property
    def sources(self) -> NDArray[numpy.uint64]: ...
    @property
    def targets(self) -> NDArray[numpy.uint64]: ...
    @property
    def times(self) -> NDArray[numpy.float64]: ...
    @property
    def values(self) -> NDArray[numpy.float64]: ...
    @property
    def mean(self) -> NDArray[numpy.float64]: ...

class Simulation:
    """A built network and its state. run() may be called repeatedly; parameters, state and stimuli may be changed between calls."""
    def __init__(self, spec: NetworkSpec, threads: int = 0) -> None:
        """Validates and builds the network (GIL released). threads = 0 takes spec.simulation.threads."""
    def run(self, duration_ms: float, progress: Optional[Callable[[float, float, float], object]] = None, progress_interval_s: float = 0.2, handle_sigint: bool = True) -> bool:
        """Advances by duration_ms with the GIL released. progress(t_ms, t_end_ms, wall_s) is called between epochs. Returns False when stopped early by request_stop(). With handle_sigint (only from the main thread), Ctrl-C stops at the next epoch boundary and raises KeyboardInterrupt."""
    def request_stop(self) -> None:
        """Asks a run in progress (in another thread) to stop at the next epoch boundary."""
    @property
    def time_ms(self) -> float: ...
    @property
    def dt(self) -> float: ...
    @property
    def threads(self) -> int: ...
    @property
    def spec(self) -> NetworkSpec: ...
    @property
    def neuron_count(self) -> int: ...
    @property
    def synapse_count(self) -> int: ...
    @property
    def build_seconds(self) -> float: ...
    @property
    def simulate_seconds(self) -> float: ...
    def spikes(self) -> List[PopulationSpikes]:
        """Recorded spikes, one entry per population of a spikes recorder."""
    def spike_trains_of(self, population: str) -> SpikeTrains:
        """Recorded spikes of one population as SpikeTrains over [0, time_ms]."""
    def traces(self) -> List[StateTrace]:
        """Recorded state traces."""
    def weights(self) -> List[WeightTrace]:
        """Recorded weights, one entry per weights recorder."""
    def set_parameter(self, population: str, name: str, value: float) -> None:
        """Changes a model parameter of a whole population between runs (canonical unit)."""
    def parameter_values(self, population: str, name: str) -> List[float]:
        """A model parameter's value for each neuron (canonical unit): drawn per neuron where a distribution was given, else the shared value."""
    def set_state(self, population: str, name: str, value: float, neurons: List[int] = ...) -> None:
        """Changes a state variable of chosen neurons (all when empty) between runs."""
    def add_stimulus(self, stimulus: StimulusSpec) -> None:
        """Adds a stimulus between runs (times absolute, ms)."""
