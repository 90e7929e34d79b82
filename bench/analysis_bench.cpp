// Times lamina's statistics on one spike file and prints one JSON object per statistic
// ({"stat", "seconds", "value"}); bench/analysis_vs_numpy.py writes the file, runs the same
// statistics in numpy/scipy and reports the ratios. Not a test: no pass/fail.
//
// Input (little-endian): u64 units, u64 spikes, u64 pairs, f64 t_start_ms, f64 t_stop_ms,
// u64 offsets[units + 1], f64 times_ms[spikes], u32 pair_i[pairs], u32 pair_j[pairs].
// Usage: lamina_analysis_bench FILE [REPEATS]   (the best of REPEATS runs is reported, default 3)
#include <lamina/analysis/all.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using namespace lamina;
using namespace lamina::analysis;

template <class T>
void read(std::ifstream& in, T* data, std::size_t n) {
    in.read(reinterpret_cast<char*>(data), static_cast<std::streamsize>(n * sizeof(T)));
    if (!in) throw std::runtime_error("truncated input file");
}

struct input {
    spike_trains trains;
    std::vector<unit_pair> pairs;
};

input load(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + path);
    std::uint64_t head[3];
    double window[2];
    read(in, head, 3);
    read(in, window, 2);
    input d;
    d.trains.t_start = window[0];
    d.trains.t_stop = window[1];
    std::vector<std::uint64_t> off(head[0] + 1);
    read(in, off.data(), off.size());
    d.trains.offsets.assign(off.begin(), off.end());
    d.trains.times.resize(head[1]);
    read(in, d.trains.times.data(), head[1]);
    std::vector<std::uint32_t> pi(head[2]), pj(head[2]);
    read(in, pi.data(), pi.size());
    read(in, pj.data(), pj.size());
    for (std::size_t k = 0; k < pi.size(); ++k) d.pairs.push_back({pi[k], pj[k]});
    return d;
}

double mean_values(const std::vector<pair_value>& v) {
    double s = 0.0;
    std::size_t n = 0;
    for (const auto& p : v)
        if (std::isfinite(p.value)) s += p.value, ++n;
    return n ? s / double(n) : NAN;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s FILE [REPEATS]\n", argv[0]);
        return 2;
    }
    const int repeats = argc > 2 ? std::stoi(argv[2]) : 3;
    const input d = load(argv[1]);
    const spike_trains& t = d.trains;

    // Each statistic returns a scalar that the Python side compares with its own result.
    const std::vector<std::pair<std::string, std::function<double()>>> stats = {
        {"firing_rate", [&] { return mean_finite(firing_rates(t)); }},
        {"cv_isi", [&] { return mean_finite(cv_isi(t)); }},
        {"cv2", [&] { return mean_finite(cv2(t)); }},
        {"lv", [&] { return mean_finite(lv(t)); }},
        {"fano_100ms", [&] { return mean_finite(fano_factor(t, 100.0)); }},
        {"population_rate_10ms", [&] {
             const auto r = population_rate(t, 10.0);
             double s = 0.0;
             for (double v : r.values) s += v * v;
             return s / double(r.values.size());
         }},
        {"smoothed_rate_10ms", [&] {
             const auto r = smoothed_population_rate(t, 10.0, 1.0);
             double s = 0.0;
             for (double v : r.values) s += v * v;
             return s / double(r.values.size());
         }},
        {"count_correlation_all_pairs_100ms", [&] { return mean_values(spike_count_correlation(t, 100.0)); }},
        {"sttc_pairs_5ms", [&] { return mean_values(sttc_pairs(t, d.pairs, 5.0)); }},
        {"golomb_chi_5ms", [&] { return golomb_chi(t, 5.0); }},
        {"max_interval_bursts", [&] { return double(max_interval_bursts(t).size()); }},
        {"avalanches_mean_iei", [&] {
             const auto a = detect_avalanches(t);
             double s = 0.0;
             for (auto v : a.sizes) s += double(v);
             return s / double(a.sizes.size());
         }},
        {"powerlaw_fit_avalanche_sizes", [&] {
             // Timed separately from the detection: the fit alone, on the same sizes.
             static const auto a = detect_avalanches(t);
             static const std::vector<double> sizes(a.sizes.begin(), a.sizes.end());
             return fit_powerlaw(sizes).alpha;
         }},
        {"branching_ratio_4ms", [&] { return branching_ratio(t, 4.0, 40).m; }},
        {"intrinsic_timescale_5ms", [&] { return intrinsic_timescale(t, 5.0, 500.0).tau_ms; }},
        {"participation_ratio_100ms", [&] { return participation_ratio(t, 100.0); }},
    };
    for (const auto& [name, f] : stats) {
        if (name == "powerlaw_fit_avalanche_sizes") f();  // build the static sizes outside the timing
        double best = INFINITY, value = NAN;
        for (int r = 0; r < repeats; ++r) {
            const auto t0 = std::chrono::steady_clock::now();
            value = f();
            best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        }
        std::printf("{\"stat\": \"%s\", \"seconds\": %.6g, \"value\": %.10g}\n", name.c_str(), best, value);
        std::fflush(stdout);
    }
    return 0;
}
