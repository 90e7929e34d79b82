"""Figures: lamina.plot draws every figure and returns its Axes; the figure data is lamina's own
Figure, which the SVG renderer of `lamina analyze` draws too."""
import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import lamina as la  # noqa: E402
from lamina import _core  # noqa: E402
from conftest import brunel_in_python  # noqa: E402


@pytest.fixture(scope="module")
def spikes():
    net, rec = brunel_in_python(J="1.25 mV", ext_rate="1.6 kHz")
    net.run("500 ms")
    return rec.spikes("E")


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_every_plot_returns_axes(spikes):
    from matplotlib.axes import Axes
    t, ids = spikes
    axes = [la.plot.raster(spikes, bursts=True, network_bursts=True, max_units=50),
            la.plot.raster(t, ids, n_units=800, t_stop=500.0),
            la.plot.population_rate(spikes, bin_ms=5),
            la.plot.isi_histogram(spikes),
            la.plot.avalanche_distribution(spikes, which="size", bin_ms=0.5),
            la.plot.avalanche_distribution(spikes, which="duration", bin_ms=0.5),
            la.plot.branching(spikes)]
    axes += list(la.plot.avalanches(spikes, bin_ms=0.5))
    assert all(isinstance(ax, Axes) for ax in axes)


def test_plots_draw_the_data(spikes):
    ax = la.plot.raster(spikes, max_units=20)
    x, y = ax.lines[0].get_data()
    keep = spikes.ids < 20
    np.testing.assert_array_equal(np.sort(x), np.sort(spikes.times[keep]))
    np.testing.assert_array_equal(np.sort(y), np.sort(spikes.ids[keep].astype(float)))
    assert ax.get_ylim() == (-0.5, 19.5)
    ax = la.plot.population_rate(spikes, bin_ms=10, sigma_ms=None)
    np.testing.assert_allclose(ax.lines[0].get_ydata()[:-1], la.analysis.population_rate(spikes).values)


def test_an_existing_axes_is_drawn_on(spikes):
    fig, ax = plt.subplots()
    assert la.plot.isi_histogram(spikes, ax=ax) is ax
    assert len(ax.patches) > 5 and ax.get_xscale() == "log"


def test_bursts_are_shaded_on_their_rows():
    units = [np.array([100.0, 105.0, 110.0, 115.0, 900.0]), np.array([500.0, 504.0, 508.0, 512.0])]
    f = la.plot.raster_figure(units, t_start=0.0, t_stop=1000.0, bursts=True)
    spans = [(s.x0, s.x1, s.y0, s.y1) for s in f.spans]
    assert spans == [(100.0, 115.0, -0.5, 0.5), (500.0, 512.0, 0.5, 1.5)]


def test_figures_render_as_svg_too(spikes):
    for fig in (la.plot.raster_figure(spikes, bursts=True, max_units=10), la.plot.rate_figure(spikes),
                la.plot.isi_figure(spikes), la.plot.avalanche_figure(la.analysis.avalanches(spikes)),
                la.plot.branching_figure(la.analysis.branching_ratio(spikes))):
        assert isinstance(fig, _core.figures.Figure)
        svg = la.plot.to_svg(fig)
        assert svg.startswith("<svg") and fig.title in svg
    page = _core.figures.html_page("t", [_core.figures.Section("a", "<p>x</p>")])
    assert "<h2>a</h2>" in page


def test_avalanche_fit_line_follows_the_fit(spikes):
    aval = la.analysis.avalanches(spikes)  # bins of the mean inter-event interval
    assert len(aval) > 100
    fit = la.analysis.fit_powerlaw(aval.sizes)
    f = la.plot.avalanche_figure(aval, "size", fit)
    line = f.data[1]
    x, y = np.array(line.x), np.array(line.y)
    slope = np.polyfit(np.log(x), np.log(y), 1)[0]
    assert slope == pytest.approx(-fit.alpha, rel=1e-6)
    assert line.label.startswith(f"alpha = {fit.alpha:.2f}")
