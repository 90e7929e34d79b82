"""Type stubs of lamina._core.training: training rate RNNs by BPTT and Adam (lamina/training.hpp,
training_tasks.hpp, training_io.hpp). The facade is lamina.training; see docs/training.md."""
from typing import ClassVar, List

import numpy
from numpy.typing import NDArray

from .rate import Phi

class Network:
    """x_{t+1} = x_t + alpha (-x_t + J phi(x_t) + B u_t) + noise; z_t = W phi(x_{t+1})."""
    def __init__(self) -> None: ...
    units: int
    inputs: int
    outputs: int
    rank: int
    alpha: float
    noise_std: float
    phi: Phi
    m: List[float]
    n: List[float]
    J: List[float]
    B: List[float]
    W: List[float]
    x0: List[float]

class Task:
    """Trials: u [trial][step][input], target and mask [trial][step][output], flat."""
    def __init__(self) -> None: ...
    trials: int
    steps: int
    inputs: int
    outputs: int
    u: List[float]
    target: List[float]
    mask: List[float]
    interval_ms: List[float]
    context: List[float]

class Schedule:
    constant: ClassVar[Schedule]
    step: ClassVar[Schedule]
    exponential: ClassVar[Schedule]
    def __init__(self, value: int) -> None: ...
    @property
    def name(self) -> str: ...
    @property
    def value(self) -> int: ...
    def __int__(self) -> int: ...
    def __index__(self) -> int: ...

class TrainingOptions:
    """Adam, clipping, schedule, batches, which parameters train."""
    def __init__(self) -> None: ...
    epochs: int
    batch_size: int
    learning_rate: float
    beta1: float
    beta2: float
    epsilon: float
    clip_norm: float
    schedule: Schedule
    gamma: float
    step_epochs: int
    seed: int
    threads: int
    train_recurrent: bool
    train_input: bool
    train_readout: bool
    train_initial_state: bool

class OptimizerState:
    """Adam's moments, the update and epoch counters, and the position inside an unfinished epoch (batches_done, trials_done, loss_sum; 0 at an epoch boundary)."""
    updates: int
    epochs_done: int
    batches_done: int
    trials_done: int
    loss_sum: float

class TrainingSpec:
    """A task file: the task, network, training and evaluation settings."""
    @property
    def source(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def dt_ms(self) -> float: ...
    @property
    def input_names(self) -> List[str]: ...
    @property
    def checkpoint_every(self) -> int: ...
    training: TrainingOptions

def make_network(units: int, inputs: int = 1, outputs: int = 1, rank: int = 2, alpha: float = 0.1, noise_std: float = 0.0, phi: Phi = ..., factor_std: float = 1.0, g: float = 0.0, input_std: float = 1.0, readout_std: float = 2.0, seed: int = 1, factor_overlap: float = 0.0, context_overlap: float = 0.0, context_input: int = 0, inputs_in_m_span: List[int] = [], readout_in_m_span: bool = False, readout_scale: str = '1/N') -> Network:
    """A network with m, n ~ N(0, factor_std^2/N), n_r correlated with m_r by factor_overlap and the last n with input column context_input by context_overlap (rank 0: J ~ N(0, g^2/N)), B ~ N(0, input_std^2) (columns in inputs_in_m_span: random mixes of the m_r), W ~ N(0, (readout_std/N)^2) (readout_scale "1/sqrt(N)": (readout_std/sqrt(N))^2, the full-rank networks' code of Beiran et al. 2023) or a mix of the m_r."""

def validate_task(task: Task) -> None: ...

def cue_set_go(intervals_ms: List[float], trials: int = 500, seed: int = 1, dt_ms: float = 10.0, duration_ms: float = 3500.0, context_min: float = 0.0, context_max: float = 0.25, reference_min_ms: float = 800.0, reference_max_ms: float = 1550.0, no_set_fraction: float = 0.1, jitter_ms: float = 100.0, balanced: bool = False) -> Task:
    """Cue-Set-Go trials (Beiran et al. 2023)."""

def measure_wait_go(intervals_ms: List[float], context: List[float] = ..., trials: int = 500, seed: int = 1, dt_ms: float = 10.0, duration_ms: float = 6500.0, no_input_fraction: float = 0.1, no_go_fraction: float = 0.1, jitter_ms: float = 100.0, balanced: bool = False) -> Task:
    """Measure-Wait-Go trials (Beiran et al. 2023); context: one tonic input value per interval."""

def loss_gradient(net: Network, task: Task, trials: List[int], seed: int = 1, noise_key: int = 0, threads: int = 1) -> tuple:
    """(loss, gradient as a Network) of the batch `trials`."""

def loss(net: Network, task: Task, trials: List[int], seed: int = 1, noise_key: int = 0, threads: int = 1) -> float:
    """Masked mean squared error of the batch `trials` (forward pass only)."""

def outputs(net: Network, task: Task, seed: int = 1, noise_key: int = 0, threads: int = 1) -> NDArray[numpy.float64]:
    """Outputs z (trials x steps x outputs)."""

def make_optimizer_state(net: Network) -> OptimizerState: ...

def scheduled_learning_rate(options: TrainingOptions, epoch: int) -> float: ...

def train_epoch(net: Network, state: OptimizerState, task: Task, options: TrainingOptions, handle_sigint: bool = True) -> dict:
    """One epoch of Adam updates, or the rest of the epoch the state stopped in; keys epoch, loss, learning_rate, gradient_norm, complete, batches_done, batches, interrupted. With handle_sigint (main thread), Ctrl-C stops after the current batch, the state holding the position (a later call continues the epoch to the bit), and Python's SIGINT handler then runs (KeyboardInterrupt by default)."""

def produced_intervals(z: NDArray[numpy.float64], task: Task, cue_input: int, dt_ms: float) -> NDArray[numpy.float64]:
    """Produced interval (ms) per trial: first crossing of 0.35 after the cue, / 0.85; NaN if none."""

def evaluate_intervals(net: Network, task: Task, cue_input: int, dt_ms: float, seed: int = 1, threads: int = 1) -> dict:
    """Produced against target interval per interval of a balanced task (dict of arrays)."""

def load_training_spec(path: str, overrides: List[str] = ...) -> TrainingSpec: ...

def spec_network(spec: TrainingSpec) -> Network:
    """The initial network a task file describes."""

def training_task(spec: TrainingSpec, test: bool = False) -> Task: ...

def evaluation_task(spec: TrainingSpec) -> Task: ...

def cue_input(spec: TrainingSpec) -> int: ...

def write_trained_network(toml_path: str, net: Network, dt_ms: float, input_names: List[str]) -> None: ...

def write_checkpoint(path: str, net: Network, state: OptimizerState) -> None: ...

def read_checkpoint(path: str) -> tuple:
    """(Network, OptimizerState) from a checkpoint."""
