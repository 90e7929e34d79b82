"""lamina.analysis on numpy arrays gives the C++ analysis layer's numbers (on the simulator's own
spike trains, and in the command line's summary), and the numbers statistics should give."""
import json
import subprocess

import numpy as np
import pytest

import lamina as la
from lamina import _core
from conftest import BUILD, SMALL_BRUNEL, brunel_in_python

A = _core.analysis
T_MS = 300.0


@pytest.fixture(scope="module")
def brunel():
    net, rec = brunel_in_python(J="1.25 mV", ext_rate="1.6 kHz")
    net.run(T_MS)
    return net, rec


def same(a, b):
    np.testing.assert_array_equal(np.asarray(a), np.asarray(b))  # NaN == NaN here


def test_numpy_input_gives_the_cpp_results_on_the_simulators_trains(brunel):
    net, rec = brunel
    cpp = net.simulation.spike_trains_of("E")  # built in C++ from the recorder, no numpy involved
    t, ids = rec.spikes("E")
    window = dict(n_units=800, t_start=0.0, t_stop=T_MS)
    spikes = rec.spikes("E")  # also carries n_units and the window
    for via in ((t, ids), (spikes,)):
        kw = window if len(via) == 2 else {}
        same(la.analysis.firing_rates(*via, **kw), A.firing_rates(cpp))
        same(la.analysis.cv_isi(*via, **kw), A.cv_isi(cpp))
        same(la.analysis.cv2(*via, **kw), A.cv2(cpp))
        same(la.analysis.lv(*via, **kw), A.lv(cpp))
        same(la.analysis.fano_factor(*via, window_ms=50, **kw), A.fano_factor(cpp, 50.0))
        same(la.analysis.population_rate(*via, bin_ms=5, **kw).values, A.population_rate(cpp, 5.0).values)
        same(la.analysis.population_rate(*via, sigma_ms=5, bin_ms=1, **kw).values,
             A.smoothed_population_rate(cpp, 5.0, 1.0).values)
        assert la.analysis.golomb_chi(*via, **kw) == A.golomb_chi(cpp)
        assert la.analysis.mean_rate(*via, **kw) == A.mean_population_rate(cpp)
        same(la.analysis.avalanches(*via, bin_ms=0.5, **kw).sizes, A.detect_avalanches(cpp, 0.5).sizes)
        assert la.analysis.branching_ratio(*via, **kw).m == A.branching_ratio(cpp).m
        assert la.analysis.participation_ratio(*via, bin_ms=20, **kw) == A.participation_ratio(cpp, 20.0)
        assert la.analysis.intrinsic_timescale(*via, max_lag_ms=100, **kw).tau_ms == \
            A.intrinsic_timescale(cpp, 5.0, 100.0).tau_ms
        same(la.analysis.bursts(*via, max_begin_isi_ms=5, max_end_isi_ms=10, min_ibi_ms=10, min_duration_ms=0,
                                **kw),
             A.max_interval_bursts(cpp, la.analysis._options(A.MaxIntervalOptions, dict(
                 max_begin_isi_ms=5, max_end_isi_ms=10, min_ibi_ms=10, min_duration_ms=0), "")))
        pairs = A.sample_pairs(800, 50, 3)
        same(la.analysis.sttc(*via, pairs=pairs, **kw), A.sttc_pairs(cpp, pairs, 5.0))
        same(la.analysis.spike_count_correlation(*via, bin_ms=20, pairs=pairs, **kw),
             A.spike_count_correlation(cpp, 20.0, pairs))


def _isis(t, ids, n):
    order = np.lexsort((t, ids))
    t, ids = t[order], ids[order]
    return [np.diff(t[ids == u]) for u in range(n)]


def test_numbers_agree_with_plain_numpy(brunel):
    _, rec = brunel
    t, ids = rec.spikes("I")
    n = 200
    isis = _isis(t, ids, n)
    rates = np.bincount(ids.astype(int), minlength=n) / (T_MS / 1000)
    np.testing.assert_allclose(la.analysis.firing_rates(t, ids, n_units=n, t_start=0, t_stop=T_MS), rates,
                               rtol=1e-12)
    cv = np.array([i.std() / i.mean() if len(i) >= 2 else np.nan for i in isis])
    np.testing.assert_allclose(la.analysis.cv_isi(rec.spikes("I")), cv, rtol=1e-9)
    lv = np.array([3 * np.mean(((i[:-1] - i[1:]) / (i[:-1] + i[1:])) ** 2) if len(i) >= 2 else np.nan
                   for i in isis])
    np.testing.assert_allclose(la.analysis.lv(rec.spikes("I")), lv, rtol=1e-9)
    # Windows [0, 50), [50, 100), ... half-open, as lamina's bins are (np.histogram closes its last one).
    window_of = np.floor(t / 50.0).astype(int)
    counts = np.zeros((n, int(T_MS // 50)))
    np.add.at(counts, (ids.astype(int)[t < T_MS], window_of[t < T_MS]), 1)
    # A unit silent in every window has no Fano factor: NaN, as lamina reports it (no 0/0 warning).
    mean_count = counts.mean(axis=1)
    fano = np.full(n, np.nan)
    np.divide(counts.var(axis=1, ddof=1), mean_count, out=fano, where=mean_count > 0)
    np.testing.assert_allclose(la.analysis.fano_factor(rec.spikes("I"), window_ms=50), fano, rtol=1e-9)
    pop = np.bincount(np.floor(t[t < T_MS] / 10.0).astype(int), minlength=int(T_MS // 10)) / n / 0.01
    np.testing.assert_allclose(la.analysis.population_rate(rec.spikes("I")).values, pop, rtol=1e-12)


def test_lamina_run_summary_equals_python_analysis_of_its_spike_file(tmp_path, examples):
    cli = BUILD / "lamina"
    if not cli.exists():
        pytest.skip(f"the lamina command is not built in {BUILD}")
    sets = [f"--set={k}={v}" for k, v in SMALL_BRUNEL.items()] + ["--set=simulation.duration=200 ms"]
    subprocess.run([str(cli), "run", str(examples / "brunel.toml"), "--out", str(tmp_path), *sets],
                   check=True, capture_output=True)
    summary = json.loads((tmp_path / "summary.json").read_text())
    recording = la.read_recording(tmp_path / "spikes.h5", populations=["E"])
    assert recording.format == "sonata"
    rates = la.analysis.firing_rates(recording, t_start=0, t_stop=200)
    cvs = la.analysis.cv_isi(recording, t_start=0, t_stop=200)
    E = summary["populations"]["E"]
    assert la.analysis.mean_finite(rates) == pytest.approx(E["mean_rate_Hz"], rel=1e-12)
    assert la.analysis.mean_finite(cvs) == pytest.approx(E["mean_cv_isi"], rel=1e-12)
    # And the file holds the spikes the Python API produces for the same model.
    net = la.load(examples / "brunel.toml", set=SMALL_BRUNEL)
    net.run("200 ms")
    t, ids = net.spikes("E")
    np.testing.assert_array_equal(np.sort(recording.trains.times), np.sort(t))


def test_summary_equals_lamina_analyze(tmp_path, brunel):
    # What lamina analyze writes for a spike file, lamina.analysis.summary_json gives for the same
    # spikes from Python: the same code, the same numbers.
    cli = BUILD / "lamina"
    if not cli.exists():
        pytest.skip(f"the lamina command is not built in {BUILD}")
    net, _ = brunel
    net.save(tmp_path / "run")
    spikes = tmp_path / "run" / "spikes.h5"
    subprocess.run([str(cli), "analyze", str(spikes), "--population", "E", "--gof-reps", "20",
                    "--out", str(tmp_path / "analysis")], check=True, capture_output=True)
    from_cli = json.loads((tmp_path / "analysis" / "analysis.json").read_text())
    recording = la.read_recording(spikes, populations=["E"])
    from_python = la.analysis.summary_json(recording, path=str(spikes), gof_reps=20)
    assert from_python == from_cli
    s = la.analysis.summary(recording, gof_reps=20)
    assert s.units == 800 and s.t_stop_ms == pytest.approx(T_MS)  # the window saved with the spikes
    assert s.mean_rate_hz == pytest.approx(la.analysis.mean_rate(net.spikes("E")), rel=1e-12)
    for name in ("size_gof_p", "crackling", "timescale", "branching", "chi", "mean_cv_isi"):
        # Each statistic is there, or missing with the reason (300 ms are too short for the
        # default 500 ms of autocorrelation lags, for one).
        assert (getattr(s, name) is None) == (name in s.missing) and s.missing.get(name, "x")
    assert "max_lag" in s.missing["timescale"]
    html = la.analysis.report_html(recording, path=str(spikes), gof_reps=0)
    assert html.startswith("<!DOCTYPE html>") and "<svg" in html


def test_poisson_and_gamma_trains_have_their_known_irregularity():
    rng = np.random.default_rng(7)
    # 50 units, 10 Hz, 200 s. Poisson: CV = CV2 = LV = Fano = 1. Standard errors of the means over
    # 50 units of ~2000 ISIs are below 0.01; 0.05 leaves room without hiding a wrong formula.
    units = [np.cumsum(rng.exponential(100.0, 2400)) for _ in range(50)]  # past 200 s for every unit
    units = [u[u < 200_000] for u in units]
    kw = dict(t_start=0.0, t_stop=200_000.0)
    for stat in (la.analysis.cv_isi, la.analysis.cv2, la.analysis.lv):
        assert np.nanmean(stat(units, **kw)) == pytest.approx(1.0, abs=0.05)
    assert np.nanmean(la.analysis.fano_factor(units, window_ms=1000, **kw)) == pytest.approx(1.0, abs=0.05)
    assert np.mean(la.analysis.firing_rates(units, **kw)) == pytest.approx(10.0, rel=0.03)
    # Gamma of shape 4: CV = 1/2 and E[LV] = 3 / (2k + 1) = 1/3 (Shinomoto et al. 2003).
    gamma = [np.cumsum(rng.gamma(4.0, 25.0, 2000)) for _ in range(50)]
    assert np.nanmean(la.analysis.cv_isi(gamma)) == pytest.approx(0.5, abs=0.02)
    assert np.nanmean(la.analysis.lv(gamma)) == pytest.approx(1 / 3, abs=0.02)


def test_planted_bursts_are_found():
    # 10 units with bursts of 6 spikes 5 ms apart every 2 s, and sparse background spikes 300+ ms
    # apart: MaxInterval (defaults) finds every planted burst and nothing else.
    units = []
    for u in range(10):
        starts = 1000.0 + 2000.0 * np.arange(10) + 37.0 * u
        burst = (starts[:, None] + 5.0 * np.arange(6)).ravel()
        background = 1000.0 + 2000.0 * np.arange(10) + 1000.0 + 3.0 * u
        units.append(np.sort(np.concatenate([burst, background])))
    b = la.analysis.bursts(units, t_start=0.0, t_stop=22_000.0)
    assert len(b) == 100 and set(np.unique(b["unit"])) == set(range(10))
    assert np.all(b["spikes"] == 6) and np.allclose(b["end_ms"] - b["start_ms"], 25.0)
    summary = la.analysis.burst_summary(units, bursts=b, t_start=0.0, t_stop=22_000.0)
    assert summary.bursting_units == 10
    assert summary.population.mean_spikes == pytest.approx(6.0)
    assert summary.population.fraction_spikes_in_bursts == pytest.approx(60 / 70)


def test_power_law_fit_recovers_alpha():
    rng = np.random.default_rng(3)
    data = rng.zipf(2.5, 5000).astype(float)
    fit = la.analysis.fit_powerlaw(data)
    assert abs(fit.alpha - 2.5) < 3 * fit.alpha_se + 0.02
    assert set(la.analysis.compare_tails(data, fit)) == {"lognormal", "exponential"}


def test_bad_input_raises():
    with pytest.raises(ValueError, match="must not be negative"):
        la.analysis.cv_isi(np.array([1.0, 2.0]), np.array([0, -1]))
    with pytest.raises(ValueError, match="2 times but 3 ids"):
        la.analysis.cv_isi(np.array([1.0, 2.0]), np.array([0, 1, 1]))
    with pytest.raises(ValueError, match="whole numbers"):
        la.analysis.cv_isi(np.array([1.0, 2.0]), np.array([0.5, 1]))
    with pytest.raises(ValueError, match="finite"):
        la.analysis.cv_isi(np.array([1.0, np.nan]), np.array([0, 1]))
    with pytest.raises(KeyError, match='unknown option "max_isi"'):
        la.analysis.bursts(np.array([1.0, 2.0]), np.array([0, 1]), max_isi=3)
    with pytest.raises(la.InputError):  # the C++ layer's own check: bin must be positive
        la.analysis.population_rate(np.array([1.0, 2.0]), np.array([0, 1]), bin_ms=0.0)
    with pytest.raises(ValueError, match="1-d"):
        A.sttc(np.zeros((2, 2)), np.zeros(2), 0.0, 1.0)


def test_series_versions_take_plain_signals():
    # An AR(1) process x_t = m x_{t-1} + noise has branching ratio m and autocorrelation time
    # -dt / ln m; 20000 samples give both to within a few percent.
    rng = np.random.default_rng(5)
    m, n = 0.9, 20000
    x = np.zeros(n)
    for k in range(1, n):
        x[k] = m * x[k - 1] + rng.normal()
    est = la.analysis.branching_ratio_series(x + 10.0, bin_ms=2.0)
    assert est.m == pytest.approx(m, abs=0.02)
    tau = la.analysis.intrinsic_timescale_series(x, 2.0, max_lag=60)
    assert tau.tau_ms == pytest.approx(-2.0 / np.log(m), rel=0.15)
