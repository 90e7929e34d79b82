"""The canonical rate networks: connectivity rules and their mean-field predictions.

>>> import lamina.rate as lr, lamina.rate_models as rm
>>> rm.hopfield_capacity()                        # (alpha_c, m_c) = (0.138, 0.967)
>>> rm.rank_one_transition_points(1.1, 2.0, 1.0)  # (g_C, g_B) = (1.80, 2.14)
>>> net = lr.RateNetwork(dt="1 ms", trials=10)
>>> net.population("mem", 1000, tau="1 ms", phi="sign")
>>> xi = rm.random_patterns(100, 1000, seed=1)
>>> rm.hebbian(net, "mem", xi)                    # J = xi^T xi / N, J_ii = 0, as low rank
>>> net.population("ring", 128, tau="10 ms", phi="relu", bias=1.0)
>>> rm.cosine_ring(net, "ring", 128, J0=3.0, J2=6.0)
>>> rm.ring_bump_solution(3.0, 6.0, 1.0).theta_c  # half-width of the bump, rad

The same rules in model files: rule = "hebbian" (patterns = P, or patterns / patterns_file
[P x N]) and rule = "cosine_ring" (J0, J2). See docs/rate-models.md.
"""
from __future__ import annotations

import numpy as np

from . import _core

_t = _core.rate_theory

rank_one_static = _t.rank_one_static
rank_one_chaotic = _t.rank_one_chaotic
rank_one_mean_field = _t.rank_one_mean_field
rank_one_transition_points = _t.rank_one_transition_points
ring_bump_solution = _t.ring_bump_solution
ring_bump_onset = _t.ring_bump_onset
ring_diffusion_rate = _t.ring_diffusion_rate
hopfield_retrieval_overlap = _t.hopfield_retrieval_overlap
hopfield_capacity = _t.hopfield_capacity
random_patterns = _t.random_patterns
hopfield_recall_async = _t.hopfield_recall_async
ring_angles = _t.ring_angles


class _Diagonal:
    """A diagonal matrix in the (row, col, data) form RateNetwork.connect reads from scipy.sparse."""

    def __init__(self, values):
        self.data = np.asarray(values, dtype=float)
        self.row = self.col = np.arange(self.data.size)

    def tocoo(self):
        return self


def hebbian(net, population: str, patterns, *, self_coupling: bool = False, scale: float = 1.0) -> list:
    """J = (1/N) sum_mu xi^mu xi^mu^T on `population` (patterns: P x N), as a rank-P block; unless
    self_coupling, a diagonal block sets J_ii = 0. Returns the blocks' indices."""
    xi = np.atleast_2d(np.asarray(patterns, dtype=float))
    idx = [net.connect(population, population, "low_rank", m=xi.T, n=xi.T, scale=scale)]
    if not self_coupling:
        idx.append(net.connect(population, population, "matrix", weights=_Diagonal(-(xi * xi).sum(0) / xi.shape[1]),
                               scale=scale))
    return idx


def cosine_ring(net, population: str, N: int, J0: float, J2: float, *, scale: float = 1.0) -> int:
    """J_ij = (-J0 + J2 cos 2(theta_i - theta_j)) / N with theta_i = -pi/2 + pi i / N, as a rank-3
    block (Ben-Yishai, Bar-Or & Sompolinsky 1995). Returns the block's index."""
    th = ring_angles(N)
    m = np.stack([-J0 * np.ones(N), J2 * np.cos(2 * th), J2 * np.sin(2 * th)], axis=1)
    n = np.stack([np.ones(N), np.cos(2 * th), np.sin(2 * th)], axis=1)
    return net.connect(population, population, "low_rank", m=m, n=n, scale=scale)


def bump_position(rates, N: int) -> np.ndarray:
    """Bump position psi (rad, in [-pi/2, pi/2)) of rates [..., N] on the ring: half the angle of
    the population vector sum_i r_i exp(2 i theta_i)."""
    th = ring_angles(N)
    r = np.asarray(rates, dtype=float)
    return 0.5 * np.arctan2(r @ np.sin(2 * th), r @ np.cos(2 * th))
