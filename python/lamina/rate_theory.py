"""Rate-network results 5-7 of the theory models (docs/rate-theory.md).

Thalamocortical loops (Logiaco, Abbott & Escola 2021)::

    >>> from lamina import rate_theory as rt
    >>> loop = rt.place_eigenvalues(J, [lam], [1 + 0.3j])     # u, v: J + u v^T moves lam only
    >>> xs = rt.run_loop_sequence(J, [(loop["u"], loop["v"])], active=[0, -1], durations_ms=[200, 100], x0=x0)

Cerebellum-like expansion (Litwin-Kumar et al. 2017) and readout learning (Canatar et al. 2021,
Xie et al. 2023)::

    >>> x, m = rt.expansion(M=50, N=2000, K=7, f=0.1, patterns=1000)
    >>> rt.participation_ratio_known_mean(m, np.full(2000, 0.1)), rt.expansion_dimension(50, 2000, 7, 0.1)
    >>> eig, coef = rt.kernel_spectrum(m, y); rt.kernel_regression_error(eig, coef, P=100, ridge=1e-3)

Electric-fish negative image (Kennedy et al. 2014)::

    >>> r = rt.learn_negative_image(cycles=500)
    >>> rt.least_squares_cancellation(r["basis"], r["self_input"])["image"]
"""
from __future__ import annotations

import math

from ._core import rate_theory as _rt

eigenvalues = _rt.eigenvalues
run_loop_sequence = _rt.run_loop_sequence
coding_threshold = _rt.coding_threshold
threshold_correlation = _rt.threshold_correlation
expansion_dimension = _rt.expansion_dimension
expansion_dimension_heterogeneous = _rt.expansion_dimension_heterogeneous
participation_ratio_known_mean = _rt.participation_ratio_known_mean
kernel_spectrum = _rt.kernel_spectrum
kernel_regression_error = _rt.kernel_regression_error
ridge_readout_error = _rt.ridge_readout_error
least_squares_cancellation = _rt.least_squares_cancellation
learn_negative_image = _rt.learn_negative_image


def place_eigenvalues(J, from_, to):
    """Loop u v^T (u, v: n x R) that moves the eigenvalues of J nearest to `from_` to `to`.

    A complex eigenvalue moves with its conjugate (rank 2); a real one with a rank-one loop.
    Every other eigenvalue and every right eigenvector stay exactly in place (Brauer 1952).
    """
    return _rt.place_eigenvalues(J, [complex(z) for z in from_], [complex(z) for z in to])


def expansion(M: int, N: int, K: int, f: float, patterns: int, seed: int = 1, threads: int = 1,
              weight_cv: float = 0.0):
    """Inputs x (patterns x M, N(0, 1)) and binary granule activity (patterns x N): each granule
    cell sums K of the M inputs with weights 1/K and fires above the threshold of coding level f.
    weight_cv > 0: lognormal weights with that coefficient of variation, each cell at coding
    level f relative to its own input sd (expansion_dimension_heterogeneous is the theory)."""
    if weight_cv == 0.0:
        return _rt.run_expansion(M, N, K, patterns, coding_threshold(f, 1.0 / math.sqrt(K)), seed, threads)
    return _rt.run_expansion(M, N, K, patterns, coding_threshold(f), seed, threads, weight_cv)


__all__ = [
    "eigenvalues", "place_eigenvalues", "run_loop_sequence", "coding_threshold", "threshold_correlation",
    "expansion_dimension", "expansion_dimension_heterogeneous", "expansion", "participation_ratio_known_mean", "kernel_spectrum",
    "kernel_regression_error", "ridge_readout_error", "least_squares_cancellation", "learn_negative_image",
]
