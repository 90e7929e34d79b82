"""lamina.training_analysis on hand-built networks whose fixed points are known: rank-1 and rank-2
tanh networks reduce to kappa = g tanh(kappa + h) (roots by brentq to 1e-15, saddle-node at
h_c = sqrt(g(g-1)) - artanh(sqrt(1-1/g))), the latent projection of a low-rank trajectory started in
span(m, B) reproduces the trainer's own outputs, and the slow point of a linear full-rank network is
(1 - J)^-1 B u."""
import numpy as np
import pytest
from scipy import optimize

import lamina.training as lt
import lamina.training_analysis as ta


def sign_network(N=200, g=(2.0,), h_gain=None, seed=0):
    """Rank R with disjoint supports: m_r = s on block r (random signs s, 0 elsewhere), n_r = g_r m_r /
    |block|, so n_r^T tanh(m kappa + B u) = g_r tanh(kappa_r + h_r . u) for B = sum_r m_r h_r^T."""
    R = len(g)
    s = np.random.default_rng(seed).choice([-1.0, 1.0], N)
    blocks = np.array_split(np.arange(N), R)
    m = np.zeros((N, R))
    for r, b in enumerate(blocks):
        m[b, r] = s[b]
    n = m * (np.asarray(g) / np.array([len(b) for b in blocks]))[None, :]
    h = np.zeros((R, 1)) if h_gain is None else np.asarray(h_gain, dtype=float).reshape(R, 1)
    return ta.Parameters(phi="tanh", alpha=0.1, B=m @ h, W=np.zeros((1, N)), x0=np.zeros(N), m=m, n=n)


def roots_g_tanh(g, h):
    """All roots of k = g tanh(k + h), bracketed between the extrema of f(k) = g tanh(k + h) - k."""
    f = lambda k: g * np.tanh(k + h) - k  # noqa: E731
    edges = [-g - abs(h) - 1, g + abs(h) + 1]
    if g > 1:
        y = np.arctanh(np.sqrt(1 - 1 / g))  # f' = 0 at k + h = +-y
        edges = sorted(edges + [y - h, -y - h])
    out = []
    for a, b in zip(edges[:-1], edges[1:]):
        if f(a) * f(b) < 0:
            out.append(optimize.brentq(f, a, b, xtol=1e-15, rtol=1e-15))
    return out


def test_rank1_bistable_fixed_points_and_stability():
    p = sign_network(g=(2.0,))
    fps = ta.latent_fixed_points(p, [0.0])
    kstar = roots_g_tanh(2.0, 0.0)[-1]  # 1.9150080...
    assert kstar == pytest.approx(1.915008, abs=1e-6)
    assert [float(f.kappa[0]) for f in fps] == pytest.approx([-kstar, 0.0, kstar], abs=1e-8)
    # eigenvalue -1 + g sech^2(kappa): +1 at the origin (unstable), negative at the two attractors
    assert [f.stable for f in fps] == [True, False, True]
    for f in fps:
        assert f.eigenvalues[0].real == pytest.approx(-1 + 2.0 / np.cosh(f.kappa[0]) ** 2, abs=1e-10)


def test_rank2_fixed_points_and_the_context_saddle_node():
    g = 2.0
    hc = ta.saddle_node_input(g)
    assert hc == pytest.approx(np.sqrt(2) - np.arctanh(np.sqrt(0.5)), abs=1e-15)  # 0.53284
    p = sign_network(g=(g, 1.5), h_gain=(1.0, 0.0))   # the context drives kappa_1 only
    for h in (0.0, 0.3, 0.9):
        fps = ta.latent_fixed_points(p, [h])
        k1, k2 = roots_g_tanh(g, h), roots_g_tanh(1.5, 0.0)
        expected = sorted((a, b) for a in k1 for b in k2)
        assert len(fps) == len(expected) == (9 if h < hc else 3)
        np.testing.assert_allclose([f.kappa for f in fps], expected, atol=1e-8)
        for f in fps:   # diagonal Jacobian: stable iff both g_r sech^2 < 1
            assert f.stable == (g / np.cosh(f.kappa[0] + h) ** 2 < 1 and 1.5 / np.cosh(f.kappa[1]) ** 2 < 1)
    sweep = ta.context_sweep(p, [0.0], 0, [hc - 0.01, hc + 0.01])
    assert [sum(f.stable for f in fps) for _, fps in sweep] == [4, 2]


def test_latent_projection_reproduces_the_trainers_trajectory():
    N, R, C, T = 60, 2, 2, 80
    net = lt.make_network(N, inputs=C, rank=R, noise_std=0.0, factor_std=3.0, seed=5)
    p = ta.parameters(net)
    kappa0, v0 = np.array([0.7, -1.2]), np.array([0.3, 0.0])
    net.x0 = list(p.m @ kappa0 + p.B @ v0)
    p = ta.parameters(net)
    u = np.random.default_rng(1).normal(size=(3, T, C))
    x = ta.simulate(p, u)
    task = lt.task_from_arrays(u, np.zeros((3, T, net.outputs)))
    z = np.asarray(lt.outputs(net, task)).reshape(3, T, net.outputs)
    # the numpy step is the trainer's: outputs W phi(x_{t+1}) agree to rounding
    np.testing.assert_allclose(np.tanh(x[:, 1:]) @ p.W.T, z, atol=1e-12)
    k, v = ta.project(p, x)
    kl, vl = ta.latent_simulate(p, u, kappa0, v0)
    np.testing.assert_allclose(k, kl, atol=1e-10)
    np.testing.assert_allclose(v, vl, atol=1e-10)
    np.testing.assert_allclose(np.einsum("tsr,nr->tsn", kl, p.m) + np.einsum("tsc,nc->tsn", vl, p.B), x, atol=1e-10)
    frac = ta.variance_captured(p, x)
    assert frac["span_m_B"] == pytest.approx(1.0, abs=1e-12)   # all the activity lies in span(m, B)
    assert frac["top_4_pcs"] == pytest.approx(1.0, abs=1e-12)  # ... which is 4-dimensional
    assert frac["span_m"] < 1.0


def test_slow_point_of_a_linear_full_rank_network_is_the_analytic_fixed_point():
    N = 30
    rng = np.random.default_rng(3)
    J = rng.normal(0, 0.8 / np.sqrt(N), (N, N))   # spectral radius ~0.8: I - J invertible, stable
    B = rng.normal(size=(N, 2))
    p = ta.Parameters(phi="linear", alpha=0.1, B=B, W=np.zeros((1, N)), x0=np.zeros(N), J=J)
    u = np.array([0.5, -1.0])
    exact = np.linalg.solve(np.eye(N) - J, B @ u)
    starts = rng.normal(size=(3, N))
    for s in ta.slow_points(p, u, starts):
        assert s["fixed"]
        np.testing.assert_allclose(s["x"], exact, atol=1e-8)
        assert np.all(s["eigenvalues"].real < 0)


def test_slow_points_of_a_tanh_network_find_the_rank1_attractor_in_full_rank_form():
    p = sign_network(N=40, g=(2.0,))
    full = ta.Parameters(phi="tanh", alpha=0.1, B=p.B, W=p.W, x0=p.x0, J=p.m @ p.n.T)
    kstar = roots_g_tanh(2.0, 0.0)[-1]
    s = ta.slow_points(full, [0.0], [p.m[:, 0] * 1.5])[0]
    assert s["fixed"]
    np.testing.assert_allclose(s["x"], p.m[:, 0] * kstar, atol=1e-8)
    assert np.max(s["eigenvalues"].real) == pytest.approx(-1 + 2.0 / np.cosh(kstar) ** 2, abs=1e-10)


def test_bad_phi_is_named():
    with pytest.raises(ValueError, match="phi 'cosh'"):
        ta.phi("cosh", 0.0)


def test_a_trained_directory_loads_and_its_activity_lies_in_span_m_B(tmp_path, examples):
    with pytest.raises(FileNotFoundError, match="checkpoint.h5"):
        ta.load_trained(tmp_path)
    tiny = {"network.units": 40, "task.trials": 12, "task.test_trials": 4, "training.epochs": 1,
            "training.batch_size": 12, "evaluate.trials": 1, "training.threads": 1}
    lt.train(examples / "training" / "csg_low_rank.toml", tmp_path / "run", set=tiny, progress=False)
    p, summary = ta.load_trained(tmp_path / "run")
    assert (p.units, p.rank, p.phi) == (40, 2, "tanh") and summary["epochs"] == 1
    u, _, _ = lt.arrays(lt.cue_set_go([800, 1550], trials=2, no_set_fraction=0.0, seed=3))
    x = ta.simulate(p, u)           # noiseless from x0 = 0: the closed latent dynamics hold exactly
    assert ta.variance_captured(p, x)["span_m_B"] == pytest.approx(1.0, abs=1e-12)
    # Activity confined to span(m, B) has at most R + inputs = 4 dimensions, and rank 2 uses more than one.
    assert 1.0 < ta.participation_ratio(x) <= 4.0 + 1e-9
    assert 1.0 < ta.participation_ratio(x, centred=False) <= 4.0 + 1e-9


def test_participation_ratio_is_the_eigenvalue_ratio_of_known_spectra():
    """States +-a_i q_i along orthonormal q_i (a random rotation in N = 30) have second-moment
    eigenvalues 2 a_i^2 and mean zero, so PR = (sum a^2)^2 / sum a^4: 3 for three equal axes."""
    q, _ = np.linalg.qr(np.random.default_rng(1).standard_normal((30, 30)))
    a = np.array([1.0, 1.0, 1.0, 0.0])
    x = np.concatenate([a[:, None] * q[:4], -a[:, None] * q[:4]])
    assert ta.participation_ratio(x) == pytest.approx(3.0, rel=1e-12)
    a = np.array([2.0, 1.0, 1.0, 0.5])
    x = np.concatenate([a[:, None] * q[:4], -a[:, None] * q[:4]]).reshape(2, 4, 30)  # leading axes pool
    expected = np.sum(a ** 2) ** 2 / np.sum(a ** 4)
    assert ta.participation_ratio(x) == pytest.approx(expected, rel=1e-12)
    # A constant offset: one dimension when the mean is kept, nothing left once it is removed.
    offset = np.tile(q[0], (5, 1))
    assert ta.participation_ratio(offset, centred=False) == pytest.approx(1.0, rel=1e-12)
    with pytest.raises(ValueError, match="all zero"):
        ta.participation_ratio(offset)
