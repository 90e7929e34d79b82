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
