// Rate results 2-4 in lamina._core.rate_theory (made by bind_rate_theory.cpp, which module.cpp
// calls first): mean-field predictions for the canonical rate networks (rank-one, ring, Hopfield;
// include/lamina/rate_mean_field.hpp) and the pattern draw of the Hebbian rule (rate_rules.hpp).
// The facade lamina.rate_models adds the connectivity helpers for lamina.rate networks.
#include <lamina/rate_rules.hpp>
#include <lamina/rate_mean_field.hpp>

#include "common.hpp"

namespace lamina::python {

void bind_rate_canonical(py::module_& m) {
    namespace th = lamina::theory;
    auto t = m.attr("rate_theory").cast<py::module_>();
    py::class_<th::rank_one_solution>(t, "RankOneSolution", "A mean-field solution of a rank-one network.")
        .def_readonly("kappa", &th::rank_one_solution::kappa)
        .def_readonly("mu", &th::rank_one_solution::mu)
        .def_readonly("delta0", &th::rank_one_solution::delta0)
        .def_readonly("delta_inf", &th::rank_one_solution::delta_inf)
        .def_readonly("chaotic", &th::rank_one_solution::chaotic)
        .def_readonly("bulk_radius_sq", &th::rank_one_solution::bulk_radius_sq)
        .def_readonly("converged", &th::rank_one_solution::converged)
        .def("__repr__", [](const th::rank_one_solution& s) {
            return "RankOneSolution(kappa=" + std::to_string(s.kappa) + ", delta0=" + std::to_string(s.delta0) +
                   ", delta_inf=" + std::to_string(s.delta_inf) + ", chaotic=" + (s.chaotic ? "True" : "False") + ")";
        });
    auto params = [](double g, double M_m, double M_n, double Sigma_m) { return th::rank_one_params{g, M_m, M_n, Sigma_m}; };
    t.def("rank_one_static", [params](double g, double M_m, double M_n, double Sigma_m, double kappa_guess) {
        return th::rank_one_static(params(g, M_m, M_n, Sigma_m), kappa_guess);
    }, py::arg("g"), py::arg("M_m"), py::arg("M_n"), py::arg("Sigma_m") = 1.0, py::arg("kappa_guess") = 1.0);
    t.def("rank_one_chaotic", [params](double g, double M_m, double M_n, double Sigma_m, double kappa_guess) {
        return th::rank_one_chaotic(params(g, M_m, M_n, Sigma_m), kappa_guess);
    }, py::arg("g"), py::arg("M_m"), py::arg("M_n"), py::arg("Sigma_m") = 1.0, py::arg("kappa_guess") = 1.0);
    t.def("rank_one_mean_field", [params](double g, double M_m, double M_n, double Sigma_m, double kappa_guess) {
        return th::rank_one_mean_field(params(g, M_m, M_n, Sigma_m), kappa_guess);
    }, py::arg("g"), py::arg("M_m"), py::arg("M_n"), py::arg("Sigma_m") = 1.0, py::arg("kappa_guess") = 1.0);
    t.def("rank_one_transition_points", [](double M_m, double M_n, double Sigma_m) {
        const auto r = th::rank_one_transition_points(M_m, M_n, Sigma_m);
        return py::make_tuple(r.g_chaos, r.g_collapse);
    }, py::arg("M_m"), py::arg("M_n"), py::arg("Sigma_m") = 1.0, "(g_C, g_B): onset of chaos, collapse of the bistable states.");

    py::class_<th::ring_bump>(t, "RingBump", "Marginal-phase bump of the Ben-Yishai ring model.")
        .def_readonly("exists", &th::ring_bump::exists)
        .def_readonly("theta_c", &th::ring_bump::theta_c)
        .def_readonly("amplitude", &th::ring_bump::amplitude)
        .def_readonly("peak", &th::ring_bump::peak)
        .def_readonly("r0", &th::ring_bump::r0)
        .def_readonly("r2", &th::ring_bump::r2);
    t.def("ring_bump_solution", &th::ring_bump_solution, py::arg("J0"), py::arg("J2"), py::arg("c"));
    t.def("ring_bump_onset", &th::ring_bump_onset);
    t.def("ring_diffusion_rate", &th::ring_diffusion_rate, py::arg("J2"), py::arg("amplitude"), py::arg("sigma"),
          py::arg("tau_ms"), py::arg("N"), "Var(psi(t) - psi(0)) / t in rad^2 per ms.");
    t.def("hopfield_retrieval_overlap", &th::hopfield_retrieval_overlap, py::arg("alpha"));
    t.def("hopfield_capacity", [] {
        const auto c = th::hopfield_capacity();
        return py::make_tuple(c.alpha_c, c.m_c);
    }, "(alpha_c, m_c) = (0.138, 0.967).");
    t.def("random_patterns", [](std::uint64_t P, std::uint64_t N, std::uint64_t seed) {
        return to_numpy_2d(lamina::random_patterns(P, N, seed), P, N);
    }, py::arg("P"), py::arg("N"), py::arg("seed"), "P x N random +-1 patterns (the model file's patterns = P).");
    t.def("ring_angles", [](std::uint64_t N) {
        std::vector<double> a(N);
        for (std::uint64_t i = 0; i < N; ++i) a[i] = lamina::ring_angle(i, N);
        return to_numpy(std::move(a));
    }, py::arg("N"), "Preferred angles -pi/2 + pi i / N (rad).");
}

}  // namespace lamina::python
