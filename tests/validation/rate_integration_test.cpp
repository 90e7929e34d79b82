// Rate-network integrators against analytic solutions: exact integration of a linear network
// against the eigen-decomposition solution, and the convergence orders of Euler (1) and RK4 (4).
#include <lamina/rate_network.hpp>

#include <Eigen/Dense>
#include <gtest/gtest.h>

#include <cmath>
#include <complex>

namespace {

using namespace lamina;

rate_network_spec network(std::uint64_t n, double g, rate_phi phi, double dt, rate_integrator integ) {
    rate_network_spec s;
    s.settings.dt = dt;
    s.settings.integrator = integ;
    s.settings.seed = 7;
    rate_population_spec p;
    p.name = "E";
    p.size = n;
    p.tau = 10.0;
    p.phi = phi;
    p.x0_std = 1.0;
    s.populations.push_back(p);
    rate_connection_spec c;
    c.source = c.target = "E";
    c.g = g;
    s.connections.push_back(c);
    return s;
}

// A linear network tau dx/dt = -x + J x + b u with constant u has the solution
//   x(t) = V e^{Lambda t} V^-1 (x0 + A^-1 c) - A^-1 c,  A = (J - I) / tau,  c = b u / tau.
// The exact integrator composes 500 step propagators (computed by a Pade matrix exponential);
// agreement to 1e-10 relative shows both the propagators and their composition are right
// (the eigen decomposition of a well-conditioned 40 x 40 matrix loses ~1e-13).
TEST(RateIntegration, ExactLinearMatchesMatrixExponentialSolution) {
    auto spec = network(40, 0.8, rate_phi::linear, 0.2, rate_integrator::exact);
    rate_input_spec in;
    in.name = "u";
    in.target = "E";
    in.amplitude = 0.7;
    for (int i = 0; i < 40; ++i) in.b.push_back(std::cos(0.9 * i));
    spec.inputs.push_back(in);
    rate_simulation sim(spec);
    const auto x0v = sim.state();
    const auto Jv = sim.connectivity_matrix();
    sim.run(100.0);
    const Eigen::Map<const Eigen::Matrix<double, 40, 40, Eigen::RowMajor>> J(Jv.data());
    const Eigen::Map<const Eigen::VectorXd> x0(x0v.data(), 40);
    Eigen::VectorXd c(40);
    for (int i = 0; i < 40; ++i) c(i) = std::cos(0.9 * i) * 0.7 / 10.0;  // b u / tau
    const Eigen::MatrixXd A = (J - Eigen::MatrixXd::Identity(40, 40)) / 10.0;
    const Eigen::VectorXd xstar = -A.partialPivLu().solve(c);  // fixed point
    Eigen::EigenSolver<Eigen::MatrixXd> es(A);
    const Eigen::MatrixXcd V = es.eigenvectors();
    const Eigen::VectorXcd lam = es.eigenvalues();
    const Eigen::VectorXcd coef = V.partialPivLu().solve((x0 - xstar).cast<std::complex<double>>());
    const Eigen::VectorXcd et = (lam * 100.0).array().exp();
    const Eigen::VectorXd ref = (V * (et.array() * coef.array()).matrix()).real() + xstar;
    const auto got = sim.state();
    for (int i = 0; i < 40; ++i) EXPECT_NEAR(got[static_cast<std::size_t>(i)], ref(i), 1e-10 * (1.0 + std::abs(ref(i))));
}

/// Max |x - x_ref| after 20 ms of a chaotic-regime tanh network (g = 1.5) at step dt.
double error_at(double dt, rate_integrator integ, const std::vector<double>& ref) {
    rate_simulation sim(network(50, 1.5, rate_phi::tanh, dt, integ));
    sim.run(20.0);
    const auto x = sim.state();
    double e = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) e = std::max(e, std::abs(x[i] - ref[i]));
    return e;
}

// Halving dt divides the global error by 2^p. Reference: RK4 at dt = 1/256 ms (its error,
// ~(1/256)^4 relative to dt = 0.5, is far below every error measured). The observed order over
// the pairs (1, 0.5) and (0.5, 0.25) ms must lie within 0.3 of p: the leading-term asymptotics
// hold to that accuracy at dt/tau = 0.025-0.1 (higher terms ~ dt/tau relative).
TEST(RateIntegration, EulerFirstOrderRk4FourthOrder) {
    rate_simulation ref_sim(network(50, 1.5, rate_phi::tanh, 1.0 / 256.0, rate_integrator::rk4));
    ref_sim.run(20.0);
    const auto ref = ref_sim.state();
    for (const auto& [integ, order] : {std::pair{rate_integrator::euler, 1.0}, std::pair{rate_integrator::rk4, 4.0}}) {
        const double e1 = error_at(1.0, integ, ref), e2 = error_at(0.5, integ, ref), e3 = error_at(0.25, integ, ref);
        EXPECT_NEAR(std::log2(e1 / e2), order, 0.3) << "order " << order;
        EXPECT_NEAR(std::log2(e2 / e3), order, 0.3) << "order " << order;
    }
}

}  // namespace
