"""Figures of spiking activity with matplotlib: raster (with bursts), population rate, ISI
histogram, avalanche size and duration distributions with their power-law fits, and the
branching-ratio regression. Each function returns the matplotlib Axes it drew on.

Every figure is first built as data -- a ``lamina._core.figures.Figure`` (series, shaded spans,
axis labels and scales), the model that `lamina analyze` renders to SVG for its HTML report -- and
then drawn by one renderer, ``draw()``. The ``*_figure`` functions return that data, so the same
figure can be written as SVG (``to_svg``) or drawn here.

Spikes are given as for lamina.analysis: ``t, ids`` arrays, a Spikes object from a recorder, or
SpikeTrains.
"""
from __future__ import annotations

import math
import re
from typing import Optional

import numpy as np

from . import _core
from . import analysis as _an

F = _core.figures
_STYLE = F.Series.Style
BURST_COLOR = "rgba(255,140,0,0.25)"
NETWORK_BURST_COLOR = "rgba(214,39,40,0.12)"
_PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"]  # as the SVG renderer


def _color(css: str):
    """A CSS colour as matplotlib takes it (rgba(...) is converted)."""
    m = re.fullmatch(r"\s*rgba?\(([^)]*)\)\s*", css or "")
    if not m:
        return css
    parts = [float(p) for p in m.group(1).split(",")]
    rgb = [min(max(p / 255.0, 0.0), 1.0) for p in parts[:3]]
    return tuple(rgb + [parts[3] if len(parts) > 3 else 1.0])


def _figure(title="", xlabel="", ylabel="", logx=False, logy=False):
    f = F.Figure()
    f.title, f.xlabel, f.ylabel, f.logx, f.logy = title, xlabel, ylabel, logx, logy
    return f


def _series(x, y, kind, label="", color="", size=1.5):
    return F.Series(list(np.asarray(x, dtype=float)), list(np.asarray(y, dtype=float)), kind, label, color, size)


def draw(figure, ax=None):
    """Draws a lamina figure (``_core.figures.Figure``) on `ax` (a new one if None); returns the Axes."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(figure.width / 100.0, figure.height / 100.0))
    if figure.logx:
        ax.set_xscale("log")
    if figure.logy:
        ax.set_yscale("log")
    for k, s in enumerate(figure.data):
        color = _color(s.color) if s.color else _PALETTE[k % len(_PALETTE)]
        x, y = np.asarray(s.x, dtype=float), np.asarray(s.y, dtype=float)
        n = min(len(x), len(y))
        x, y = x[:n], y[:n]
        ok = np.isfinite(x) & np.isfinite(y)
        if figure.logx:
            ok &= x > 0
        if figure.logy:
            ok &= y > 0
        x, y = x[ok], y[ok]
        label = s.label or None
        if s.kind == _STYLE.points:
            # The SVG renderer's size is a radius in px; matplotlib's markersize a diameter in points.
            ax.plot(x, y, linestyle="none", marker="o", markersize=1.5 * s.size, markeredgewidth=0, color=color,
                    label=label)
        elif s.kind == _STYLE.bars:
            if len(x) > 1:
                if figure.logx:
                    half = 0.45 * abs(np.log10(x[1]) - np.log10(x[0]))
                    left, right = x * 10 ** -half, x * 10 ** half
                else:
                    half = 0.45 * abs(x[1] - x[0])
                    left, right = x - half, x + half
            else:
                left, right = x - 0.5, x + 0.5
            ax.bar(left, y, width=right - left, align="edge", color=color, label=label)
        else:
            ax.plot(x, y, color=color, linewidth=s.size, label=label,
                    drawstyle="steps-post" if s.kind == _STYLE.steps else "default")
    for sp in figure.spans:
        if sp.y0 == sp.y1:
            ax.axvspan(sp.x0, sp.x1, color=_color(sp.color), linewidth=0)
        else:
            ax.fill_between([sp.x0, sp.x1], sp.y0, sp.y1, color=_color(sp.color), linewidth=0)
    ax.set_title(figure.title)
    ax.set_xlabel(figure.xlabel)
    ax.set_ylabel(figure.ylabel)
    if any(s.label for s in figure.data):
        ax.legend(frameon=False, fontsize="small")
    return ax


def to_svg(figure) -> str:
    """The figure as standalone SVG text (the renderer of `lamina analyze`'s report)."""
    return F.to_svg(figure)


# ---- raster ------------------------------------------------------------------------------------

def raster_figure(t, ids=None, *, bursts=None, network_bursts=None, max_units: int = 200, **window):
    """Raster of the first `max_units` units. bursts: True (MaxInterval with its defaults), "logisi",
    or a burst array from lamina.analysis.bursts() -- drawn as shaded bands on their unit's row;
    network_bursts: True or an array from lamina.analysis.network_bursts() -- shaded full height."""
    tr = _an.trains(t, ids, **window)
    units = min(tr.units, max_units)
    times, unit_ids = tr.times, tr.unit_ids()
    keep = (unit_ids < units) & (times >= tr.t_start) & (times <= tr.t_stop)
    f = _figure("Raster" + (f" (first {units} of {tr.units} units)" if units < tr.units else ""),
                "time (ms)", "unit")
    f.add_series(_series(times[keep], unit_ids[keep], _STYLE.points, "", "#222", 0.8))
    if bursts is not None and bursts is not False:
        if bursts is True or isinstance(bursts, str):
            method = "max_interval" if bursts is True else bursts
            bursts = _an.bursts(tr, method=method)
        for b in bursts[bursts["unit"] < units]:
            f.add_span(F.Span(float(b["start_ms"]), float(b["end_ms"]), float(b["unit"]) - 0.5,
                              float(b["unit"]) + 0.5, BURST_COLOR))
    if network_bursts is not None and network_bursts is not False:
        if network_bursts is True:
            network_bursts = _an.network_bursts(tr)
        for b in network_bursts:
            f.add_span(F.Span(float(b["start_ms"]), float(b["end_ms"]), 0.0, 0.0, NETWORK_BURST_COLOR))
    return f


def raster(t, ids=None, *, ax=None, bursts=None, network_bursts=None, max_units: int = 200, **window):
    """Raster plot, with detected bursts shaded (see raster_figure). Returns the Axes."""
    ax = draw(raster_figure(t, ids, bursts=bursts, network_bursts=network_bursts, max_units=max_units, **window), ax)
    tr = _an.trains(t, ids, **window)
    ax.set_xlim(tr.t_start, tr.t_stop)
    ax.set_ylim(-0.5, min(tr.units, max_units) - 0.5)
    return ax


# ---- population rate ---------------------------------------------------------------------------

def rate_figure(t, ids=None, *, bin_ms: float = 10.0, sigma_ms: Optional[float] = 10.0, **window):
    """Population rate in bins of `bin_ms` (steps) and, with `sigma_ms`, smoothed by a Gaussian kernel."""
    tr = _an.trains(t, ids, **window)
    f = _figure("Population rate", "time (ms)", "rate (Hz per unit)")
    r = _an.population_rate(tr, bin_ms=bin_ms)
    if len(r):
        x = np.append(r.times, r.times[-1] + r.dt_ms)
        y = np.append(r.values, r.values[-1])
        f.add_series(_series(x, y, _STYLE.steps, f"{bin_ms:g} ms bins", "#9ecae1", 1.0))
    if sigma_ms:
        s = _an.population_rate(tr, bin_ms=1.0, sigma_ms=sigma_ms)
        f.add_series(_series(s.times + 0.5 * s.dt_ms, s.values, _STYLE.line, f"Gaussian, sigma {sigma_ms:g} ms",
                             "#1f77b4", 1.5))
    return f


def population_rate(t, ids=None, *, ax=None, bin_ms: float = 10.0, sigma_ms: Optional[float] = 10.0, **window):
    """Population rate over time (binned and smoothed). Returns the Axes."""
    return draw(rate_figure(t, ids, bin_ms=bin_ms, sigma_ms=sigma_ms, **window), ax)


# ---- ISI histogram -----------------------------------------------------------------------------

def isi_figure(t, ids=None, *, bins_per_decade: float = 10.0, **window):
    """Histogram of the pooled inter-spike intervals of all units on log-spaced bins (the view in
    which logISI burst detection finds its threshold): fraction of ISIs per bin."""
    tr = _an.trains(t, ids, **window)
    isis = np.concatenate([np.diff(tr.unit(u)) for u in range(tr.units)] or [np.zeros(0)])
    isis = isis[isis > 0]
    f = _figure("Inter-spike intervals", "ISI (ms)", "fraction of ISIs", logx=True)
    if len(isis):
        lo, hi = math.floor(np.log10(isis.min()) * bins_per_decade), math.ceil(np.log10(isis.max()) * bins_per_decade)
        edges = 10 ** (np.arange(lo, max(hi, lo + 1) + 1) / bins_per_decade)
        counts, _ = np.histogram(isis, edges)
        centers = np.sqrt(edges[:-1] * edges[1:])
        f.add_series(_series(centers, counts / counts.sum(), _STYLE.bars, "", "#1f77b4"))
    return f


def isi_histogram(t, ids=None, *, ax=None, bins_per_decade: float = 10.0, **window):
    """Log-binned ISI histogram of all units pooled. Returns the Axes."""
    return draw(isi_figure(t, ids, bins_per_decade=bins_per_decade, **window), ax)


# ---- avalanches --------------------------------------------------------------------------------

def _discrete_powerlaw_pmf(x, fit):
    return x ** -fit.alpha / _core.analysis.hurwitz_zeta(fit.alpha, fit.x_min)


def avalanche_figure(aval, which: str = "size", fit=None):
    """Distribution of avalanche sizes (spikes) or durations (bins) on log-log axes with the
    discrete power law fitted above x_min (Clauset et al. 2009), scaled to the tail's share."""
    if which not in ("size", "duration"):
        raise ValueError('which must be "size" or "duration"')
    data = np.asarray(aval.sizes if which == "size" else aval.durations, dtype=float)
    unit = "spikes" if which == "size" else f"bins of {aval.bin_ms:.3g} ms"
    f = _figure(f"Avalanche {which}s", f"{which} ({unit})", "probability", logx=True, logy=True)
    if len(data) == 0:
        return f
    values, counts = np.unique(data, return_counts=True)
    f.add_series(_series(values, counts / len(data), _STYLE.points, f"{len(data)} avalanches", "#1f77b4", 2.0))
    if fit is None:
        try:
            fit = _an.fit_powerlaw(data, discrete=True)
        except ValueError:
            fit = None
    if fit is not None:
        x = np.unique(np.round(np.geomspace(fit.x_min, max(values.max(), fit.x_min + 1), 60)))
        y = _discrete_powerlaw_pmf(x, fit) * fit.n_tail / max(fit.n, 1)
        f.add_series(_series(x, y, _STYLE.line, f"alpha = {fit.alpha:.2f} +- {fit.alpha_se:.2f}, x_min = {fit.x_min:g}",
                             "#d62728", 1.5))
    return f


def avalanche_distribution(t, ids=None, *, which: str = "size", ax=None, bin_ms: float = 0.0, **window):
    """Avalanche size (or duration) distribution with its power-law fit. Returns the Axes."""
    aval = t if isinstance(t, _core.analysis.Avalanches) else _an.avalanches(t, ids, bin_ms=bin_ms, **window)
    return draw(avalanche_figure(aval, which), ax)


def avalanches(t, ids=None, *, axes=None, bin_ms: float = 0.0, **window):
    """Size and duration distributions side by side; returns the two Axes."""
    import matplotlib.pyplot as plt

    aval = t if isinstance(t, _core.analysis.Avalanches) else _an.avalanches(t, ids, bin_ms=bin_ms, **window)
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(10, 3.6))
    return draw(avalanche_figure(aval, "size"), axes[0]), draw(avalanche_figure(aval, "duration"), axes[1])


# ---- branching ratio ---------------------------------------------------------------------------

def branching_figure(estimate):
    """Slopes r_k of the multistep regression against k, with the fitted b m^k."""
    r = np.asarray(estimate.r_k)
    k = np.arange(1, len(r) + 1)
    f = _figure("Branching ratio (multistep regression)", f"k (steps of {estimate.bin_ms:g} ms)", "r_k")
    f.add_series(_series(k, r, _STYLE.points, "r_k", "#1f77b4", 2.5))
    f.add_series(_series(k, estimate.b * estimate.m ** k, _STYLE.line, f"b m^k, m = {estimate.m:.4f}", "#d62728"))
    return f


def branching(t, ids=None, *, ax=None, bin_ms: float = 4.0, k_max: int = 40, **window):
    """The multistep-regression fit behind the branching ratio. Returns the Axes."""
    est = t if isinstance(t, _core.analysis.BranchingEstimate) else \
        _an.branching_ratio(t, ids, bin_ms=bin_ms, k_max=k_max, **window)
    return draw(branching_figure(est), ax)
