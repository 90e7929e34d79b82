// lamina._core.rate_theory: thalamocortical loops, cerebellum-like expansion and the electric-fish
// negative image (lamina/analysis/rate_theory.hpp, lamina/rate_models.hpp). The facade is
// python/lamina/rate_theory.py.
#include <lamina/analysis/rate_theory.hpp>
#include <lamina/rate_hopfield.hpp>
#include <lamina/rate_models.hpp>

#include "common.hpp"

#include <complex>

namespace lamina::python {
namespace {

namespace an = lamina::analysis;
using array2 = py::array_t<double, py::array::c_style | py::array::forcecast>;

struct matrix_in {
    std::vector<double> values;
    std::size_t rows = 0, cols = 0;
};

matrix_in matrix_of(const array2& a, const char* what) {
    if (a.ndim() != 2) throw py::value_error(std::string(what) + ": expected a 2-d array, got " + std::to_string(a.ndim()) + " dimensions");
    return {{a.data(), a.data() + a.size()}, static_cast<std::size_t>(a.shape(0)), static_cast<std::size_t>(a.shape(1))};
}

std::vector<double> vec(const doubles_in& a, const char* what) {
    const auto s = span_of(a, what);
    return {s.begin(), s.end()};
}

// Column-major per rank (r * n + i) -> numpy (n x R).
py::array_t<double> factors(const std::vector<double>& f, std::size_t n, std::size_t R) {
    std::vector<double> out(n * R);
    for (std::size_t r = 0; r < R; ++r)
        for (std::size_t i = 0; i < n; ++i) out[i * R + r] = f[r * n + i];
    return to_numpy_2d(std::move(out), n, R);
}

std::vector<double> from_factors(const array2& a, std::size_t n, const char* what) {
    const auto m = matrix_of(a, what);
    if (m.rows != n) throw py::value_error(std::string(what) + ": expected " + std::to_string(n) + " rows, got " + std::to_string(m.rows));
    std::vector<double> out(m.values.size());
    for (std::size_t r = 0; r < m.cols; ++r)
        for (std::size_t i = 0; i < n; ++i) out[r * n + i] = m.values[i * m.cols + r];
    return out;
}

}  // namespace

void bind_rate_theory(py::module_& m) {
    auto t = m.def_submodule("rate_theory", "Theory and models of rate-network results 5-7 (docs/rate-theory.md)");
    t.def("eigenvalues", [](const array2& J) {
        const auto a = matrix_of(J, "eigenvalues");
        return an::eigenvalues(a.values, a.rows);
    }, py::arg("J"));
    t.def("place_eigenvalues", [](const array2& J, const std::vector<std::complex<double>>& from,
                                   const std::vector<std::complex<double>>& to) {
        const auto a = matrix_of(J, "place_eigenvalues");
        const auto l = an::place_eigenvalues(a.values, a.rows, from, to);
        py::dict d;
        d["u"] = factors(l.u, l.size, l.rank);
        d["v"] = factors(l.v, l.size, l.rank);
        d["moved_from"] = l.moved_from;
        d["moved_to"] = l.moved_to;
        return d;
    }, py::arg("J"), py::arg("from_"), py::arg("to"));
    t.def("run_loop_sequence", [](const array2& J, const std::vector<std::pair<array2, array2>>& loops,
                                   const std::vector<int>& active, const std::vector<double>& durations,
                                   const doubles_in& x0, double tau_ms, double dt_ms) {
        const auto a = matrix_of(J, "run_loop_sequence");
        std::vector<thalamic_loop> ls;
        for (const auto& [u, v] : loops) {
            thalamic_loop l;
            l.u = from_factors(u, a.rows, "loop u");
            l.v = from_factors(v, a.rows, "loop v");
            l.rank = l.u.size() / a.rows;
            ls.push_back(std::move(l));
        }
        rate_simulation sim(thalamocortical_spec(a.values, a.rows, ls, tau_ms, rate_phi::linear, dt_ms));
        sim.set_state(vec(x0, "x0"));
        auto xs = run_loop_sequence(sim, active, durations);
        const std::size_t steps = xs.size() / a.rows;
        return to_numpy_2d(std::move(xs), steps, a.rows);
    }, py::arg("J"), py::arg("loops"), py::arg("active"), py::arg("durations_ms"), py::arg("x0"),
       py::arg("tau_ms") = 10.0, py::arg("dt_ms") = 0.5);

    t.def("hopfield_recall_async", [](const array2& xi, const doubles_in& start, std::uint64_t max_sweeps,
                                      std::uint64_t seed, std::uint64_t trial) {
        const auto a = matrix_of(xi, "hopfield_recall_async");
        auto r = hopfield_recall_async(a.values, a.cols, vec(start, "start"), max_sweeps, seed, trial);
        return py::make_tuple(to_numpy(std::move(r.state)), r.sweeps, r.converged);
    }, py::arg("patterns"), py::arg("start"), py::arg("max_sweeps") = 100, py::arg("seed") = 1, py::arg("trial") = 0);
    t.def("coding_threshold", &an::coding_threshold, py::arg("f"), py::arg("sigma") = 1.0);
    t.def("threshold_correlation", &an::threshold_correlation, py::arg("rho"), py::arg("f"));
    t.def("expansion_dimension", &an::expansion_dimension, py::arg("M"), py::arg("N"), py::arg("K"), py::arg("f"));
    t.def("expansion_dimension_heterogeneous", &an::expansion_dimension_heterogeneous, py::arg("M"), py::arg("N"),
          py::arg("K"), py::arg("f"), py::arg("weight_cv"), py::arg("samples") = 20000, py::arg("seed") = 1);
    t.def("participation_ratio_known_mean", [](const array2& X, const doubles_in& mean) {
        const auto a = matrix_of(X, "participation_ratio_known_mean");
        return an::participation_ratio_known_mean(a.values, a.rows, a.cols, vec(mean, "mean"));
    }, py::arg("samples"), py::arg("mean"));
    t.def("run_expansion", [](std::uint64_t M, std::uint64_t N, std::uint64_t K, std::uint64_t P, double threshold,
                              std::uint64_t seed, int threads, double weight_cv) {
        auto r = run_expansion({M, N, K, P, threshold, seed, weight_cv}, threads);
        return py::make_tuple(to_numpy_2d(std::move(r.inputs), P, M), to_numpy_2d(std::move(r.granule), P, N));
    }, py::arg("M"), py::arg("N"), py::arg("K"), py::arg("patterns"), py::arg("threshold"), py::arg("seed") = 1,
       py::arg("threads") = 1, py::arg("weight_cv") = 0.0);
    t.def("kernel_spectrum", [](const array2& F, const doubles_in& y) {
        const auto a = matrix_of(F, "kernel_spectrum");
        auto s = an::kernel_spectrum_of(a.values, a.rows, a.cols, vec(y, "target"));
        return py::make_tuple(to_numpy(std::move(s.eigenvalues)), to_numpy(std::move(s.coefficients)));
    }, py::arg("features"), py::arg("target"));
    t.def("kernel_regression_error", [](const doubles_in& eig, const doubles_in& coef, double P, double ridge, double noise) {
        const auto r = an::kernel_regression_error({vec(eig, "eigenvalues"), vec(coef, "coefficients")}, P, ridge, noise);
        py::dict d;
        d["error"] = r.error;
        d["kappa"] = r.kappa;
        d["gamma"] = r.gamma;
        return d;
    }, py::arg("eigenvalues"), py::arg("coefficients"), py::arg("P"), py::arg("ridge"), py::arg("noise_variance") = 0.0);
    t.def("ridge_readout_error", [](const array2& F, const doubles_in& y, const ids_in& train, double ridge) {
        const auto a = matrix_of(F, "ridge_readout_error");
        const auto tr = span_of(train, "train");
        return an::ridge_readout_error(a.values, a.rows, a.cols, vec(y, "target"), {tr.begin(), tr.end()}, ridge);
    }, py::arg("features"), py::arg("target"), py::arg("train"), py::arg("ridge"));

    t.def("least_squares_cancellation", [](const array2& G, const doubles_in& s, double baseline) {
        const auto a = matrix_of(G, "least_squares_cancellation");
        auto c = an::least_squares_cancellation(a.values, a.rows, a.cols, vec(s, "s"), baseline);
        py::dict d;
        d["weights"] = to_numpy(std::move(c.weights));
        d["image"] = to_numpy(std::move(c.image));
        d["residual"] = to_numpy(std::move(c.residual));
        return d;
    }, py::arg("basis"), py::arg("s"), py::arg("baseline") = 0.0);
    t.def("learn_negative_image", [](std::uint64_t chains, std::uint64_t chain_length, double tau_ms, double command_ms,
                                     double cycle_ms, double dt_ms, double eta, double baseline, std::uint64_t cycles,
                                     const doubles_in& self_input) {
        negative_image_spec s{chains, chain_length, tau_ms, command_ms, cycle_ms, dt_ms, eta, baseline, cycles,
                              vec(self_input, "self_input")};
        auto r = learn_negative_image(s);
        py::dict d;
        d["basis"] = to_numpy_2d(std::move(r.basis), r.T, r.B);
        d["self_input"] = to_numpy(std::move(r.self_input));
        d["weights"] = to_numpy_2d(std::move(r.weights), cycles + 1, r.B);
        d["error"] = to_numpy(std::move(r.error));
        d["eta"] = r.eta;
        d["dt_ms"] = dt_ms;
        return d;
    }, py::arg("chains") = 4, py::arg("chain_length") = 3, py::arg("tau_ms") = 2.5, py::arg("command_ms") = 1.0,
       py::arg("cycle_ms") = 200.0, py::arg("dt_ms") = 0.5, py::arg("eta") = 0.0, py::arg("baseline") = 0.0,
       py::arg("cycles") = 200, py::arg("self_input") = std::vector<double>{});
}

}  // namespace lamina::python
