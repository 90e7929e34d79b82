"""Type stubs of lamina._core.rate_theory: thalamocortical loops, cerebellum-like expansion and the
electric-fish negative image (docs/rate-theory.md; facade lamina.rate_theory); rank-one, ring and
Hopfield mean-field theory (docs/rate-models.md; facade lamina.rate_models)."""
from typing import List, Tuple

import numpy
from numpy.typing import NDArray

def eigenvalues(J: NDArray[numpy.float64]) -> List[complex]:
    """Eigenvalues of a real square matrix (unsorted)."""

def place_eigenvalues(J: NDArray[numpy.float64], from_: List[complex], to: List[complex]) -> dict:
    """Loop u v^T (u, v: n x R) moving the eigenvalues nearest `from_` to `to`; keys u, v, moved_from, moved_to."""

def run_loop_sequence(J: NDArray[numpy.float64], loops: List[Tuple[NDArray[numpy.float64], NDArray[numpy.float64]]], active: List[int], durations_ms: List[float], x0: NDArray[numpy.float64], tau_ms: float = 10.0, dt_ms: float = 0.5) -> NDArray[numpy.float64]:
    """Linear cortex J with loops switched on one per segment (-1: none); x after every step (steps x n)."""

def coding_threshold(f: float, sigma: float = 1.0) -> float:
    """sigma Phi^-1(1 - f)."""

def threshold_correlation(rho: float, f: float) -> float:
    """Correlation of two binary units at coding level f whose Gaussian inputs have correlation rho."""

def expansion_dimension(M: int, N: int, K: int, f: float) -> float:
    """Participation ratio of the thresholded sparse expansion (Litwin-Kumar et al. 2017)."""

def expansion_dimension_heterogeneous(M: int, N: int, K: int, f: float, weight_cv: float, samples: int = 20000, seed: int = 1) -> float:
    """Dimension with lognormal weights of coefficient of variation weight_cv and per-cell coding level f."""

def participation_ratio_known_mean(samples: NDArray[numpy.float64], mean: NDArray[numpy.float64]) -> float:
    """Participation ratio from unbiased U-statistics of samples (P x N) with known mean."""

def run_expansion(M: int, N: int, K: int, patterns: int, threshold: float, seed: int = 1, threads: int = 1, weight_cv: float = 0.0) -> tuple:
    """(inputs patterns x M, granule patterns x N) from the rate engine."""

def kernel_spectrum(features: NDArray[numpy.float64], target: NDArray[numpy.float64]) -> tuple:
    """(eigenvalues descending, target coefficients) of k = m.m'/N on the uniform distribution over the rows."""

def kernel_regression_error(eigenvalues: NDArray[numpy.float64], coefficients: NDArray[numpy.float64], P: float, ridge: float, noise_variance: float = 0.0) -> dict:
    """Kernel-theory generalisation error (Canatar et al. 2021); keys error, kappa, gamma."""

def ridge_readout_error(features: NDArray[numpy.float64], target: NDArray[numpy.float64], train: NDArray[numpy.uint64], ridge: float) -> float:
    """Mean squared error over all rows of the ridge readout trained on rows `train`."""

def least_squares_cancellation(basis: NDArray[numpy.float64], s: NDArray[numpy.float64], baseline: float = 0.0) -> dict:
    """w* = argmin |G w + s - baseline|^2; keys weights, image, residual."""

def learn_negative_image(chains: int = 4, chain_length: int = 3, tau_ms: float = 2.5, command_ms: float = 1.0, cycle_ms: float = 200.0, dt_ms: float = 0.5, eta: float = 0.0, baseline: float = 0.0, cycles: int = 200, self_input: NDArray[numpy.float64] = ...) -> dict:
    """Granule basis from the rate engine and the anti-Hebbian output cell over `cycles` command cycles."""

# Rate results 2-4 (bind_rate_canonical.cpp; include/lamina/rate_mean_field.hpp)
class RankOneSolution:
    """A mean-field solution of a rank-one network."""
    @property
    def kappa(self) -> float: ...
    @property
    def mu(self) -> float: ...
    @property
    def delta0(self) -> float: ...
    @property
    def delta_inf(self) -> float: ...
    @property
    def chaotic(self) -> bool: ...
    @property
    def bulk_radius_sq(self) -> float: ...
    @property
    def converged(self) -> bool: ...

class RingBump:
    """Marginal-phase bump of the Ben-Yishai ring model."""
    @property
    def exists(self) -> bool: ...
    @property
    def theta_c(self) -> float: ...
    @property
    def amplitude(self) -> float: ...
    @property
    def peak(self) -> float: ...
    @property
    def r0(self) -> float: ...
    @property
    def r2(self) -> float: ...

def rank_one_static(g: float, M_m: float, M_n: float, Sigma_m: float = 1.0, kappa_guess: float = 1.0) -> RankOneSolution: ...
def rank_one_chaotic(g: float, M_m: float, M_n: float, Sigma_m: float = 1.0, kappa_guess: float = 1.0) -> RankOneSolution: ...
def rank_one_mean_field(g: float, M_m: float, M_n: float, Sigma_m: float = 1.0, kappa_guess: float = 1.0) -> RankOneSolution: ...
def rank_one_transition_points(M_m: float, M_n: float, Sigma_m: float = 1.0) -> tuple:
    """(g_C, g_B): onset of chaos, collapse of the bistable states."""
def ring_bump_solution(J0: float, J2: float, c: float) -> RingBump: ...
def ring_bump_onset() -> float: ...
def ring_diffusion_rate(J2: float, amplitude: float, sigma: float, tau_ms: float, N: int) -> float:
    """Var(psi(t) - psi(0)) / t in rad^2 per ms."""
def hopfield_retrieval_overlap(alpha: float) -> float: ...
def hopfield_capacity() -> tuple:
    """(alpha_c, m_c) = (0.138, 0.967)."""
def random_patterns(P: int, N: int, seed: int) -> NDArray[numpy.float64]:
    """P x N random +-1 patterns (the model file's patterns = P)."""
def hopfield_recall_async(patterns: NDArray[numpy.float64], start: NDArray[numpy.float64], max_sweeps: int = 100, seed: int = 1, trial: int = 0) -> tuple:
    """(state, sweeps, converged): random sequential sign updates from `start` to a fixed point."""
def ring_angles(N: int) -> NDArray[numpy.float64]:
    """Preferred angles -pi/2 + pi i / N (rad)."""
