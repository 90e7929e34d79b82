"""Type stubs of lamina._core.rate: rate networks (lamina/rate_network.hpp), their model files and
Lyapunov spectra. The facade is lamina.rate (python/lamina/rate.py); see docs/rate.md."""
from typing import ClassVar, List

import numpy
from numpy.typing import NDArray

class Phi:
    """Transfer function phi(beta (x - theta))."""
    linear: ClassVar[Phi]
    tanh: ClassVar[Phi]
    relu: ClassVar[Phi]
    sigmoid: ClassVar[Phi]
    threshold: ClassVar[Phi]
    sign: ClassVar[Phi]
    def __init__(self, value: int) -> None: ...
    @property
    def name(self) -> str: ...
    @property
    def value(self) -> int: ...
    def __int__(self) -> int: ...
    def __index__(self) -> int: ...

class Integrator:
    """euler, rk4, or exact (linear phi only)."""
    euler: ClassVar[Integrator]
    rk4: ClassVar[Integrator]
    exact: ClassVar[Integrator]
    def __init__(self, value: int) -> None: ...
    @property
    def name(self) -> str: ...
    @property
    def value(self) -> int: ...
    def __int__(self) -> int: ...
    def __index__(self) -> int: ...

class Connectivity:
    """How a block of J is given or drawn."""
    dense_random: ClassVar[Connectivity]
    sparse_random: ClassVar[Connectivity]
    matrix: ClassVar[Connectivity]
    identity: ClassVar[Connectivity]
    low_rank: ClassVar[Connectivity]
    def __init__(self, value: int) -> None: ...
    @property
    def name(self) -> str: ...
    @property
    def value(self) -> int: ...
    def __int__(self) -> int: ...
    def __index__(self) -> int: ...

class InputKind:
    """Shape of an input channel u(t)."""
    constant: ClassVar[InputKind]
    step: ClassVar[InputKind]
    sine: ClassVar[InputKind]
    white_noise: ClassVar[InputKind]
    series: ClassVar[InputKind]
    def __init__(self, value: int) -> None: ...
    @property
    def name(self) -> str: ...
    @property
    def value(self) -> int: ...
    def __int__(self) -> int: ...
    def __index__(self) -> int: ...

class RecorderKind:
    """What a recorder samples: x, phi(x) or readouts W_out phi(x)."""
    x: ClassVar[RecorderKind]
    phi: ClassVar[RecorderKind]
    readout: ClassVar[RecorderKind]
    def __init__(self, value: int) -> None: ...
    @property
    def name(self) -> str: ...
    @property
    def value(self) -> int: ...
    def __int__(self) -> int: ...
    def __index__(self) -> int: ...

class PopulationSpec:
    """A rate population: size, tau (ms), phi, noise, bias, initial x."""
    def __init__(self) -> None: ...
    name: str
    size: int
    tau: float
    phi: Phi
    theta: float
    beta: float
    noise_std: float
    bias: float
    x0: List[float]
    x0_mean: float
    x0_std: float
    origin: str

class ConnectionSpec:
    """A block of J: random, sparse, matrix (dense or triplets), identity or low rank."""
    def __init__(self) -> None: ...
    source: str
    target: str
    kind: Connectivity
    g: float
    mean: float
    indegree: int
    autapses: bool
    scale: float
    matrix: List[float]
    rows: List[int]
    cols: List[int]
    values: List[float]
    rank: int
    m: List[float]
    n: List[float]
    factor_mean: List[float]
    factor_covariance: List[float]
    seed_offset: int
    origin: str

class InputSpec:
    """One input channel u(t) and its weights b onto a target population."""
    def __init__(self) -> None: ...
    name: str
    target: str
    type: InputKind
    amplitude: float
    offset: float
    frequency: float
    phase: float
    start: float
    stop: float
    times: List[float]
    amplitudes: List[float]
    series: List[float]
    series_dt: float
    b: List[float]
    weight: float
    weight_std: float
    origin: str

class RecorderSpec:
    """Records x, phi(x) or readouts W_out phi(x) of one population."""
    def __init__(self) -> None: ...
    name: str
    population: str
    type: RecorderKind
    units: List[int]
    readout: List[float]
    outputs: int
    interval: float
    origin: str

class Settings:
    """dt and duration (ms), seed, threads, trials, integrator."""
    def __init__(self) -> None: ...
    dt: float
    duration: float
    seed: int
    threads: int
    trials: int
    integrator: Integrator
    origin: str

class NetworkSpec:
    """A whole rate network, as a model file describes it."""
    def __init__(self) -> None: ...
    source: str
    settings: Settings
    populations: List[PopulationSpec]
    connections: List[ConnectionSpec]
    inputs: List[InputSpec]
    recorders: List[RecorderSpec]

class Recording:
    """What one recorder sampled; values are [trial, sample, unit]."""
    @property
    def name(self) -> str: ...
    @property
    def population(self) -> str: ...
    @property
    def variable(self) -> str: ...
    @property
    def units(self) -> NDArray[numpy.uint64]: ...
    @property
    def times(self) -> NDArray[numpy.float64]: ...
    @property
    def trials(self) -> int: ...
    @property
    def values(self) -> NDArray[numpy.float64]: ...

class LyapunovResult:
    """Exponents (1/ms, descending) and the Kaplan-Yorke dimension."""
    @property
    def exponents(self) -> NDArray[numpy.float64]: ...
    @property
    def kaplan_yorke(self) -> float: ...
    @property
    def time_ms(self) -> float: ...
    @property
    def running_largest(self) -> NDArray[numpy.float64]: ...
    @property
    def log_det_rate(self) -> float: ...

class Simulation:
    """A built rate network and the state of all its trials."""
    def __init__(self, spec: NetworkSpec, threads: int = 0) -> None: ...
    def run(self, duration_ms: float) -> None:
        """Advances every trial by duration_ms (GIL released)."""
    @property
    def time_ms(self) -> float: ...
    @property
    def step(self) -> int: ...
    @property
    def dt(self) -> float: ...
    @property
    def threads(self) -> int: ...
    @property
    def trials(self) -> int: ...
    @property
    def size(self) -> int: ...
    @property
    def spec(self) -> NetworkSpec: ...
    def offset_of(self, population: str) -> int: ...
    def state(self, trial: int = 0) -> NDArray[numpy.float64]:
        """x of all units of one trial."""
    def population_state(self, population: str, trial: int = 0) -> NDArray[numpy.float64]: ...
    def set_state(self, x: NDArray[numpy.float64], trial: int = 0) -> None: ...
    def set_parameter(self, population: str, name: str, value: float) -> None:
        """tau (ms), noise_std, bias, theta or beta of a population, between runs."""
    def set_connection_scale(self, index: int, scale: float) -> None: ...
    def set_input_weights(self, index: int, b: NDArray[numpy.float64]) -> None: ...
    def connectivity_matrix(self) -> NDArray[numpy.float64]:
        """J as a dense [size, size] array (low-rank parts multiplied out)."""
    def apply_connectivity(self, phi: NDArray[numpy.float64]) -> NDArray[numpy.float64]:
        """J phi for a [size, columns] array, applied as in a step (low rank in O(N R))."""
    def recordings(self) -> List[Recording]: ...

def lyapunov(sim: Simulation, exponents: int = 1, time_ms: float = 10000.0, transient_ms: float = 1000.0, renormalize_ms: float = 1.0, trial: int = 0, seed: int = 1) -> LyapunovResult:
    """Benettin/QR Lyapunov spectrum (exponents = 0: all); advances sim by transient + time."""

def kaplan_yorke_dimension(exponents: List[float]) -> float: ...

def load_model(path: str, overrides: List[str] = ...) -> NetworkSpec: ...

def parse_model(text: str, source_name: str = '<model text>', overrides: List[str] = ...) -> NetworkSpec: ...

def is_rate_model_file(path: str) -> bool: ...

def write_recordings(path: str, recordings: List[Recording]) -> None: ...
