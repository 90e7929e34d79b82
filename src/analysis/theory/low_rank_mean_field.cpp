// Mean-field theory of rank-one networks with a random part (Mastrogiuseppe & Ostojic 2018,
// Neuron 99:609, STAR Methods "Dynamical mean-field theory"): tau dx/dt = -x + g chi phi(x) +
// m kappa, kappa = n.phi(x)/N, phi = tanh. x_i is Gaussian, mean mu = M_m kappa and variance
//   static:  kappa = M_n <phi>,  Delta0 = g^2 <phi^2> + Sigma_m^2 kappa^2               (1)
//   chaotic: kappa = M_n <phi>,  Delta_inf = g^2 <<phi>_x^2>_z + Sigma_m^2 kappa^2,
//            (Delta0^2 - Delta_inf^2)/2 = g^2 (<Phi^2> - <<Phi>_x^2>_z) + Sigma_m^2 kappa^2 (Delta0 - Delta_inf)
// with <f> = int Dz f(mu + sqrt(Delta0) z), <<f>_x^2>_z = int Dz [int Dx f(mu + sqrt(Delta0 -
// Delta_inf) x + sqrt(Delta_inf) z)]^2 and Phi = ln cosh the primitive of tanh: the chaotic pair
// is the particle-in-a-potential solution of the autocovariance's equation of motion (its energy
// conserved between lag 0 and lag infinity; Sompolinsky, Crisanti & Sommers 1988 for kappa = 0).
// Gaussian averages by 128-point Gauss-Hermite quadrature: tanh has poles at +-i pi/2, so the
// error falls only like exp(-c sqrt(n)); against adaptive quadrature, <tanh'^2> at the g = 1.5
// static solution is off by 5e-5 with 64 points and < 1e-7 with 120.
#include <lamina/error.hpp>
#include <lamina/rate_mean_field.hpp>

#include <Eigen/Dense>

#include <array>
#include <cmath>
#include <functional>

namespace lamina::theory {
namespace {

constexpr int quad_n = 128;

struct quadrature {
    std::array<double, quad_n> z{}, w{};
    quadrature() {
        // Golub-Welsch for the probabilists' Hermite weight exp(-z^2/2)/sqrt(2 pi): the Jacobi
        // matrix has off-diagonal sqrt(k); weights are the squared first eigenvector components.
        Eigen::MatrixXd T = Eigen::MatrixXd::Zero(quad_n, quad_n);
        for (int k = 1; k < quad_n; ++k) T(k, k - 1) = T(k - 1, k) = std::sqrt(static_cast<double>(k));
        Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(T);
        for (int k = 0; k < quad_n; ++k) {
            z[static_cast<std::size_t>(k)] = es.eigenvalues()(k);
            w[static_cast<std::size_t>(k)] = es.eigenvectors()(0, k) * es.eigenvectors()(0, k);
        }
    }
};

const quadrature& gauss() {
    static const quadrature q;  // immutable after construction (thread-safe static init)
    return q;
}

double log_cosh(double x) {
    const double a = std::fabs(x);
    return a + std::log1p(std::exp(-2.0 * a)) - std::log(2.0);
}

/// int Dz f(mu + sqrt(var) z)
template <class F>
double mean_of(F f, double mu, double var) {
    const auto& q = gauss();
    const double s = std::sqrt(std::max(var, 0.0));
    double sum = 0.0;
    for (int k = 0; k < quad_n; ++k) sum += q.w[k] * f(mu + s * q.z[k]);
    return sum;
}

/// int Dz [int Dx f(mu + sqrt(d0 - dinf) x + sqrt(dinf) z)]^2
template <class F>
double nested_square(F f, double mu, double d0, double dinf) {
    const auto& q = gauss();
    const double sx = std::sqrt(std::max(d0 - dinf, 0.0)), sz = std::sqrt(std::max(dinf, 0.0));
    double sum = 0.0;
    for (int a = 0; a < quad_n; ++a) {
        double inner = 0.0;
        for (int b = 0; b < quad_n; ++b) inner += q.w[b] * f(mu + sz * q.z[a] + sx * q.z[b]);
        sum += q.w[a] * inner * inner;
    }
    return sum;
}

double tanh_f(double x) { return std::tanh(x); }
double tanh_sq(double x) { const double t = std::tanh(x); return t * t; }
double dtanh_sq(double x) { const double t = std::tanh(x); return (1.0 - t * t) * (1.0 - t * t); }
double dtanh(double x) { const double t = std::tanh(x); return 1.0 - t * t; }
double log_cosh_sq(double x) { const double l = log_cosh(x); return l * l; }

/// Damped Newton with a finite-difference Jacobian and backtracking on |F|; small systems only.
bool newton(const std::function<Eigen::VectorXd(const Eigen::VectorXd&)>& F, Eigen::VectorXd& v) {
    Eigen::VectorXd f = F(v);
    for (int it = 0; it < 200; ++it) {
        if (f.norm() < 1e-11) return true;
        const auto n = v.size();
        Eigen::MatrixXd Jm(n, n);
        for (Eigen::Index j = 0; j < n; ++j) {
            const double h = 1e-7 * std::max(1.0, std::fabs(v(j)));
            Eigen::VectorXd vp = v;
            vp(j) += h;
            Jm.col(j) = (F(vp) - f) / h;
        }
        const Eigen::VectorXd step = Jm.colPivHouseholderQr().solve(-f);
        if (!step.allFinite()) return false;
        double lambda = 1.0;
        bool improved = false;
        for (int b = 0; b < 30; ++b, lambda *= 0.5) {
            const Eigen::VectorXd trial = v + lambda * step;
            const Eigen::VectorXd ft = F(trial);
            if (ft.allFinite() && ft.norm() < f.norm()) {
                v = trial;
                f = ft;
                improved = true;
                break;
            }
        }
        if (!improved) return f.norm() < 1e-10;
    }
    return f.norm() < 1e-10;
}

void check(const rank_one_params& p) {
    if (!(p.g >= 0.0) || !std::isfinite(p.g) || !std::isfinite(p.M_m) || !std::isfinite(p.M_n) ||
        !(p.Sigma_m >= 0.0) || !std::isfinite(p.Sigma_m))
        throw input_error("rank-one mean field: g and Sigma_m must be finite and >= 0, M_m and M_n finite (got g = " +
                          std::to_string(p.g) + ", Sigma_m = " + std::to_string(p.Sigma_m) + ")");
}

}  // namespace

rank_one_solution rank_one_static(const rank_one_params& p, double kappa_guess) {
    check(p);
    const double s2 = p.Sigma_m * p.Sigma_m;
    // Unknowns kappa and ln Delta0 (Delta0 > 0 for g > 0 or kappa != 0).
    auto F = [&](const Eigen::VectorXd& v) {
        const double k = v(0), d0 = std::exp(v(1)), mu = p.M_m * k;
        Eigen::VectorXd r(2);
        r(0) = k - p.M_n * mean_of(tanh_f, mu, d0);
        r(1) = d0 - (p.g * p.g * mean_of(tanh_sq, mu, d0) + s2 * k * k);
        return r;
    };
    Eigen::VectorXd v(2);
    v << kappa_guess, std::log(std::max(p.g * p.g + s2 * kappa_guess * kappa_guess, 1e-3));
    rank_one_solution s;
    s.converged = newton(F, v);
    s.kappa = v(0);
    s.mu = p.M_m * s.kappa;
    s.delta0 = s.delta_inf = std::exp(v(1));
    s.bulk_radius_sq = p.g * p.g * mean_of(dtanh_sq, s.mu, s.delta0);
    return s;
}

rank_one_solution rank_one_chaotic(const rank_one_params& p, double kappa_guess) {
    check(p);
    const double s2 = p.Sigma_m * p.Sigma_m, g2 = p.g * p.g;
    // Unknowns kappa, Delta0 and ln(Delta0 - Delta_inf); the energy equation is divided by
    // (Delta0 - Delta_inf)^2, which removes the static root Delta0 = Delta_inf (a double root).
    auto F = [&](const Eigen::VectorXd& v) {
        const double k = v(0), d0 = v(1), d = std::exp(v(2)), di = d0 - d, mu = p.M_m * k;
        Eigen::VectorXd r(3);
        r(0) = k - p.M_n * mean_of(tanh_f, mu, d0);
        r(1) = di - (g2 * nested_square(tanh_f, mu, d0, di) + s2 * k * k);
        const double energy = 0.5 * (d0 * d0 - di * di) -
                              (g2 * (mean_of(log_cosh_sq, mu, d0) - nested_square(log_cosh, mu, d0, di)) + s2 * k * k * d);
        r(2) = energy / (d * d);
        return r;
    };
    const rank_one_solution st = rank_one_static(p, kappa_guess);
    Eigen::VectorXd v(3);
    v << st.kappa, st.delta0, std::log(0.5 * st.delta0);
    rank_one_solution s;
    s.converged = newton(F, v);
    s.kappa = v(0);
    s.mu = p.M_m * s.kappa;
    s.delta0 = v(1);
    s.delta_inf = v(1) - std::exp(v(2));
    s.chaotic = true;
    s.bulk_radius_sq = g2 * mean_of(dtanh_sq, s.mu, s.delta0);
    // A collapse onto the static branch (Delta0 - Delta_inf -> 0) is no chaotic solution.
    if (std::exp(v(2)) < 1e-6 * std::max(1.0, s.delta0)) s.converged = false;
    return s;
}

namespace {
double homogeneous_chaos_delta0(double g);
}

rank_one_solution rank_one_mean_field(const rank_one_params& p, double kappa_guess) {
    const rank_one_solution st = rank_one_static(p, kappa_guess);
    if (st.converged && st.bulk_radius_sq < 1.0) return st;
    rank_one_solution ch = rank_one_chaotic(p, kappa_guess);
    if (ch.converged && std::fabs(ch.kappa) > 1e-6) return ch;
    // Beyond the collapse only kappa = 0 remains: mu = 0 and, tanh being odd, Delta_inf = 0, so
    // the solution is the homogeneous one of Sompolinsky et al. (solved directly, not by Newton).
    rank_one_solution h;
    h.chaotic = true;
    h.delta0 = homogeneous_chaos_delta0(p.g);
    h.bulk_radius_sq = p.g * p.g * mean_of(dtanh_sq, 0.0, h.delta0);
    h.converged = true;
    return h;
}

namespace {

/// Bisection for the root of a function that is negative at lo and positive at hi.
double bisect(const std::function<double(double)>& f, double lo, double hi) {
    for (int it = 0; it < 100 && hi - lo > 1e-10; ++it) {
        const double mid = 0.5 * (lo + hi);
        (f(mid) < 0.0 ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
}

/// Delta0 of the kappa = 0 chaotic solution (Delta_inf = 0 by symmetry): Delta0^2/2 =
/// g^2 (<Phi^2> - <Phi>^2), by bisection (the left side outgrows the right for large Delta0).
double homogeneous_chaos_delta0(double g) {
    auto h = [g](double d0) {
        const double a = mean_of(log_cosh_sq, 0.0, d0), b = mean_of(log_cosh, 0.0, d0);
        return 0.5 * d0 * d0 - g * g * (a - b * b);
    };
    double hi = 1.0;
    while (h(hi) < 0.0) hi *= 2.0;
    // Near 0, h ~ d0^2 (1 - g^2) / 2 < 0 for g > 1: the non-trivial root is the one bracketed.
    double lo = 1e-8;
    return bisect(h, lo, hi);
}

}  // namespace

rank_one_transitions rank_one_transition_points(double M_m, double M_n, double Sigma_m) {
    if (!(M_m * M_n > 1.0))
        throw input_error("rank-one transitions: the bistable states need an overlap M_m M_n > 1 (got " +
                          std::to_string(M_m * M_n) + ")");
    rank_one_transitions t;
    // g_C: along the static kappa != 0 branch, followed from small g in small steps so that
    // Newton stays on it, until g^2 <phi'^2> crosses 1; then bisection between the last two g.
    double kappa = 1.0, g_lo = 0.0, g_hi = -1.0;
    for (double g = 0.05; g < 10.0; g += 0.05) {
        const auto s = rank_one_static({g, M_m, M_n, Sigma_m}, kappa);
        if (!s.converged || std::fabs(s.kappa) < 1e-6) break;
        if (s.bulk_radius_sq >= 1.0) { g_hi = g; break; }
        kappa = s.kappa;
        g_lo = g;
    }
    if (g_hi < 0.0) throw input_error("rank-one transitions: the static branch did not turn unstable below g = 10");
    t.g_chaos = bisect([&](double g) { return rank_one_static({g, M_m, M_n, Sigma_m}, kappa).bulk_radius_sq - 1.0; },
                       g_lo, g_hi);
    // g_B: kappa = 0 chaotic state; the kappa != 0 states exist while its linearised kappa map
    // M_m M_n <phi'> exceeds 1 (pitchfork). The map falls with g (Delta0 grows).
    auto gain = [&](double g) { return 1.0 - M_m * M_n * mean_of(dtanh, 0.0, homogeneous_chaos_delta0(g)); };
    double hi = 1.01;
    while (gain(hi) < 0.0 && hi < 100.0) hi *= 1.5;
    t.g_collapse = bisect(gain, 1.0 + 1e-6, hi);
    return t;
}

}  // namespace lamina::theory
