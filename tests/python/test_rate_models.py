"""lamina.rate_models: the mean-field predictions match the published numbers, and the rule
helpers build the matrices they promise (when lamina.rate is available)."""
import numpy as np
import pytest

import lamina.rate_models as rm


def test_published_numbers():
    g_c, g_b = rm.rank_one_transition_points(1.1, 2.0, 1.0)
    assert abs(g_c - 1.80) < 0.006 and abs(g_b - 2.14) < 0.006  # Mastrogiuseppe & Ostojic 2018
    a_c, m_c = rm.hopfield_capacity()
    assert abs(a_c - 0.138) < 5e-4 and abs(m_c - 0.967) < 1e-3  # Amit, Gutfreund & Sompolinsky 1987
    assert rm.ring_bump_onset() == 2.0
    b = rm.ring_bump_solution(3.0, 6.0, 1.0)
    assert b.exists and abs((6.0 / np.pi) * (b.theta_c - np.sin(4 * b.theta_c) / 4) - 1) < 1e-10
    s = rm.rank_one_mean_field(2.0, 1.1, 2.0)
    assert s.chaotic and abs(s.kappa - 0.3323) < 1e-3


def test_patterns_and_errors():
    xi = rm.random_patterns(3, 50, 7)
    assert xi.shape == (3, 50) and set(np.unique(xi)) == {-1.0, 1.0}
    assert np.array_equal(xi[:2], rm.random_patterns(2, 50, 7))  # a pattern does not depend on P
    with pytest.raises(ValueError):
        rm.hopfield_retrieval_overlap(-1.0)


def test_rule_helpers_build_the_matrices():
    lr = pytest.importorskip("lamina.rate")
    N = 20
    net = lr.RateNetwork(dt="1 ms")
    net.population("mem", N, tau="1 ms", phi="sign")
    xi = rm.random_patterns(3, N, 2)
    rm.hebbian(net, "mem", xi)
    J = net.connectivity_matrix()
    expected = xi.T @ xi / N
    np.fill_diagonal(expected, 0.0)
    assert np.allclose(J, expected, atol=1e-14)
    net2 = lr.RateNetwork(dt="1 ms")
    net2.population("ring", 16, tau="10 ms", phi="relu")
    rm.cosine_ring(net2, "ring", 16, 2.0, 5.0)
    th = rm.ring_angles(16)
    assert np.allclose(net2.connectivity_matrix(), (-2.0 + 5.0 * np.cos(2 * (th[:, None] - th[None, :]))) / 16)
