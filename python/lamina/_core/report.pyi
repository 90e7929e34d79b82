"""Type stubs of lamina._core.report: the figures and tables of an analysis (lamina::report), the
code behind `lamina analyze`'s report and lamina.plot."""
from typing import Optional

import numpy

from lamina._core import Recording, SpikeTrains
from lamina._core.analysis import (Avalanches, BranchingEstimate, PowerlawFit, RecordingSummary,
                                   RecordingSummaryOptions, TimeSeries)
from lamina._core.figures import Figure

def raster_figure(trains: SpikeTrains, bursts: Optional[numpy.ndarray] = None, network_bursts: Optional[numpy.ndarray] = None, max_spikes: int = 50000) -> Figure:
    """Raster (time in s, unit) with single-unit bursts shaded on their row and network bursts at full height."""

def population_rate_figure(rate: TimeSeries, smoothed: Optional[TimeSeries] = None, network_bursts: Optional[numpy.ndarray] = None) -> Figure:
    """Binned and smoothed population rate (Hz per unit) against time (s), network bursts shaded."""

def isi_histogram_figure(trains: SpikeTrains) -> Figure:
    """Pooled ISI histogram on logarithmic bins (density)."""

def avalanche_figure(avalanches: Avalanches, fit: PowerlawFit, sizes: bool = True) -> Figure:
    """Avalanche size (or duration) density, log-binned, with the fitted power law from x_min."""

def branching_figure(estimate: BranchingEstimate) -> Figure:
    """Multistep regression slopes r_k against lag with the fitted b m^k."""

def summary_json(recording: Recording, path: str, summary: RecordingSummary, options: RecordingSummaryOptions) -> str:
    """json of `lamina analyze`: every statistic with the parameters used."""

def summary_csv_header() -> str:
    """Header of the one-row-per-recording CSV table."""

def summary_csv_row(recording: Recording, path: str, summary: RecordingSummary) -> str:
    """One row of that table."""

def analysis_report_html(recording: Recording, path: str, summary: RecordingSummary) -> str:
    """The HTML report of `lamina analyze`."""
