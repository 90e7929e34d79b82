"""lamina.rate_theory: thalamocortical loops, cerebellum-like expansion, negative image (the C++
validation tests check the statistics; these check the Python API against numpy and errors)."""
import numpy as np
import pytest

import lamina
from lamina import rate_theory as rt


def test_loop_moves_only_the_chosen_eigenvalue():
    rng = np.random.default_rng(2)
    n = 60
    J = rng.normal(0, 0.7 / np.sqrt(n), (n, n))
    lam = np.linalg.eigvals(J)
    z = max((v for v in lam if v.imag > 0), key=lambda v: v.imag)
    loop = rt.place_eigenvalues(J, [z], [1 + 0.4j])
    assert loop["u"].shape == (n, 2) and loop["v"].shape == (n, 2)
    new = np.linalg.eigvals(J + loop["u"] @ loop["v"].T)
    expected = np.array([1 + 0.4j if v == z else 1 - 0.4j if v == np.conj(z) else v for v in lam])
    # Every expected eigenvalue has a partner in the new spectrum (numpy's LAPACK, not Eigen).
    assert max(np.min(abs(new - e)) for e in expected) < 1e-8


def test_loop_sequence_shape_and_rotation():
    rng = np.random.default_rng(3)
    n = 40
    J = rng.normal(0, 0.5 / np.sqrt(n), (n, n))
    w, V = np.linalg.eig(J)
    k = int(np.argmax(w.imag))
    loop = rt.place_eigenvalues(J, [w[k]], [1 + 0.2j])
    xs = rt.run_loop_sequence(J, [(loop["u"], loop["v"])], [0], [100.0], V[:, k].real, tau_ms=10.0, dt_ms=0.5)
    assert xs.shape == (200, n)
    c = xs @ np.linalg.inv(V)[k]
    np.testing.assert_allclose(c[-1] / c[0], np.exp(1j * 0.2 * 99.5 / 10.0), atol=1e-8)
    with pytest.raises(lamina.InputError, match="loop 3 does not exist"):
        rt.run_loop_sequence(J, [(loop["u"], loop["v"])], [3], [10.0], V[:, k].real)


def test_expansion_coding_level_and_dimension_formula():
    x, m = rt.expansion(M=30, N=400, K=5, f=0.2, patterns=600, seed=4)
    assert x.shape == (600, 30) and m.shape == (600, 400)
    assert set(np.unique(m)) <= {0.0, 1.0}
    # Coding level: 240000 binary samples (correlated within a pattern): 0.2 to within 0.01.
    assert abs(m.mean() - 0.2) < 0.01
    assert rt.expansion_dimension(30, 400, 30, 0.2) < rt.expansion_dimension(30, 400, 3, 0.2)
    assert rt.threshold_correlation(0.3, 0.5) == pytest.approx(2 / np.pi * np.arcsin(0.3), abs=1e-12)
    with pytest.raises(lamina.InputError, match="coding level f must be in"):
        rt.coding_threshold(1.5)


def test_kernel_theory_and_ridge_agree_with_numpy():
    x, m = rt.expansion(M=20, N=300, K=3, f=0.1, patterns=150, seed=5)
    y = np.sin(x[:, 0])
    eig, coef = rt.kernel_spectrum(m, y)
    K = m @ m.T / 300
    np.testing.assert_allclose(np.sort(eig)[::-1], np.clip(np.linalg.eigvalsh(K / 150)[::-1], 0, None), atol=1e-12)
    assert np.sum(coef ** 2) == pytest.approx(np.mean(y ** 2), rel=1e-10)  # Parseval
    train = np.arange(0, 150, 3, dtype=np.uint64)
    A = K[np.ix_(train, train)] + 1e-2 * np.eye(len(train))
    pred = K[:, train] @ np.linalg.solve(A, y[train])
    assert rt.ridge_readout_error(m, y, train, 1e-2) == pytest.approx(np.mean((pred - y) ** 2), rel=1e-9)
    r = rt.kernel_regression_error(eig, coef, 50, 1e-2)
    assert 0 < r["gamma"] < 1 and 0 < r["error"] < np.mean(y ** 2)


def test_negative_image_learns_least_squares():
    r = rt.learn_negative_image(cycles=300)
    ls = rt.least_squares_cancellation(r["basis"], r["self_input"])
    w_np = np.linalg.lstsq(r["basis"], -r["self_input"], rcond=None)[0]
    # The basis is nearly collinear (gamma bumps): rank cut-offs differ between LAPACK and Eigen, so
    # compare the residual power, which the minimiser fixes, not the weights.
    res_np = np.mean((r["basis"] @ w_np + r["self_input"]) ** 2)
    assert np.mean(ls["residual"] ** 2) == pytest.approx(res_np, rel=1e-6)
    assert r["error"][-1] < 0.05 * r["error"][0]


def _cli():
    from conftest import BUILD
    return BUILD / "lamina"


def test_model_files_of_the_loop_sequence_and_negative_image(tmp_path, examples):
    """examples/rate/thalamocortical.toml and negative_image.toml through `lamina run` give what the
    Python forms give."""
    import json
    import subprocess
    import h5py
    out = tmp_path / "tc"
    subprocess.run([str(_cli()), "run", str(examples / "rate" / "thalamocortical.toml"), "--out", str(out),
                    "--set", "rate_populations.cortex.x0=1.0"], check=True, capture_output=True)
    J = np.loadtxt(examples / "rate" / "thalamocortical_J.csv", delimiter=",")
    loops = [rt.place_eigenvalues(J, [complex(*z)], [complex(1.0, w)])
             for z, w in [((0.0356, 0.7162), 0.25), ((-0.4131, 0.6893), 0.5), ((0.2332, 0.6513), 0.9)]]
    with h5py.File(out / "activity.h5") as f:
        x = f["rate/cortex/data"][0]
        t = f["rate/cortex/time"][:]
    xs = rt.run_loop_sequence(J, [(l["u"], l["v"]) for l in loops], active=[0, 1, 2, -1],
                              durations_ms=[150.0] * 4, x0=np.ones(50), tau_ms=10.0, dt_ms=0.5)
    assert x.shape == xs.shape and t[0] == pytest.approx(0.5)  # samples after each step, as xs
    # Equal up to rounding (the exact propagator is rebuilt at different moments): 1e-9 of the size.
    assert np.abs(x - xs).max() < 1e-9 * np.abs(xs).max()
    s = json.loads((out / "summary.json").read_text())
    assert s["completed"] is True and s["simulated_time_ms"] == pytest.approx(600.0)
    assert [c["rule"] for c in s["model"]["rate_connections"]] == ["matrix", "low_rank", "low_rank", "low_rank"]
    assert s["model"]["rate_connections"][2]["schedule"] == {"times_ms": [150.0, 300.0], "scales": [1.0, 0.0]}

    out = tmp_path / "ni"
    subprocess.run([str(_cli()), "run", str(examples / "rate" / "negative_image.toml"), "--out", str(out),
                    "--set", "negative_image.cycles=60"], check=True, capture_output=True)
    r = rt.learn_negative_image(cycles=60)
    with h5py.File(out / "negative_image.h5") as f:
        assert np.array_equal(f["rate/error/data"][0, :, 0], r["error"])
        assert np.array_equal(f["rate/basis/data"][0], r["basis"])
    s = json.loads((out / "summary.json").read_text())
    assert s["final_error"] == r["error"][-1] and s["eta"] == r["eta"]


def test_heterogeneous_expansion_and_async_hopfield():
    # CV -> 0 is the equal-weight formula; lognormal CV 1 lifts K = 7 close to the optimum.
    assert rt.expansion_dimension_heterogeneous(50, 2000, 5, 0.1, 0.0, samples=10) == pytest.approx(
        rt.expansion_dimension(50, 2000, 5, 0.1), rel=1e-7)
    assert rt.expansion_dimension_heterogeneous(50, 2000, 7, 0.1, 1.0) > 1.1 * rt.expansion_dimension(50, 2000, 7, 0.1)
    x, m = rt.expansion(M=30, N=300, K=4, f=0.2, patterns=400, seed=2, weight_cv=1.0)
    assert m.mean() == pytest.approx(0.2, abs=0.02)
    from lamina import rate_models as rm
    xi = rm.random_patterns(11, 400, 3)
    cue = xi[0].copy()
    cue[::5] *= -1
    state, sweeps, converged = rm.hopfield_recall_async(xi, cue, seed=3)
    assert converged and np.array_equal(state, xi[0]) and sweeps >= 2
