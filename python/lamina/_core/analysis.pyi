"""Type stubs of lamina._core.analysis: the statistics of lamina::analysis on SpikeTrains.
Structured arrays (pairs, bursts) are numpy.ndarray with named fields, as the docstrings say."""
from typing import ClassVar, Dict, Iterator, List, Optional

import numpy
from numpy.typing import NDArray

from lamina import _core

class TimeSeries:
    """A regularly sampled signal: values[k] describes [t_start_ms + k dt_ms, t_start_ms + (k+1) dt_ms). Unpacks as (times, values), times the bin starts."""
    @property
    def t_start_ms(self) -> float: ...
    @property
    def dt_ms(self) -> float: ...
    @property
    def values(self) -> NDArray[numpy.float64]: ...
    @property
    def times(self) -> NDArray[numpy.float64]: ...
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[NDArray[numpy.float64]]: ...

def firing_rates(trains: _core.SpikeTrains) -> NDArray[numpy.float64]:
    """Firing rate of each unit (Hz) over [t_start, t_stop]."""

def cv_isi(trains: _core.SpikeTrains, min_intervals: int = 2) -> NDArray[numpy.float64]:
    """ISI coefficient of variation of each unit (NaN: too few ISIs)."""

def cv2(trains: _core.SpikeTrains) -> NDArray[numpy.float64]:
    """CV2 of each unit (Holt et al. 1996)."""

def lv(trains: _core.SpikeTrains) -> NDArray[numpy.float64]:
    """Local variation LV of each unit (Shinomoto et al. 2003)."""

def mean_finite(values: List[float]) -> float:
    """Mean of the finite entries (NaN when none)."""

def population_counts(trains: _core.SpikeTrains, bin_ms: float) -> TimeSeries:
    """Spikes per bin summed over units."""

def population_rate(trains: _core.SpikeTrains, bin_ms: float = 10.0) -> TimeSeries:
    """Population rate (Hz per unit) in bins."""

def smoothed_population_rate(trains: _core.SpikeTrains, sigma_ms: float = 10.0, bin_ms: float = 1.0) -> TimeSeries:
    """Population rate (Hz per unit) smoothed with a Gaussian kernel, edge-corrected."""

def fano_factor(trains: _core.SpikeTrains, window_ms: float = 100.0) -> NDArray[numpy.float64]:
    """Fano factor of each unit's counts in windows."""

def mean_population_rate(trains: _core.SpikeTrains) -> float:
    """Spikes in the window / (units * duration in s)."""

def all_pairs(n_units: int) -> numpy.ndarray:
    """All pairs i < j as a structured array (i, j)."""

def sample_pairs(n_units: int, n_pairs: int, seed: int = 1) -> numpy.ndarray:
    """n_pairs distinct pairs drawn uniformly, sorted."""

def spike_count_correlation(trains: _core.SpikeTrains, bin_ms: float = 100.0, pairs: Optional[numpy.ndarray] = None) -> numpy.ndarray:
    """Pearson correlation of binned counts per pair (all pairs when None): structured array (i, j, value)."""

def sttc(a: NDArray[numpy.float64], b: NDArray[numpy.float64], t_start: float, t_stop: float, dt_ms: float = 5.0) -> float:
    """Spike time tiling coefficient of two sorted trains (Cutts & Eglen 2014)."""

def sttc_pairs(trains: _core.SpikeTrains, pairs: numpy.ndarray, dt_ms: float = 5.0) -> numpy.ndarray:
    """STTC of the given pairs: structured (i, j, value)."""

def golomb_chi(trains: _core.SpikeTrains, bin_ms: float = 5.0) -> float:
    """Golomb's synchrony measure chi on binned counts."""

class MaxIntervalOptions:
    """MaxInterval parameters (NeuroExplorer's defaults)."""
    def __init__(self) -> None: ...
    max_begin_isi_ms: float
    max_end_isi_ms: float
    min_ibi_ms: float
    min_duration_ms: float
    min_spikes: int

class LogIsiOptions:
    """logISI parameters (Pasquale et al. 2010)."""
    def __init__(self) -> None: ...
    isi_cutoff_ms: float
    void_threshold: float
    min_spikes: int
    bins_per_decade: float
    lowess_span: float
    max_threshold_ms: float

class NetworkBurstOptions:
    """Network-burst detection parameters."""
    def __init__(self) -> None: ...
    window_ms: float
    step_ms: float
    min_active_fraction: float
    min_units: int
    min_unit_rate_hz: float
    chance_p: float
    merge_gap_ms: float

class BurstStats:
    """Summary of a set of bursts (rates per minute)."""
    @property
    def bursts(self) -> int: ...
    @property
    def rate_per_min(self) -> float: ...
    @property
    def mean_duration_ms(self) -> float: ...
    @property
    def mean_spikes(self) -> float: ...
    @property
    def fraction_spikes_in_bursts(self) -> float: ...
    @property
    def ibi_cv(self) -> float: ...
    @property
    def mean_units(self) -> float: ...

class BurstSummary:
    """Per-unit and population burst statistics."""
    @property
    def units(self) -> List[BurstStats]: ...
    @property
    def population(self) -> BurstStats: ...
    @property
    def bursting_units(self) -> int: ...

def max_interval_bursts(trains: _core.SpikeTrains, options: MaxIntervalOptions = ...) -> numpy.ndarray:
    """Single-unit bursts by MaxInterval: structured array (unit, first_spike, spikes, start_ms, end_ms)."""

def logisi_threshold(unit_times: NDArray[numpy.float64], options: LogIsiOptions = ...) -> float:
    """The logISI threshold (ms) of one train, or NaN."""

def logisi_bursts(trains: _core.SpikeTrains, options: LogIsiOptions = ...) -> numpy.ndarray:
    """Single-unit bursts by logISI (structured array)."""

def network_bursts(trains: _core.SpikeTrains, options: NetworkBurstOptions = ...) -> numpy.ndarray:
    """Network bursts: structured array (start_ms, end_ms, spikes, units)."""

def summarize_bursts(trains: _core.SpikeTrains, bursts: numpy.ndarray) -> BurstSummary:
    """Summary of single-unit bursts."""

def summarize_network_bursts(trains: _core.SpikeTrains, bursts: numpy.ndarray) -> BurstStats:
    """Summary of network bursts."""

def hurwitz_zeta(s: float, q: float) -> float:
    """Hurwitz zeta(s, q) for s > 1, q > 0."""

class PowerlawOptions:
    """Power-law fit options (Clauset, Shalizi & Newman 2009)."""
    def __init__(self) -> None: ...
    discrete: bool
    x_min: float
    x_min_max: float
    min_tail: int

class PowerlawFit:
    """A fitted power law p(x) ~ x^-alpha for x >= x_min."""
    def __init__(self) -> None: ...
    alpha: float
    alpha_se: float
    x_min: float
    ks_distance: float
    n_tail: int
    n: int
    discrete: bool

class PowerlawGof:
    """Bootstrap goodness of fit: p-value and replicates."""
    @property
    def p_value(self) -> float: ...
    @property
    def reps(self) -> int: ...

class LikelihoodRatio:
    """Vuong's test of the power law against an alternative."""
    @property
    def alternative(self) -> str: ...
    @property
    def log_ratio(self) -> float: ...
    @property
    def normalized_ratio(self) -> float: ...
    @property
    def p_value(self) -> float: ...
    @property
    def param1(self) -> float: ...
    @property
    def param2(self) -> float: ...

def fit_powerlaw(data: NDArray[numpy.float64], options: PowerlawOptions = ...) -> PowerlawFit:
    """Maximum-likelihood power-law fit with x_min by minimal KS distance."""

def powerlaw_ks_distance(data: NDArray[numpy.float64], fit: PowerlawFit) -> float:
    """KS distance between the data's tail and the fitted law."""

def powerlaw_gof_test(data: NDArray[numpy.float64], fit: PowerlawFit, options: PowerlawOptions = ..., reps: int = 1000, seed: int = 1, threads: int = 1) -> PowerlawGof:
    """Bootstrap goodness-of-fit p-value (CSN section 4.1)."""

def sample_powerlaw(law: PowerlawFit, n: int, seed: int, stream: int = 0) -> NDArray[numpy.float64]:
    """n draws from a fitted power law."""

def compare_lognormal(data: NDArray[numpy.float64], fit: PowerlawFit) -> LikelihoodRatio:
    """Likelihood ratio of the power law against a lognormal tail."""

def compare_exponential(data: NDArray[numpy.float64], fit: PowerlawFit) -> LikelihoodRatio:
    """Likelihood ratio of the power law against an exponential tail."""

class Avalanches:
    """Avalanches: start (ms), size (spikes) and duration (bins) of each."""
    @property
    def bin_ms(self) -> float: ...
    @property
    def start_ms(self) -> NDArray[numpy.float64]: ...
    @property
    def sizes(self) -> NDArray[numpy.uint64]: ...
    @property
    def durations(self) -> NDArray[numpy.uint64]: ...
    def __len__(self) -> int: ...

def mean_inter_event_interval(trains: _core.SpikeTrains) -> float:
    """Mean interval between pooled spikes (ms): the default avalanche bin."""

def detect_avalanches(trains: _core.SpikeTrains, bin_ms: float = 0.0) -> Avalanches:
    """Avalanches in bins of bin_ms (0: the mean inter-event interval)."""

class CracklingNoise:
    """Size and duration fits and the <S>(T) scaling exponent."""
    @property
    def size(self) -> PowerlawFit: ...
    @property
    def duration(self) -> PowerlawFit: ...
    @property
    def gamma_fit(self) -> float: ...
    @property
    def gamma_fit_se(self) -> float: ...
    @property
    def gamma_predicted(self) -> float: ...
    @property
    def durations_used(self) -> int: ...

def crackling_noise_relation(avalanches: Avalanches, options: PowerlawOptions = ..., min_count: int = 10) -> CracklingNoise:
    """Fits sizes and durations and tests the crackling-noise relation."""

class BranchingEstimate:
    """Branching ratio by multistep regression."""
    @property
    def m(self) -> float: ...
    @property
    def b(self) -> float: ...
    @property
    def m_naive(self) -> float: ...
    @property
    def tau_ms(self) -> float: ...
    @property
    def bin_ms(self) -> float: ...
    @property
    def r_k(self) -> NDArray[numpy.float64]: ...

def branching_ratio(trains: _core.SpikeTrains, bin_ms: float = 4.0, k_max: int = 40) -> BranchingEstimate:
    """Multistep-regression branching ratio of population counts (Wilting & Priesemann 2018)."""

def branching_ratio_series(activity: NDArray[numpy.float64], bin_ms: float, k_max: int = 40) -> BranchingEstimate:
    """Multistep-regression branching ratio of an activity series sampled every bin_ms."""

def autocorrelation(x: NDArray[numpy.float64], max_lag: int) -> NDArray[numpy.float64]:
    """Autocorrelation at lags 0 .. max_lag (biased estimator)."""

class TimescaleEstimate:
    """Exponential-with-offset fit to an autocorrelation."""
    @property
    def tau_ms(self) -> float: ...
    @property
    def amplitude(self) -> float: ...
    @property
    def offset(self) -> float: ...
    @property
    def dt_ms(self) -> float: ...
    @property
    def min_lag(self) -> int: ...
    @property
    def converged(self) -> bool: ...
    @property
    def autocorrelation(self) -> NDArray[numpy.float64]: ...

def intrinsic_timescale(trains: _core.SpikeTrains, bin_ms: float = 5.0, max_lag_ms: float = 500.0) -> TimescaleEstimate:
    """Intrinsic timescale of population counts (Murray et al. 2014)."""

def intrinsic_timescale_series(signal: NDArray[numpy.float64], dt_ms: float, max_lag: int, min_lag: int = 1) -> TimescaleEstimate:
    """Intrinsic timescale of a signal sampled every dt_ms."""

def participation_ratio(trains: _core.SpikeTrains, bin_ms: float = 100.0) -> float:
    """Participation ratio of the covariance of binned counts."""

def participation_ratio_of_spectrum(eigenvalues: NDArray[numpy.float64]) -> float:
    """(sum v)^2 / sum v^2 of a spectrum."""

def participation_ratio_of_samples(samples: NDArray[numpy.float64]) -> float:
    """Participation ratio of the sample covariance of a [variable, sample] matrix."""

def count_covariance_spectrum(trains: _core.SpikeTrains, bin_ms: float = 100.0) -> NDArray[numpy.float64]:
    """Eigenvalues (descending) of the binned counts' covariance."""

class RecordingSummaryOptions:
    """Parameters of summarize_recording (those of `lamina analyze`)."""
    def __init__(self) -> None: ...
    rate_bin_ms: float
    smoothing_sigma_ms: float
    fano_window_ms: float
    correlation_bin_ms: float
    sttc_dt_ms: float
    chi_bin_ms: float
    max_pairs: int
    avalanche_bin_ms: float
    gof_reps: int
    branching_bin_ms: float
    branching_k_max: int
    timescale_bin_ms: float
    timescale_max_lag_ms: float
    active_rate_hz: float
    max_interval: MaxIntervalOptions
    logisi: LogIsiOptions
    network: NetworkBurstOptions
    seed: int

class RecordingSummary:
    """Every statistic of one recording, as `lamina analyze` computes it. A statistic that could not be computed is None; `missing` says why."""
    @property
    def units(self) -> int: ...
    @property
    def active_units(self) -> int: ...
    @property
    def spikes(self) -> int: ...
    @property
    def t_start_ms(self) -> float: ...
    @property
    def t_stop_ms(self) -> float: ...
    @property
    def rates_hz(self) -> NDArray[numpy.float64]: ...
    @property
    def cv_isi(self) -> NDArray[numpy.float64]: ...
    @property
    def cv2(self) -> NDArray[numpy.float64]: ...
    @property
    def lv(self) -> NDArray[numpy.float64]: ...
    @property
    def fano(self) -> NDArray[numpy.float64]: ...
    @property
    def mean_rate_hz(self) -> float: ...
    @property
    def median_rate_hz(self) -> float: ...
    @property
    def mean_active_rate_hz(self) -> float: ...
    @property
    def mean_cv_isi(self) -> Optional[float]: ...
    @property
    def mean_cv2(self) -> Optional[float]: ...
    @property
    def mean_lv(self) -> Optional[float]: ...
    @property
    def mean_fano(self) -> Optional[float]: ...
    @property
    def mean_correlation(self) -> Optional[float]: ...
    @property
    def mean_sttc(self) -> Optional[float]: ...
    @property
    def chi(self) -> Optional[float]: ...
    @property
    def pairs(self) -> int: ...
    @property
    def population_rate(self) -> TimeSeries: ...
    @property
    def smoothed_rate(self) -> TimeSeries: ...
    @property
    def max_interval_bursts(self) -> numpy.ndarray: ...
    @property
    def logisi_bursts(self) -> numpy.ndarray: ...
    @property
    def max_interval(self) -> BurstSummary: ...
    @property
    def logisi(self) -> BurstSummary: ...
    @property
    def network_bursts(self) -> numpy.ndarray: ...
    @property
    def network(self) -> BurstStats: ...
    @property
    def avalanche(self) -> Optional[Avalanches]: ...
    @property
    def crackling(self) -> Optional[CracklingNoise]: ...
    @property
    def size_gof_p(self) -> Optional[float]: ...
    @property
    def size_vs_lognormal(self) -> Optional[LikelihoodRatio]: ...
    @property
    def size_vs_exponential(self) -> Optional[LikelihoodRatio]: ...
    @property
    def branching(self) -> Optional[BranchingEstimate]: ...
    @property
    def timescale(self) -> Optional[TimescaleEstimate]: ...
    @property
    def participation_ratio(self) -> Optional[float]: ...
    @property
    def missing(self) -> Dict[str, str]: ...

def summarize_recording(trains: _core.SpikeTrains, options: RecordingSummaryOptions = ...) -> RecordingSummary:
    """Every statistic on the trains within their window, as `lamina analyze` computes them."""

def select_units(trains: _core.SpikeTrains, units: List[int]) -> _core.SpikeTrains:
    """The trains of the chosen units only, keeping names and window."""

def electrode_grid(rows: int, cols: int, pitch: float, x: float, y: float, omit_corners: bool = True) -> tuple:
    """Electrode names (ch_<column><row>) and positions [n, 2] (um) of a rows x cols grid at `pitch` um centred on (x, y); row 1 at the top; omit_corners drops the four corners (8 x 8 -> 60 electrodes, as MCS arrays)."""

def neurons_near(positions: NDArray[numpy.float64], electrode_names: List[str], electrode_positions: NDArray[numpy.float64], radius: float) -> List[List[int]]:
    """For each electrode, the indices of the neurons within `radius` um of it, ascending."""

def sample_electrodes(neurons: _core.SpikeTrains, positions: NDArray[numpy.float64], electrode_names: List[str], electrode_positions: NDArray[numpy.float64], radius: float, detection_probability: float = 1.0, seed: int = 1) -> _core.SpikeTrains:
    """One unit per electrode: the merged spikes of the neurons within `radius` um (one position per unit of `neurons`), each kept with detection_probability (draws from the seed's counter-based streams)."""
