#include "brunel_helpers.hpp"

#include <lamina/model_file.hpp>
#include <lamina/simulation.hpp>
#include <lamina/spike_statistics.hpp>

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdio>
#include <map>
#include <numbers>
#include <stdexcept>
#include <tuple>

namespace lamina::validation::brunel {
namespace {

std::string number(double x) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.10g", x);
    return buf;
}

/// Spikes of one population with times in (t0, t1], as trains over [t0, t1].
spike_trains window_of(const population_spikes& p, double t0, double t1) {
    std::vector<double> times;
    std::vector<std::uint64_t> ids;
    for (std::size_t k = 0; k < p.times.size(); ++k)
        if (p.times[k] > t0 && p.times[k] <= t1) {
            times.push_back(p.times[k]);
            ids.push_back(p.node_ids[k]);
        }
    return spike_trains::from_pairs(times, ids, p.size, t0, t1);
}

std::size_t n_bins(const spike_trains& trains, double bin_ms) {
    const double n = std::round(trains.duration() / bin_ms);
    if (!(n >= 2)) throw std::invalid_argument("brunel helpers: window shorter than two bins");
    return static_cast<std::size_t>(n);
}

/// Bin of a spike time in (t_start, t_stop]; spikes are stamped at step ends, so a spike at
/// exactly a bin's right edge belongs to that bin.
std::size_t bin_of(double t, const spike_trains& trains, double bin_ms, std::size_t n) {
    const double x = std::ceil((t - trains.t_start) / bin_ms - 1e-9) - 1.0;
    return static_cast<std::size_t>(std::clamp(x, 0.0, double(n - 1)));
}

}  // namespace

std::vector<std::string> overrides(const state_point& p, std::uint64_t seed) {
    const std::string w = number(-p.g * J_mV) + " mV";
    const std::string rate = number(C_E * p.eta * nu_thr_Hz) + " Hz";
    // examples/brunel.toml: connections 2 and 3 are I -> E and I -> I; stimuli 0 and 1 drive E and I.
    return {"connections.2.weight=" + w, "connections.3.weight=" + w, "stimuli.0.rate=" + rate,
            "stimuli.1.rate=" + rate, "simulation.seed=" + std::to_string(seed)};
}

window_spikes simulate(const state_point& p, std::uint64_t seed, double transient_ms, double measure_ms,
                       int threads) {
    const auto spec = load_model_file(std::string(LAMINA_SOURCE_DIR) + "/examples/brunel.toml", overrides(p, seed));
    simulation sim(spec, threads);
    sim.run(transient_ms + measure_ms);
    window_spikes out;
    const double t1 = transient_ms + measure_ms;
    for (const auto& pop : sim.spikes()) {
        if (pop.population == "E") out.E = window_of(pop, transient_ms, t1);
        if (pop.population == "I") out.I = window_of(pop, transient_ms, t1);
    }
    out.build_s = sim.build_seconds();
    out.simulate_s = sim.simulate_seconds();
    return out;
}

std::vector<double> population_counts(const spike_trains& trains, double bin_ms) {
    const std::size_t n = n_bins(trains, bin_ms);
    std::vector<double> counts(n, 0.0);
    for (double t : trains.times)
        if (t > trains.t_start && t <= trains.t_stop) counts[bin_of(t, trains, bin_ms, n)] += 1.0;
    return counts;
}

double golomb_chi(const spike_trains& trains, double bin_ms) {
    const std::size_t n = n_bins(trains, bin_ms);
    const double units = double(trains.units());
    // Variance over time of each unit's count, from its sums of n and n^2 over bins.
    double mean_unit_var = 0.0;
    for (std::size_t u = 0; u < trains.units(); ++u) {
        double s1 = 0.0, s2 = 0.0;
        std::size_t current = n, run = 0;  // counts of consecutive spikes in one bin
        for (double t : trains.unit(u)) {
            if (!(t > trains.t_start && t <= trains.t_stop)) continue;
            const std::size_t b = bin_of(t, trains, bin_ms, n);
            if (b != current && run) {
                s1 += double(run);
                s2 += double(run) * double(run);
                run = 0;
            }
            current = b;
            ++run;
        }
        s1 += double(run);
        s2 += double(run) * double(run);
        const double m = s1 / double(n);
        mean_unit_var += s2 / double(n) - m * m;
    }
    mean_unit_var /= units;
    const auto counts = population_counts(trains, bin_ms);
    double m = 0.0, m2 = 0.0;
    for (double c : counts) {
        m += c / units;
        m2 += (c / units) * (c / units);
    }
    m /= double(n);
    const double pop_var = m2 / double(n) - m * m;
    return mean_unit_var > 0.0 ? std::sqrt(pop_var / mean_unit_var) : std::nan("");
}

double population_fano(const spike_trains& trains, double bin_ms) {
    const auto counts = population_counts(trains, bin_ms);
    double m = 0.0, m2 = 0.0;
    for (double c : counts) {
        m += c;
        m2 += c * c;
    }
    m /= double(counts.size());
    const double var = m2 / double(counts.size()) - m * m;
    return m > 0.0 ? var / m : std::nan("");
}

spectrum population_spectrum(const spike_trains& trains, double bin_ms, int smooth_bins) {
    const auto counts = population_counts(trains, bin_ms);
    const std::size_t n = counts.size();
    double mean = 0.0;
    for (double c : counts) mean += c;
    mean /= double(n);
    // Hann window; the normalisation sum(w^2) * mean makes independent Poisson units give 1.
    std::vector<double> x(n);
    double w2 = 0.0;
    for (std::size_t k = 0; k < n; ++k) {
        const double w = 0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * double(k) / double(n - 1));
        x[k] = (counts[k] - mean) * w;
        w2 += w * w;
    }
    const std::size_t n_freq = n / 2 + 1;
    std::vector<double> raw(n_freq, 0.0);
    for (std::size_t f = 1; f < n_freq; ++f) {  // direct DFT: n is ~1000, cost negligible
        std::complex<double> acc = 0.0;
        const double step = -2.0 * std::numbers::pi * double(f) / double(n);
        for (std::size_t k = 0; k < n; ++k) acc += x[k] * std::polar(1.0, step * double(k));
        raw[f] = std::norm(acc) / (w2 * mean);
    }
    spectrum s;
    const double df = 1000.0 / (double(n) * bin_ms);
    for (std::size_t f = 1; f < n_freq; ++f) {
        double acc = 0.0;
        int used = 0;
        for (int d = -smooth_bins; d <= smooth_bins; ++d) {
            const auto g = static_cast<std::ptrdiff_t>(f) + d;
            if (g < 1 || g >= static_cast<std::ptrdiff_t>(n_freq)) continue;
            acc += raw[static_cast<std::size_t>(g)];
            ++used;
        }
        s.frequency_Hz.push_back(double(f) * df);
        s.power.push_back(acc / used);
    }
    return s;
}

spectral_peak peak_in(const spectrum& s, double f_lo_Hz, double f_hi_Hz) {
    spectral_peak p;
    for (std::size_t k = 0; k < s.power.size(); ++k)
        if (s.frequency_Hz[k] >= f_lo_Hz && s.frequency_Hz[k] <= f_hi_Hz && s.power[k] > p.power)
            p = {s.frequency_Hz[k], s.power[k]};
    return p;
}

state_statistics measure(const window_spikes& w) {
    state_statistics s;
    s.rate_E_Hz = double(w.E.total_spikes()) / double(w.E.units()) / (w.E.duration() * 1e-3);
    s.rate_I_Hz = double(w.I.total_spikes()) / double(w.I.units()) / (w.I.duration() * 1e-3);
    s.cv_isi = analysis::mean_finite(analysis::cv_isi(w.E, 2));
    s.chi = golomb_chi(w.E, 1.0);
    s.fano = population_fano(w.E, 1.0);
    const auto sp = population_spectrum(w.E, 0.5);
    s.peak = peak_in(sp, 5.0, 500.0);
    s.slow = peak_in(sp, 5.0, 60.0);
    s.fast = peak_in(sp, 100.0, 300.0);
    s.wall_s = w.build_s + w.simulate_s;
    return s;
}

const state_statistics& measure_cached(const state_point& p, std::uint64_t seed, double transient_ms,
                                       double measure_ms) {
    static std::map<std::tuple<double, double, std::uint64_t, double, double>, state_statistics> cache;
    const auto key = std::make_tuple(p.g, p.eta, seed, transient_ms, measure_ms);
    auto it = cache.find(key);
    if (it == cache.end()) it = cache.emplace(key, measure(simulate(p, seed, transient_ms, measure_ms))).first;
    return it->second;
}

std::string describe(const state_statistics& s) {
    char buf[400];
    std::snprintf(buf, sizeof buf,
                  "rate E %.2f Hz, I %.2f Hz; CV ISI %.3f; chi %.3f; Fano %.1f; spectral peak %.1f Hz "
                  "(x%.0f shot noise), slow band %.1f Hz (x%.0f), fast band %.1f Hz (x%.0f); wall %.1f s",
                  s.rate_E_Hz, s.rate_I_Hz, s.cv_isi, s.chi, s.fano, s.peak.frequency_Hz, s.peak.power,
                  s.slow.frequency_Hz, s.slow.power, s.fast.frequency_Hz, s.fast.power, s.wall_s);
    return buf;
}

double siegert_rate_Hz(double mu_mV, double sigma_mV) {
    const double lo = (V_r_mV - mu_mV) / sigma_mV, hi = (theta_mV - mu_mV) / sigma_mV;
    // e^{u^2}(1 + erf u) = e^{u^2} erfc(-u): smooth and bounded on the interval for the
    // (mu, sigma) met here (|u| < 10), so composite Simpson with 4000 panels is exact to ~1e-12.
    auto f = [](double u) { return std::exp(u * u) * std::erfc(-u); };
    const int n = 4000;
    const double h = (hi - lo) / n;
    double acc = f(lo) + f(hi);
    for (int k = 1; k < n; ++k) acc += f(lo + k * h) * (k % 2 ? 4.0 : 2.0);
    const double integral = acc * h / 3.0;
    return 1000.0 / (t_ref_ms + tau_m_ms * std::sqrt(std::numbers::pi) * integral);
}

double mean_field_rate_Hz(const state_point& p) {
    const double nu_ext = p.eta * nu_thr_Hz, tau_s = tau_m_ms * 1e-3;
    auto excess = [&](double nu) {
        const double mu = C_E * J_mV * tau_s * (nu_ext + nu * (1.0 - gamma_I * p.g));
        const double var = J_mV * J_mV * C_E * tau_s * (nu_ext + nu * (1.0 + gamma_I * p.g * p.g));
        return siegert_rate_Hz(mu, std::sqrt(var)) - nu;
    };
    // excess(0) > 0 and excess(1/t_ref) < 0: scan for the first sign change, then bisect it.
    const double nu_max = 1000.0 / t_ref_ms;
    double a = 1e-6, fa = excess(a);
    for (double b = 0.5; b <= nu_max; b += 0.5) {
        const double fb = excess(b);
        if ((fa > 0) != (fb > 0)) {
            for (int it = 0; it < 60; ++it) {
                const double m = 0.5 * (a + b), fm = excess(m);
                if ((fm > 0) == (fa > 0)) {
                    a = m;
                    fa = fm;
                } else {
                    b = m;
                }
            }
            return 0.5 * (a + b);
        }
        a = b;
        fa = fb;
    }
    return std::nan("");
}

}  // namespace lamina::validation::brunel
