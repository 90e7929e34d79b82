"""Figures of spiking activity with matplotlib: raster (with bursts), population rate, ISI
histogram, avalanche size and duration distributions with their power-law fits, and the
branching-ratio regression. Each plotting function returns the matplotlib Axes it drew on.

Each figure has one implementation. It is built in C++ (lamina::report, the code that makes the
figures of `lamina analyze`'s HTML report) as data: a ``lamina._core.figures.Figure`` of series,
shaded spans and axis settings. The ``*_figure`` functions here return that data; ``draw()``
renders any such figure with matplotlib, and ``to_svg()`` writes it as the report does.

Spikes are given as for lamina.analysis: ``t, ids`` arrays, a Spikes object from a recorder, a
list of per-unit arrays, SpikeTrains or a Recording. Times on the time axes are in seconds, as in
the report.
"""
from __future__ import annotations

import re
from typing import Optional

import numpy as np

from . import _core
from . import analysis as _an

F = _core.figures
_R = _core.report
_STYLE = F.Series.Style
_PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"]  # as the SVG renderer's


def _color(css: str):
    """A CSS colour as matplotlib takes it (rgba(r, g, b, a) is converted)."""
    m = re.fullmatch(r"\s*rgba?\(([^)]*)\)\s*", css or "")
    if not m:
        return css
    parts = [float(p) for p in m.group(1).split(",")]
    rgb = [min(max(p / 255.0, 0.0), 1.0) for p in parts[:3]]
    return tuple(rgb + [parts[3] if len(parts) > 3 else 1.0])


def draw(figure, ax=None):
    """Draws a lamina figure (``_core.figures.Figure``) on `ax` (a new one if None); returns the Axes.
    Series styles map as the SVG renderer draws them: line, points (marker radius in px), steps (a
    value holds until the next x), bars (90% of the spacing); spans shade an x interval (in y too
    where y0 != y1)."""
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
            # A radius in px (SVG) as a marker diameter in points: 2 r * 0.75 pt/px.
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

def raster_figure(t, ids=None, *, bursts=None, network_bursts=None, max_units: Optional[int] = None,
                  max_spikes: int = 50000, **window):
    """Raster with single-unit bursts shaded on their row and network bursts at full height.
    bursts: True (MaxInterval with its defaults), "logisi", or an array from
    lamina.analysis.bursts(); network_bursts: True or an array from lamina.analysis.network_bursts().
    max_units: only the first units; beyond max_spikes spikes the shown time range is shortened."""
    tr = _an.trains(t, ids, **window)
    if max_units is not None and max_units < tr.units:
        tr = _core.analysis.select_units(tr, list(range(max_units)))
    if bursts is True or isinstance(bursts, str):
        bursts = _an.bursts(tr, method="max_interval" if bursts is True else bursts)
    elif bursts is not None and bursts is not False and max_units is not None:
        bursts = bursts[bursts["unit"] < tr.units]
    if network_bursts is True:
        network_bursts = _an.network_bursts(tr)
    return _R.raster_figure(tr, None if bursts is False else bursts,
                            None if network_bursts is False else network_bursts, max_spikes)


def raster(t, ids=None, *, ax=None, bursts=None, network_bursts=None, max_units: Optional[int] = None,
           max_spikes: int = 50000, **window):
    """Raster plot (time in s), detected bursts shaded (see raster_figure). Returns the Axes."""
    return draw(raster_figure(t, ids, bursts=bursts, network_bursts=network_bursts, max_units=max_units,
                              max_spikes=max_spikes, **window), ax)


# ---- population rate ---------------------------------------------------------------------------

def rate_figure(t, ids=None, *, bin_ms: float = 10.0, sigma_ms: Optional[float] = 10.0, network_bursts=None,
                **window):
    """Population rate (Hz per unit) in bins of `bin_ms` and, with `sigma_ms`, smoothed by a
    Gaussian kernel on a 1 ms grid; network bursts (True or an array) shaded."""
    tr = _an.trains(t, ids, **window)
    smoothed = _an.population_rate(tr, bin_ms=1.0, sigma_ms=sigma_ms) if sigma_ms else None
    if network_bursts is True:
        network_bursts = _an.network_bursts(tr)
    return _R.population_rate_figure(_an.population_rate(tr, bin_ms=bin_ms), smoothed,
                                     None if network_bursts is False else network_bursts)


def population_rate(t, ids=None, *, ax=None, bin_ms: float = 10.0, sigma_ms: Optional[float] = 10.0,
                    network_bursts=None, **window):
    """Population rate over time, binned and smoothed. Returns the Axes."""
    return draw(rate_figure(t, ids, bin_ms=bin_ms, sigma_ms=sigma_ms, network_bursts=network_bursts, **window), ax)


# ---- ISI histogram -----------------------------------------------------------------------------

def isi_figure(t, ids=None, **window):
    """Density of the pooled inter-spike intervals of all units on logarithmic bins."""
    return _R.isi_histogram_figure(_an.trains(t, ids, **window))


def isi_histogram(t, ids=None, *, ax=None, **window):
    """Log-binned ISI histogram of all units pooled. Returns the Axes."""
    return draw(isi_figure(t, ids, **window), ax)


# ---- avalanches --------------------------------------------------------------------------------

def _avalanche_fits(aval):
    """(size fit, duration fit) as the report makes them (crackling-noise relation), falling back to
    separate fits, or to no fit (n_tail = 0: no line) where the data do not allow one."""
    try:
        c = _core.analysis.crackling_noise_relation(aval)
        return c.size, c.duration
    except ValueError:
        pass
    fits = []
    for data in (aval.sizes, aval.durations):
        try:
            fits.append(_an.fit_powerlaw(data))
        except ValueError:
            fits.append(_core.analysis.PowerlawFit())
    return tuple(fits)


def avalanche_figure(aval, which: str = "size", fit=None):
    """Avalanche size (spikes) or duration (bins) density on log-log axes, with the discrete power
    law fitted above x_min (Clauset et al. 2009) scaled to the tail's share of the data."""
    if which not in ("size", "duration"):
        raise ValueError('which must be "size" or "duration"')
    if fit is None:
        fit = _avalanche_fits(aval)[0 if which == "size" else 1]
    return _R.avalanche_figure(aval, fit, which == "size")


def _avalanches_of(t, ids, bin_ms, window):
    if isinstance(t, _core.analysis.Avalanches):
        return t
    return _an.avalanches(t, ids, bin_ms=bin_ms, **window)


def avalanche_distribution(t, ids=None, *, which: str = "size", ax=None, bin_ms: float = 0.0, **window):
    """Avalanche size (or duration) distribution with its power-law fit. Returns the Axes."""
    return draw(avalanche_figure(_avalanches_of(t, ids, bin_ms, window), which), ax)


def avalanches(t, ids=None, *, axes=None, bin_ms: float = 0.0, **window):
    """Size and duration distributions side by side; returns the two Axes."""
    import matplotlib.pyplot as plt

    aval = _avalanches_of(t, ids, bin_ms, window)
    size_fit, duration_fit = _avalanche_fits(aval)
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(10, 3.6))
    return (draw(avalanche_figure(aval, "size", size_fit), axes[0]),
            draw(avalanche_figure(aval, "duration", duration_fit), axes[1]))


# ---- branching ratio ---------------------------------------------------------------------------

def branching_figure(estimate):
    """Slopes r_k of the multistep regression against k, with the fitted b m^k."""
    return _R.branching_figure(estimate)


def branching(t, ids=None, *, ax=None, bin_ms: float = 4.0, k_max: int = 40, **window):
    """The multistep-regression fit behind the branching ratio. Returns the Axes."""
    est = t if isinstance(t, _core.analysis.BranchingEstimate) else \
        _an.branching_ratio(t, ids, bin_ms=bin_ms, k_max=k_max, **window)
    return draw(branching_figure(est), ax)
