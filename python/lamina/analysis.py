"""Statistics of spike trains, on numpy arrays or on lamina's own objects.

Every function takes its spikes as any of:

- ``t, ids``: numpy arrays of spike times (ms) and unit indices (integers >= 0), any order;
- a ``Spikes`` object from a recorder (``rec.spikes("E")``), which knows its population size and
  the simulated window;
- a ``SpikeTrains`` object (``lamina.read_recording(path).trains``) or a Recording;
- a list of per-unit arrays of spike times.

The window [t_start, t_stop] defaults to the one the object carries; for plain arrays it is
[min(0, first spike), last spike] and n_units is max(ids) + 1 -- pass t_stop (and n_units, for silent
units) when rates matter. The numbers come from the C++ analysis layer, the same code that
`lamina analyze` runs; each function's docstring gives its defaults and reference.
"""
from __future__ import annotations

from typing import Optional, Sequence

import numpy as np

from . import _core

_a = _core.analysis


def trains(t, ids=None, *, n_units: Optional[int] = None, t_start: Optional[float] = None,
           t_stop: Optional[float] = None) -> _core.SpikeTrains:
    """The spikes as SpikeTrains (compressed rows per unit), from any of the accepted inputs."""
    if isinstance(t, _core.Recording):
        t = t.trains
    if isinstance(t, _core.SpikeTrains):
        if ids is not None:
            raise TypeError("ids are given with times, not with SpikeTrains")
        if n_units is not None and n_units != t.units:
            raise ValueError(f"n_units = {n_units} but the trains hold {t.units} units")
        if t_start is None and t_stop is None:
            return t
        out = _core.SpikeTrains.from_pairs(t.times, t.unit_ids(), t.units,
                                           t.t_start if t_start is None else float(t_start),
                                           t.t_stop if t_stop is None else float(t_stop))
        out.names = t.names
        return out
    if ids is None and hasattr(t, "n_units") and hasattr(t, "trains"):  # a Spikes object
        return trains(t.trains(), n_units=n_units, t_start=t_start, t_stop=t_stop)
    if ids is None and isinstance(t, (list, tuple)) and all(np.ndim(x) == 1 for x in t) and len(t) and \
            not np.isscalar(t[0]):
        units = [np.sort(np.asarray(x, dtype=np.float64)) for x in t]
        ids = np.concatenate([np.full(len(u), k, dtype=np.uint64) for k, u in enumerate(units)])
        t = np.concatenate(units)
        n_units = len(units) if n_units is None else n_units
    times = np.asarray(t, dtype=np.float64).ravel()
    if ids is None:
        ids_arr = np.zeros(len(times), dtype=np.uint64)  # one train
    else:
        raw = np.asarray(ids)
        if raw.size and not np.issubdtype(raw.dtype, np.integer):
            if not np.all(np.mod(raw, 1) == 0):
                raise ValueError("ids must be whole numbers (unit indices)")
        if raw.size and raw.min() < 0:
            raise ValueError(f"ids must not be negative, got {raw.min()}")
        ids_arr = raw.astype(np.uint64).ravel()
    if len(ids_arr) != len(times):
        raise ValueError(f"{len(times)} times but {len(ids_arr)} ids")
    if not np.all(np.isfinite(times)):
        raise ValueError("spike times must be finite numbers (ms)")
    if n_units is None:
        n_units = int(ids_arr.max()) + 1 if len(ids_arr) else 1
    if t_start is None:
        t_start = min(0.0, float(times.min())) if len(times) else 0.0
    if t_stop is None:
        t_stop = float(times.max()) if len(times) else t_start
    return _core.SpikeTrains.from_pairs(times, ids_arr, int(n_units), float(t_start), float(t_stop))


def _options(cls, kwargs: dict, function: str):
    o = cls()
    for k, v in kwargs.items():
        if not hasattr(o, k):
            known = ", ".join(n for n in dir(o) if not n.startswith("_"))
            raise _core.UnknownNameError(f'{function}: unknown option "{k}" (options: {known})')
        setattr(o, k, v)
    return o


# ---- rates and variability ---------------------------------------------------------------------

def firing_rates(t, ids=None, **window) -> np.ndarray:
    """Firing rate of each unit in Hz over the window."""
    return _a.firing_rates(trains(t, ids, **window))


def mean_rate(t, ids=None, **window) -> float:
    """Mean firing rate of the population in Hz: spikes / (units * duration)."""
    return _a.mean_population_rate(trains(t, ids, **window))


def cv_isi(t, ids=None, *, min_intervals: int = 2, **window) -> np.ndarray:
    """Coefficient of variation of each unit's inter-spike intervals (NaN with fewer than
    `min_intervals` intervals). Poisson: 1. Aggregate with np.nanmean."""
    return _a.cv_isi(trains(t, ids, **window), min_intervals)


def cv2(t, ids=None, **window) -> np.ndarray:
    """CV2 of each unit (Holt et al. 1996): mean of 2|I_{i+1} - I_i| / (I_{i+1} + I_i). Poisson: 1."""
    return _a.cv2(trains(t, ids, **window))


def lv(t, ids=None, **window) -> np.ndarray:
    """Local variation of each unit (Shinomoto et al. 2003). Poisson: 1; gamma of shape k: 3/(2k+1)."""
    return _a.lv(trains(t, ids, **window))


def fano_factor(t, ids=None, *, window_ms: float = 100.0, **window) -> np.ndarray:
    """Fano factor of each unit's spike counts in consecutive windows of `window_ms`."""
    return _a.fano_factor(trains(t, ids, **window), window_ms)


def population_rate(t, ids=None, *, bin_ms: float = 10.0, sigma_ms: Optional[float] = None, **window):
    """Population rate in Hz per unit, in bins of `bin_ms`; with `sigma_ms`, smoothed by a Gaussian
    kernel (edge-corrected) on a grid of `bin_ms` (then 1 ms is a good bin). Returns a TimeSeries
    that unpacks as ``(bin_starts_ms, rate_hz)``."""
    tr = trains(t, ids, **window)
    if sigma_ms is None:
        return _a.population_rate(tr, bin_ms)
    return _a.smoothed_population_rate(tr, sigma_ms, bin_ms)


def population_counts(t, ids=None, *, bin_ms: float, **window):
    """Spikes per bin summed over units (a TimeSeries)."""
    return _a.population_counts(trains(t, ids, **window), bin_ms)


# ---- synchrony ---------------------------------------------------------------------------------

def _pairs(pairs):
    if pairs is None:
        return None
    arr = np.asarray(pairs)
    if arr.dtype.names:
        return arr
    arr = arr.reshape(-1, 2)
    out = np.zeros(len(arr), dtype=_a.all_pairs(2).dtype)
    out["i"], out["j"] = arr[:, 0], arr[:, 1]
    return out


def spike_count_correlation(t, ids=None, *, bin_ms: float = 100.0, pairs=None, **window) -> np.ndarray:
    """Pearson correlation of binned spike counts for `pairs` (an (n, 2) array, or all pairs):
    a structured array with fields i, j, value."""
    return _a.spike_count_correlation(trains(t, ids, **window), bin_ms, _pairs(pairs))


def correlation_matrix(t, ids=None, *, bin_ms: float = 100.0, **window) -> np.ndarray:
    """All pairwise spike-count correlations as a symmetric units x units matrix (1 on the diagonal)."""
    tr = trains(t, ids, **window)
    r = _a.spike_count_correlation(tr, bin_ms, None)
    m = np.eye(tr.units)
    m[r["i"], r["j"]] = r["value"]
    m[r["j"], r["i"]] = r["value"]
    return m


def sttc(t, ids=None, *, pairs=None, dt_ms: float = 5.0, **window) -> np.ndarray:
    """Spike time tiling coefficient (Cutts & Eglen 2014) of `pairs` (default all pairs): a
    structured array with fields i, j, value."""
    tr = trains(t, ids, **window)
    p = _a.all_pairs(tr.units) if pairs is None else _pairs(pairs)
    return _a.sttc_pairs(tr, p, dt_ms)


def golomb_chi(t, ids=None, *, bin_ms: float = 5.0, **window) -> float:
    """Golomb's synchrony measure chi: 1 for identical trains, about 1/sqrt(N) for independent ones."""
    return _a.golomb_chi(trains(t, ids, **window), bin_ms)


# ---- bursts ------------------------------------------------------------------------------------

def bursts(t, ids=None, *, method: str = "max_interval", **kwargs) -> np.ndarray:
    """Single-unit bursts by "max_interval" (NeuroExplorer; options max_begin_isi_ms, max_end_isi_ms,
    min_ibi_ms, min_duration_ms, min_spikes) or "logisi" (Pasquale et al. 2010; options
    isi_cutoff_ms, void_threshold, min_spikes, ...). A structured array with fields unit,
    first_spike, spikes, start_ms, end_ms."""
    window = {k: kwargs.pop(k) for k in ("n_units", "t_start", "t_stop") if k in kwargs}
    tr = trains(t, ids, **window)
    if method == "max_interval":
        return _a.max_interval_bursts(tr, _options(_a.MaxIntervalOptions, kwargs, "bursts"))
    if method == "logisi":
        return _a.logisi_bursts(tr, _options(_a.LogIsiOptions, kwargs, "bursts"))
    raise _core.UnknownNameError(f'bursts: unknown method "{method}" (known: max_interval, logisi)')


def network_bursts(t, ids=None, **kwargs) -> np.ndarray:
    """Network bursts (options window_ms, step_ms, min_active_fraction, min_units,
    min_unit_rate_hz, chance_p, merge_gap_ms): a structured array with start_ms, end_ms, spikes,
    units."""
    window = {k: kwargs.pop(k) for k in ("n_units", "t_start", "t_stop") if k in kwargs}
    return _a.network_bursts(trains(t, ids, **window), _options(_a.NetworkBurstOptions, kwargs, "network_bursts"))


def burst_summary(t, ids=None, *, bursts, **window):
    """Statistics of single-unit bursts (from bursts()): per unit and for the population."""
    return _a.summarize_bursts(trains(t, ids, **window), bursts)


def network_burst_summary(t, ids=None, *, bursts, **window):
    """Statistics of network bursts (from network_bursts())."""
    return _a.summarize_network_bursts(trains(t, ids, **window), bursts)


def virtual_mea(t, ids=None, *, positions, rows: int = 8, cols: int = 8, pitch: float = 200.0,
                x: Optional[float] = None, y: Optional[float] = None, radius: float = 50.0,
                detection: float = 1.0, omit_corners: bool = True, seed: int = 1,
                metadata: Optional[dict] = None, **window) -> _core.Recording:
    """Neuron spikes recorded as by a multi-electrode array: a rows x cols grid at `pitch` um centred
    on (x, y) (default: the centre of the neurons' bounding box), each electrode picking up the
    spikes of the neurons within `radius` um, each spike kept with probability `detection`.
    `positions` is [neurons, 2] (um), one row per unit of the trains. Returns a Recording (format
    "mea", electrode names and positions) for the lamina.analysis functions, or for
    lamina.write_mea_file(path, rec) so that `lamina analyze` reads it like a real one."""
    tr = trains(t, ids, **window)
    xy = np.asarray(positions, dtype=np.float64).reshape(-1, 2)
    if x is None or y is None:
        lo, hi = (xy.min(axis=0), xy.max(axis=0)) if len(xy) else (np.zeros(2), np.zeros(2))
        x = (lo[0] + hi[0]) / 2 if x is None else x
        y = (lo[1] + hi[1]) / 2 if y is None else y
    names, epos = _a.electrode_grid(rows, cols, pitch, float(x), float(y), omit_corners)
    sampled = _a.sample_electrodes(tr, xy, names, epos, radius, detection, seed)
    meta = {"array": f"lamina_virtual_{rows}x{cols}_{pitch:g}um", "species": "simulated"}
    meta.update({k: str(v) for k, v in (metadata or {}).items()})
    return _core.Recording(sampled, "mea", meta, epos)


# ---- avalanches, power laws, branching -----------------------------------------------------------

def avalanches(t, ids=None, *, bin_ms: float = 0.0, **window):
    """Neuronal avalanches (Beggs & Plenz 2003) in bins of `bin_ms` (0: the mean inter-event
    interval). Has sizes, durations (bins), start_ms and bin_ms."""
    return _a.detect_avalanches(trains(t, ids, **window), bin_ms)


def fit_powerlaw(data, *, discrete: bool = True, x_min: float = 0.0, x_min_max: float = float("inf"),
                 min_tail: int = 10):
    """Maximum-likelihood power-law fit, x_min by minimal KS distance (Clauset, Shalizi & Newman 2009)."""
    o = _options(_a.PowerlawOptions, dict(discrete=discrete, x_min=x_min, x_min_max=x_min_max, min_tail=min_tail),
                 "fit_powerlaw")
    return _a.fit_powerlaw(np.asarray(data, dtype=np.float64), o)


def powerlaw_gof(data, fit, *, reps: int = 1000, seed: int = 1, threads: int = 1, **options):
    """Bootstrap goodness-of-fit p-value of a power-law fit (p < 0.1 rules it out)."""
    o = _options(_a.PowerlawOptions, {"discrete": fit.discrete, **options}, "powerlaw_gof")
    return _a.powerlaw_gof_test(np.asarray(data, dtype=np.float64), fit, o, reps, seed, threads)


def compare_tails(data, fit) -> dict:
    """Likelihood-ratio tests of the power law against lognormal and exponential tails."""
    d = np.asarray(data, dtype=np.float64)
    return {"lognormal": _a.compare_lognormal(d, fit), "exponential": _a.compare_exponential(d, fit)}


def crackling_noise(aval, *, min_count: int = 10, **options):
    """Power-law fits of avalanche sizes and durations and the <S>(T) scaling relation."""
    return _a.crackling_noise_relation(aval, _options(_a.PowerlawOptions, options, "crackling_noise"), min_count)


def branching_ratio(t, ids=None, *, bin_ms: float = 4.0, k_max: int = 40, **window):
    """Branching ratio m of the population's spike counts in bins of `bin_ms`, by multistep
    regression (Wilting & Priesemann 2018), which subsampling does not bias; also m_naive (lag 1)."""
    return _a.branching_ratio(trains(t, ids, **window), bin_ms, k_max)


def branching_ratio_series(activity, bin_ms: float, *, k_max: int = 40):
    """Branching ratio of an activity series (e.g. events per bin) sampled every `bin_ms`."""
    return _a.branching_ratio_series(np.asarray(activity, dtype=np.float64), bin_ms, k_max)


def intrinsic_timescale(t, ids=None, *, bin_ms: float = 5.0, max_lag_ms: float = 500.0, **window):
    """Decay time of the autocorrelation of population counts (Murray et al. 2014)."""
    return _a.intrinsic_timescale(trains(t, ids, **window), bin_ms, max_lag_ms)


def intrinsic_timescale_series(signal, dt_ms: float, *, max_lag: int, min_lag: int = 1):
    """Decay time of the autocorrelation of a signal sampled every `dt_ms` (lags in samples)."""
    return _a.intrinsic_timescale_series(np.asarray(signal, dtype=np.float64), dt_ms, max_lag, min_lag)


def autocorrelation(x, max_lag: int) -> np.ndarray:
    """Autocorrelation of a series at lags 0 .. max_lag."""
    return _a.autocorrelation(np.asarray(x, dtype=np.float64), max_lag)


def participation_ratio(t, ids=None, *, bin_ms: float = 100.0, **window) -> float:
    """Participation ratio of the covariance of the units' binned counts (linear dimensionality)."""
    return _a.participation_ratio(trains(t, ids, **window), bin_ms)


# ---- everything at once, as `lamina analyze` -----------------------------------------------------

def _summary_inputs(t, ids, kwargs: dict, function: str):
    window = {k: kwargs.pop(k) for k in ("n_units", "t_start", "t_stop") if k in kwargs}
    options = _options(_a.RecordingSummaryOptions, kwargs, function)
    tr = trains(t, ids, **window)
    if isinstance(t, _core.Recording):
        rec = t if tr is t.trains else _core.Recording(tr, t.format, t.metadata)
    else:
        rec = _core.Recording(tr)
    return rec, options


def summary(t, ids=None, **kwargs):
    """Every statistic `lamina analyze` computes, on these spikes (a RecordingSummary; statistics
    that cannot be computed are None and `.missing` says why). Keyword arguments set the options
    (rate_bin_ms, smoothing_sigma_ms, fano_window_ms, correlation_bin_ms, sttc_dt_ms, chi_bin_ms,
    max_pairs, avalanche_bin_ms, gof_reps, branching_bin_ms, branching_k_max, timescale_bin_ms,
    timescale_max_lag_ms, active_rate_hz, seed, and max_interval / logisi / network option objects)
    besides n_units, t_start and t_stop."""
    rec, options = _summary_inputs(t, ids, kwargs, "summary")
    return _a.summarize_recording(rec.trains, options)


def summary_json(t, ids=None, *, path: str = "", **kwargs) -> dict:
    """The content of `lamina analyze`'s analysis.json for these spikes, as a dict (`path` names the
    source in it). Options as for summary()."""
    import json
    rec, options = _summary_inputs(t, ids, kwargs, "summary_json")
    s = _a.summarize_recording(rec.trains, options)
    return json.loads(_core.report.summary_json(rec, str(path), s, options))


def report_html(t, ids=None, *, path: str = "", **kwargs) -> str:
    """The HTML report of `lamina analyze` for these spikes (a self-contained page)."""
    rec, options = _summary_inputs(t, ids, kwargs, "report_html")
    s = _a.summarize_recording(rec.trains, options)
    return _core.report.analysis_report_html(rec, str(path), s)


def mean_finite(values: Sequence[float]) -> float:
    """Mean of the finite entries (NaN when there are none)."""
    return _a.mean_finite(list(np.asarray(values, dtype=np.float64)))
