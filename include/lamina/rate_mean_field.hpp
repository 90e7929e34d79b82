#pragma once
/// @file
/// Mean-field predictions for the canonical rate networks, to put beside simulations of
/// include/lamina/rate_network.hpp (docs/rate-models.md). Pure functions: no simulation involved.
///
/// - Rank-one networks, J = g chi + m n^T / N with chi_ij ~ N(0, 1/N), tanh units, m_i ~ N(M_m,
///   Sigma_m^2) and n_i ~ N(M_n, .) independent apart from their means (structure overlap
///   m.n/N = M_m M_n): the stationary and the chaotic (dynamic mean-field) solutions and the
///   transitions between them (Mastrogiuseppe & Ostojic 2018, Neuron 99:609, STAR Methods).
/// - Ring (bump) attractor of threshold-linear units, J(theta - theta') = -J0 + J2 cos(2(theta -
///   theta')) with integrals dtheta'/pi over [-pi/2, pi/2) (Ben-Yishai, Bar-Or & Sompolinsky 1995,
///   PNAS 92:3844): the marginal-phase bump, and the diffusion of its position under noise.
/// - Hopfield networks with Hebbian couplings: the zero-temperature replica-symmetric retrieval
///   overlap and storage capacity (Amit, Gutfreund & Sompolinsky 1987, Ann Phys 173:30).
#include <cstdint>
#include <vector>

namespace lamina::theory {

/// Rank-one network (time in units of tau; the mean-field solutions do not depend on tau).
struct rank_one_params {
    double g = 0.0;        ///< random part's strength
    double M_m = 0.0;      ///< mean of m
    double M_n = 0.0;      ///< mean of n
    double Sigma_m = 1.0;  ///< standard deviation of m (n's does not enter while m and n are independent)
};

/// One mean-field solution. x_i is Gaussian with mean mu = M_m kappa and variance delta0; in the
/// chaotic solution delta_inf is the long-lag autocovariance of x (static: delta_inf = delta0).
struct rank_one_solution {
    double kappa = 0.0;      ///< n . phi(x) / N
    double mu = 0.0;
    double delta0 = 0.0;
    double delta_inf = 0.0;
    bool chaotic = false;
    /// g^2 <phi'^2>: the squared radius of the bulk of the stability spectrum about a static
    /// solution; above 1 the static solution is unstable and the network is chaotic.
    double bulk_radius_sq = 0.0;
    bool converged = false;  ///< false: the solver did not reach |residual| < 1e-10
};

/// Stationary solution near kappa_guess (kappa = 0 is always one; +-kappa are symmetric).
rank_one_solution rank_one_static(const rank_one_params& p, double kappa_guess);
/// Chaotic solution near kappa_guess (Delta0 > Delta_inf); converged = false where none exists.
rank_one_solution rank_one_chaotic(const rank_one_params& p, double kappa_guess);
/// The solution the network settles in from kappa_guess's side: the static one while it is
/// stable (bulk_radius_sq < 1), else the chaotic one (kappa = 0 beyond the collapse).
rank_one_solution rank_one_mean_field(const rank_one_params& p, double kappa_guess);

struct rank_one_transitions {
    /// Static heterogeneous (kappa != 0) state turns chaotic: g^2 <phi'^2> = 1 on the static branch.
    double g_chaos = 0.0;
    /// The bistable kappa != 0 states vanish: M_m M_n <phi'> = 1 on the kappa = 0 chaotic solution.
    double g_collapse = 0.0;
};
/// Transitions of the rank-one network for given M_m, M_n, Sigma_m (M_m M_n > 1), by bisection
/// to 1e-9 in g. Published for M_m = 1.1, M_n = 2, Sigma_m = 1: g_C ~ 1.80, g_B ~ 2.14.
rank_one_transitions rank_one_transition_points(double M_m, double M_n, double Sigma_m);

/// Marginal-phase bump of the ring model tau dm/dt = -m + [c + int J(theta - theta') m(theta')
/// dtheta'/pi]_+ with untuned input c: m(theta) = A [cos(2(theta - psi)) - cos(2 theta_c)]_+.
struct ring_bump {
    bool exists = false;   ///< false for J2 <= 2 (homogeneous state stable) or unbounded amplitude
    double theta_c = 0.0;  ///< half-width, rad (pi/2 at onset J2 = 2, narrowing as J2 grows)
    double amplitude = 0.0;  ///< A
    double peak = 0.0;       ///< A (1 - cos 2 theta_c), the rate at the bump's centre
    double r0 = 0.0, r2 = 0.0;  ///< int m dtheta/pi and int m cos(2 theta) dtheta/pi (at psi = 0)
};
/// Width from (J2 / pi)(theta_c - sin(4 theta_c) / 4) = 1; amplitude from the threshold condition
/// c - J0 r0 = -A cos 2 theta_c (J0: uniform inhibition; c: the constant input).
ring_bump ring_bump_solution(double J0, double J2, double c);
/// J2 above which the homogeneous state is unstable: 2 (the cos 2 theta mode's eigenvalue J2/2).
double ring_bump_onset();
/// Rate of growth of the bump position's variance, <(psi(t) - psi(0))^2> / t in rad^2/ms, for N
/// units with additive noise of stationary std sigma (tau dx = ... dt + sigma sqrt(2 tau) dW) on
/// the input-variable dynamics tau dx/dt = -x + J [x]_+ + c: the noise projected on the neutral
/// mode, sigma^2 J2 / (2 tau N A^2) (small noise; linear response about the bump).
double ring_diffusion_rate(double J2, double amplitude, double sigma, double tau_ms, std::uint64_t N);

/// Zero-temperature replica-symmetric retrieval (AGS 1987): m = erf(y), alpha = (erf y - 2 y
/// e^{-y^2} / sqrt(pi))^2 / (2 y^2). The largest retrieval overlap for a load alpha = P/N (0 when
/// alpha exceeds the capacity).
double hopfield_retrieval_overlap(double alpha);
struct hopfield_capacity_result {
    double alpha_c = 0.0;  ///< 0.138
    double m_c = 0.0;      ///< overlap at the capacity, 0.967
};
hopfield_capacity_result hopfield_capacity();

}  // namespace lamina::theory
