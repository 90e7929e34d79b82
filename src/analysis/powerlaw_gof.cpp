// Sampling from a fitted power law and the semi-parametric bootstrap goodness-of-fit test of
// Clauset, Shalizi & Newman 2009 (section 4.1; see include/lamina/analysis/powerlaw.hpp).
#include "core/rng.hpp"
#include "detail.hpp"
#include "powerlaw_detail.hpp"

#include <algorithm>
#include <cmath>
#include <thread>

namespace lamina::analysis {
namespace {

constexpr std::uint32_t purpose_sample = static_cast<std::uint32_t>(core::stream_purpose::user) + 21;
constexpr std::uint32_t purpose_bootstrap = static_cast<std::uint32_t>(core::stream_purpose::user) + 22;

// Inverse-CDF sampler of a fitted law. Discrete: X = max{x : S(x) >= u} with the survival function
// S(x) = zeta(a, x) / zeta(a, x_min), tabulated for the first `table` integers (exact), and beyond
// them from zeta(a, x) ~ (x - 1/2)^(1-a) / (a - 1), whose relative error O(x^-2) is below 1e-8 there
// (CSN appendix D uses this approximation everywhere; we use it only in the far tail).
class powerlaw_sampler {
public:
    explicit powerlaw_sampler(const powerlaw_fit& f) : fit_(f) {
        if (!f.discrete) return;
        constexpr std::size_t table = 10000;
        z_min_ = hurwitz_zeta(f.alpha, f.x_min);
        survival_.resize(table);
        // Sum downwards from the end of the table: additions only, no cancellation.
        double z = hurwitz_zeta(f.alpha, f.x_min + double(table));
        for (std::size_t k = table; k-- > 0;) {
            z += std::pow(f.x_min + double(k), -f.alpha);
            survival_[k] = z / z_min_;
        }
    }
    double operator()(core::rng_stream& rng) const {
        const double u = rng.uniform();
        const double a = fit_.alpha;
        if (!fit_.discrete) return fit_.x_min * std::pow(u, -1.0 / (a - 1.0));
        if (u <= survival_.back()) {
            const double x = std::floor(0.5 + std::pow(u * z_min_ * (a - 1.0), -1.0 / (a - 1.0)));
            return std::max(x, fit_.x_min + double(survival_.size() - 1));
        }
        // First k with survival_[k] < u; the answer is the integer before it.
        const auto it = std::partition_point(survival_.begin(), survival_.end(), [u](double s) { return s >= u; });
        return fit_.x_min + double(it - survival_.begin()) - 1.0;
    }

private:
    powerlaw_fit fit_;
    double z_min_ = 1.0;
    std::vector<double> survival_;
};

}  // namespace

void sample_powerlaw(const powerlaw_fit& law, std::span<double> out, std::uint64_t seed, std::uint64_t stream) {
    detail::check_fit(law, "sample_powerlaw");
    const powerlaw_sampler draw(law);
    core::rng_stream rng(seed, purpose_sample, stream);
    for (double& v : out) v = draw(rng);
}

powerlaw_gof powerlaw_gof_test(std::span<const double> data, const powerlaw_fit& fit, const powerlaw_options& options,
                               std::size_t reps, std::uint64_t seed, unsigned threads) {
    const char* where = "powerlaw_gof_test";
    detail::check_fit(fit, where);
    if (reps == 0) detail::fail(where, "reps must be >= 1");
    if (fit.discrete != options.discrete) detail::fail(where, "fit.discrete and options.discrete disagree");
    const auto s = detail::prepare_sample(data, fit.discrete, where);
    const double d_data = detail::ks_sorted(s, fit);
    const std::size_t below = s.run[s.run_of(fit.x_min)];  // data below x_min, resampled as they are
    const double p_tail = double(s.n - below) / double(s.n);
    const powerlaw_sampler draw(fit);

    std::vector<char> at_least(reps, 0);
    auto work = [&](std::size_t r0, std::size_t r1) {
        detail::sorted_sample synth;
        std::vector<double> values(s.n);
        for (std::size_t r = r0; r < r1; ++r) {
            // Each replicate's own stream: the result does not depend on the number of threads.
            core::rng_stream rng(seed, purpose_bootstrap, r);
            for (double& v : values) v = (below == 0 || rng.uniform() < p_tail) ? draw(rng) : s.point(rng.below(below));
            detail::prepare_sample(synth, values, fit.discrete, where);
            double d = 0.0;
            try {
                d = detail::fit_sorted(synth, options, where).ks_distance;
            } catch (const input_error&) {
                d = 1.0;  // a replicate with no admissible x_min: counts as a worse fit than any
            }
            at_least[r] = d >= d_data;
        }
    };
    const unsigned nt = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(reps)));
    if (nt == 1) {
        work(0, reps);
    } else {
        std::vector<std::thread> pool;
        for (unsigned t = 0; t < nt; ++t) pool.emplace_back(work, reps * t / nt, reps * (t + 1) / nt);
        for (auto& th : pool) th.join();
    }
    std::size_t count = 0;
    for (char c : at_least) count += c ? 1 : 0;
    return {double(count) / double(reps), reps};
}

}  // namespace lamina::analysis
