// Results 5 and 7 of issue 8 from model files: thalamic loops switched in sequence
// (rule = "eigenvalue_loop" with a `schedule`) and the electric-fish negative image
// ([negative_image]) reproduce the C++/Python forms (thalamocortical_spec + run_loop_sequence,
// learn_negative_image) that rate_theory_models_test validates against theory.
#include <lamina/analysis/rate_theory.hpp>
#include <lamina/error.hpp>
#include <lamina/rate_models.hpp>

#include "core/rng.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <sstream>
#include <vector>

namespace {

using cd = std::complex<double>;

std::string list_toml(const double* v, std::uint64_t n) {
    std::ostringstream o;
    o.precision(17);
    o << "[";
    for (std::uint64_t j = 0; j < n; ++j) o << (j ? ", " : "") << v[j];
    return o.str() + "]";
}

std::string rows_toml(const std::vector<double>& a, std::uint64_t rows, std::uint64_t cols) {
    std::string out = "[";
    for (std::uint64_t i = 0; i < rows; ++i) out += (i ? ",\n" : "") + list_toml(a.data() + i * cols, cols);
    return out + "]";
}

TEST(RateModelFiles, ThalamicLoopSequenceMatchesTheProgrammaticForm) {
    const std::uint64_t n = 40;
    std::vector<double> J(n * n), x0(n);
    lamina::core::rng_stream rng(3, lamina::core::stream_purpose::user, 0);
    for (auto& v : J) v = 0.8 / std::sqrt(static_cast<double>(n)) * rng.normal();
    for (auto& v : x0) v = rng.normal();
    auto lam = lamina::analysis::eigenvalues(J, n);
    std::sort(lam.begin(), lam.end(), [](cd a, cd b) { return a.imag() > b.imag(); });
    const cd a = lam[0], b = lam[1], toA{1.0, 0.3}, toB{1.0, 0.7};
    std::ostringstream toml;
    toml.precision(17);
    toml << "[simulation]\ndt = \"0.5 ms\"\nintegrator = \"exact\"\n"
         << "[rate_populations.cortex]\nsize = " << n << "\ntau = \"10 ms\"\nphi = \"linear\"\nx0 = "
         << list_toml(x0.data(), n) << "\n"
         << "[[rate_connections]]\nsource = \"cortex\"\ntarget = \"cortex\"\nrule = \"matrix\"\nweights = "
         << rows_toml(J, n, n) << "\n"
         << "[[rate_connections]]\nsource = \"cortex\"\ntarget = \"cortex\"\nrule = \"eigenvalue_loop\"\n"
         << "move = [[" << a.real() << ", " << a.imag() << "]]\nto = [[1.0, 0.3]]\n"
         << "schedule = { times = [\"0 ms\", \"100 ms\"], scales = [1, 0] }\n"
         << "[[rate_connections]]\nsource = \"cortex\"\ntarget = \"cortex\"\nrule = \"eigenvalue_loop\"\n"
         << "move = [[" << b.real() << ", " << b.imag() << "]]\nto = [[1.0, 0.7]]\nscale = 0\n"
         << "schedule = { times = [\"100 ms\", \"200 ms\"], scales = [1, 0] }\n";
    lamina::rate_simulation file_sim(lamina::parse_rate_model(toml.str(), "loops.toml"));

    const auto la = lamina::analysis::place_eigenvalues(J, n, {a}, {toA});
    const auto lb = lamina::analysis::place_eigenvalues(J, n, {b}, {toB});
    lamina::rate_simulation ref(lamina::thalamocortical_spec(J, n, {{la.rank, la.u, la.v}, {lb.rank, lb.u, lb.v}}, 10.0,
                                                             lamina::rate_phi::linear, 0.5));
    ref.set_state(x0);
    const auto xs = lamina::run_loop_sequence(ref, {0, 1, -1}, {100.0, 100.0, 100.0}, true);

    // While loop A is on, the file's network has the placed spectrum: J's with a, conj(a) moved
    // to 1 +- 0.3i (1e-8, as in rate_theory_models_test).
    file_sim.run(50.0);
    const auto spec_on = lamina::analysis::eigenvalues(file_sim.connectivity_matrix(), n);
    for (const cd z : {toA, std::conj(toA)}) {
        double d = 1e9;
        for (const cd w : spec_on) d = std::min(d, std::abs(w - z));
        EXPECT_LT(d, 1e-8) << z;
    }
    // The trajectories agree at every checkpoint: the same blocks, scales and exact propagator.
    // Tolerance 1e-10 of the state's size: the two runs differ only in when the exact propagator
    // is rebuilt and in blocks applied at scale 0 (rounding, ~1e-15 per step over 600 steps).
    std::uint64_t steps_done = 100;  // 50 ms at dt = 0.5 ms
    for (const double t : {50.0, 100.0, 150.0, 200.0, 250.0, 300.0}) {
        const auto target_step = static_cast<std::uint64_t>(t / 0.5);
        if (target_step > steps_done) file_sim.run(static_cast<double>(target_step - steps_done) * 0.5);
        steps_done = target_step;
        const auto x = file_sim.state();
        double worst = 0.0, size = 0.0;
        for (std::uint64_t i = 0; i < n; ++i) {
            worst = std::max(worst, std::abs(x[i] - xs[(target_step - 1) * n + i]));
            size = std::max(size, std::abs(xs[(target_step - 1) * n + i]));
        }
        EXPECT_LT(worst, 1e-10 * size) << "t = " << t << " ms";
    }
}

TEST(RateModelFiles, LoopErrorsNameTheKey) {
    const std::string head = "[rate_populations.c]\nsize = 3\ntau = \"10 ms\"\nphi = \"linear\"\n";
    const std::string loop = "[[rate_connections]]\nsource = \"c\"\ntarget = \"c\"\nrule = \"eigenvalue_loop\"\n"
                             "move = [[0.5, 0]]\nto = [[0.9, 0]]\n";
    try {  // a drawn J is not known at load time
        lamina::parse_rate_model(head + "[[rate_connections]]\nsource = \"c\"\ntarget = \"c\"\nrule = \"random\"\n" + loop, "m.toml");
        FAIL();
    } catch (const lamina::input_error& e) {
        EXPECT_NE(std::string(e.what()).find("rule = \"matrix\""), std::string::npos)
            << e.what();
    }
    try {
        lamina::parse_rate_model(head + "[[rate_connections]]\nsource = \"c\"\ntarget = \"c\"\nrule = \"identity\"\n"
                                        "schedule = { times = [\"10 ms\", \"5 ms\"], scales = [1, 0] }\n",
                                 "m.toml");
        FAIL();
    } catch (const lamina::input_error& e) {
        EXPECT_NE(std::string(e.what()).find("schedule.times"), std::string::npos) << e.what();
    }
}

TEST(RateModelFiles, NegativeImageFileMatchesTheProgrammaticForm) {
    const std::string toml = "[simulation]\ndt = \"0.5 ms\"\n[negative_image]\nchains = 4\nchain_length = 3\n"
                             "tau = \"2.5 ms\"\ncommand = \"1 ms\"\ncycle = \"200 ms\"\ncycles = 400\nbaseline = 0.1\n";
    const auto from_file = lamina::learn_negative_image(lamina::parse_negative_image_model(toml, "ni.toml"));
    lamina::negative_image_spec s;
    s.cycles = 400;
    s.baseline = 0.1;
    const auto direct = lamina::learn_negative_image(s);
    ASSERT_EQ(from_file.error.size(), direct.error.size());
    for (std::size_t c = 0; c < direct.error.size(); ++c) EXPECT_EQ(from_file.error[c], direct.error[c]);  // same model, bit for bit
    // and it learns: the error falls towards the least-squares residual of the basis.
    const auto ls = lamina::analysis::least_squares_cancellation(direct.basis, direct.T, direct.B, direct.self_input, 0.1);
    double res = 0.0;
    for (const double r : ls.residual) res += (r - 0.1) * (r - 0.1) / static_cast<double>(direct.T);
    EXPECT_LT(from_file.error.back(), 0.05 * from_file.error.front());
    EXPECT_GE(from_file.error.back(), res * (1 - 1e-9));
    EXPECT_THROW(lamina::parse_negative_image_model(toml + "chain = 3\n", "ni.toml"), lamina::input_error);
}

}  // namespace
