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
            la.plot.raster(spikes, bursts="logisi", max_units=100),
            la.plot.raster(t, ids, n_units=800, t_stop=500.0, max_spikes=5000),
            la.plot.population_rate(spikes, bin_ms=5),
            la.plot.isi_histogram(spikes),
            la.plot.avalanche_distribution(spikes, which="size", bin_ms=0.5),
            la.plot.avalanche_distribution(spikes, which="duration", bin_ms=0.5),
            la.plot.branching(spikes)]
    axes += list(la.plot.avalanches(spikes, bin_ms=0.5))
    assert all(isinstance(ax, Axes) for ax in axes)


def test_plots_draw_the_data(spikes):
    ax = la.plot.raster(spikes, max_units=20)
    # The report's raster: an invisible series pinning the axes to the window, then the spikes (s).
    (x0, y0), (x, y) = ax.lines[0].get_data(), ax.lines[1].get_data()
    np.testing.assert_array_equal(x0, [0.0, 0.5])
    np.testing.assert_array_equal(y0, [-0.5, 19.5])
    keep = spikes.ids < 20
    np.testing.assert_allclose(np.sort(x), np.sort(spikes.times[keep]) / 1000.0)
    np.testing.assert_array_equal(np.sort(y), np.sort(spikes.ids[keep].astype(float)))
    ax = la.plot.population_rate(spikes, bin_ms=10, sigma_ms=None)
    np.testing.assert_allclose(ax.lines[0].get_ydata(), la.analysis.population_rate(spikes).values)
    np.testing.assert_allclose(ax.lines[0].get_xdata(), (la.analysis.population_rate(spikes).times + 5.0) / 1000)


def test_an_existing_axes_is_drawn_on(spikes):
    fig, ax = plt.subplots()
    assert la.plot.isi_histogram(spikes, ax=ax) is ax
    assert len(ax.lines[0].get_xdata()) > 5 and ax.get_xscale() == "log" and ax.get_yscale() == "log"


def test_bursts_are_shaded_on_their_rows():
    units = [np.array([100.0, 105.0, 110.0, 115.0, 900.0]), np.array([500.0, 504.0, 508.0, 512.0])]
    f = la.plot.raster_figure(units, t_start=0.0, t_stop=1000.0, bursts=True)
    spans = [(s.x0, s.x1, s.y0, s.y1) for s in f.spans]  # seconds; rows +-0.45 around the unit
    assert spans == pytest.approx([(0.1, 0.115, -0.45, 0.45), (0.5, 0.512, 0.55, 1.45)])


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
    assert x[0] == fit.x_min and f"alpha = {fit.alpha:.2f}"[:12] in line.label


def test_plot_figures_are_the_reports_figures(spikes):
    # lamina.plot draws what lamina analyze puts in its report: the same C++ builders.
    tr = spikes.trains()
    a = la.plot.isi_figure(spikes)
    b = _core.report.isi_histogram_figure(tr)
    assert la.plot.to_svg(a) == la.plot.to_svg(b)
    est = la.analysis.branching_ratio(spikes)
    assert la.plot.to_svg(la.plot.branching_figure(est)) == la.plot.to_svg(_core.report.branching_figure(est))
