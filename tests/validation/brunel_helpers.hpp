#pragma once
// Helpers of the Brunel (2000) validation tests: simulating examples/brunel.toml with the
// parameters of one state of Brunel's Fig. 8, and the statistics that tell the states apart
// (rates, CV of ISI, synchrony and spectrum of the population rate), plus the mean-field
// (Siegert) rate. Self-contained on purpose: the analysis layer is developed separately.
//
// Reference: N. Brunel (2000) J Comput Neurosci 8:183, "Dynamics of sparsely connected networks
// of excitatory and inhibitory spiking neurons", model A (identical E and I neurons).
#include <lamina/spike_trains.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace lamina::validation::brunel {

// Model A constants shared by the example file, the mean field and the Brian2 script (ms, mV).
inline constexpr double J_mV = 0.1, theta_mV = 20.0, V_r_mV = 10.0, tau_m_ms = 20.0, t_ref_ms = 2.0;
inline constexpr double C_E = 1000.0, gamma_I = 0.25;  // in-degree from E; C_I / C_E
inline constexpr std::size_t N_E = 10000, N_I = 2500;
/// Threshold rate nu_thr = theta / (J C_E tau_m): 10 Hz per external neuron.
inline constexpr double nu_thr_Hz = theta_mV / (J_mV * C_E * tau_m_ms) * 1000.0;

/// One point of Fig. 8: relative inhibition g and external drive eta = nu_ext / nu_thr.
struct state_point {
    double g = 5.0;
    double eta = 2.0;
};

/// "--set" overrides of examples/brunel.toml for a state point and seed (weights -g J of both
/// inhibitory projections, Poisson rate C_E eta nu_thr onto E and I).
std::vector<std::string> overrides(const state_point& p, std::uint64_t seed);

/// Spikes of the measurement window of one simulation.
struct window_spikes {
    spike_trains E, I;  ///< over [t_start, t_stop] = [transient, transient + measure]
    double build_s = 0, simulate_s = 0;
};

/// Loads examples/brunel.toml with `overrides(p, seed)`, simulates transient + measure ms on
/// `threads` threads and returns the spikes after the transient.
window_spikes simulate(const state_point& p, std::uint64_t seed, double transient_ms, double measure_ms,
                       int threads = 2);

/// Spike counts of all units in bins of `bin_ms` over [t_start, t_stop] (the population rate
/// times units * bin width).
std::vector<double> population_counts(const spike_trains& trains, double bin_ms);

/// Golomb's synchrony measure (Golomb & Rinzel 1993; Golomb 2007 Scholarpedia "Neuronal
/// synchrony measures") on spike counts in bins of `bin_ms`:
///   chi^2 = Var_t[mean_i n_i(t)] / mean_i Var_t[n_i(t)].
/// 1 for identical trains; ~1/sqrt(units) for independent ones.
double golomb_chi(const spike_trains& trains, double bin_ms);

/// Fano factor Var/mean of the population spike count in bins of `bin_ms`: ~1 (a little below,
/// from refractoriness) for independent Poisson-like units, >> 1 when units fire together.
double population_fano(const spike_trains& trains, double bin_ms);

/// Power spectrum of the population spike count (bins of `bin_ms`, Hann window, whole window as
/// one segment), normalised by the shot-noise level of independent Poisson units with the same
/// mean count, so that asynchronous activity gives ~1 at every frequency. Smoothed over
/// `smooth_bins` neighbouring frequencies on each side (a Daniell smoother) to tame the
/// periodogram's exponential scatter.
struct spectrum {
    std::vector<double> frequency_Hz;
    std::vector<double> power;  ///< relative to the Poisson shot-noise level
};
spectrum population_spectrum(const spike_trains& trains, double bin_ms, int smooth_bins = 2);

/// The largest value of a spectrum in [f_lo, f_hi].
struct spectral_peak {
    double frequency_Hz = 0;
    double power = 0;
};
spectral_peak peak_in(const spectrum& s, double f_lo_Hz, double f_hi_Hz);

/// Everything the state tests assert, for the E population.
struct state_statistics {
    double rate_E_Hz = 0, rate_I_Hz = 0;
    double cv_isi = 0;      ///< mean over E neurons with >= 3 spikes in the window
    double chi = 0;         ///< golomb_chi, 1 ms bins
    double fano = 0;        ///< population_fano, 1 ms bins
    spectral_peak peak;     ///< population_spectrum (0.5 ms bins) peak in [5, 500] Hz
    spectral_peak slow;     ///< its peak in the slow band [5, 60] Hz (state D's oscillation)
    spectral_peak fast;     ///< its peak in the fast band [100, 300] Hz (state B's oscillation)
    double wall_s = 0;      ///< build + simulate
};
state_statistics measure(const window_spikes& w);

/// measure(simulate(...)), remembered for the life of the test process so that tests sharing a
/// run (the AI state of seed 1 is in both test files) simulate it once.
const state_statistics& measure_cached(const state_point& p, std::uint64_t seed, double transient_ms,
                                       double measure_ms);

/// Human-readable one-line summary (for test logs and docs/validation.md).
std::string describe(const state_statistics& s);

/// Siegert's mean first-passage rate of the LIF neuron driven by white noise of mean mu and
/// std sigma (mV), with Brunel's notation (his Eq. 21):
///   1/nu = t_ref + tau sqrt(pi) int_{(V_r-mu)/sigma}^{(theta-mu)/sigma} e^{u^2} (1 + erf u) du.
double siegert_rate_Hz(double mu_mV, double sigma_mV);

/// Brunel's self-consistent stationary rate of model A (his Eqs. 4-5 and 21):
///   mu = C_E J tau (nu_ext + nu (1 - gamma g)),  sigma^2 = J^2 C_E tau (nu_ext + nu (1 + gamma g^2)),
///   nu = siegert(mu, sigma),  nu_ext = eta nu_thr.
/// Solved by bisection on nu in (0, 1/t_ref); returns the lowest solution found.
double mean_field_rate_Hz(const state_point& p);

}  // namespace lamina::validation::brunel
