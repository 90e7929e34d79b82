#pragma once
/// @file
/// Neuronal avalanches (Beggs & Plenz 2003, J Neurosci 23:11167): cascades of population activity
/// in time bins bounded by empty bins; their size and duration distributions, and the crackling-noise
/// scaling relation between them (Sethna, Dahmen & Myers 2001, Nature 410:242; Friedman et al. 2012,
/// PRL 108:208102). See rates.hpp for the conventions (ms, window, input_error).
#include <lamina/analysis/powerlaw.hpp>
#include <lamina/spike_trains.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace lamina::analysis {

struct avalanches {
    double bin_ms = 0.0;                 ///< bin width used
    std::vector<double> start_ms;        ///< start of the first bin of each avalanche
    std::vector<std::uint64_t> sizes;    ///< spikes in each avalanche
    std::vector<std::uint64_t> durations;///< bins in each avalanche
};

/// Mean inter-event interval of the pooled spikes in the window, in ms: (last - first) / (n - 1);
/// Beggs & Plenz's default avalanche bin. Throws with fewer than two spikes or all spikes coincident.
double mean_inter_event_interval(const spike_trains& trains);

/// Avalanches in bins of `bin_ms` (0: the mean inter-event interval). An avalanche is a maximal run
/// of non-empty bins; runs touching the window's first or last bin are incomplete and left out.
/// Linear in spikes; memory independent of the number of bins.
avalanches detect_avalanches(const spike_trains& trains, double bin_ms = 0.0);

/// Crackling-noise scaling: with P(S) ~ S^-alpha_S and P(T) ~ T^-alpha_T, mean size at duration T
/// scales as <S>(T) ~ T^gamma with gamma = (alpha_T - 1) / (alpha_S - 1) at criticality.
struct crackling_noise {
    powerlaw_fit size;       ///< discrete fit of the sizes
    powerlaw_fit duration;   ///< discrete fit of the durations (in bins)
    double gamma_fit = 0.0;  ///< least-squares slope of log <S>(T) on log T
    double gamma_fit_se = 0.0;
    double gamma_predicted = 0.0;  ///< (alpha_T - 1) / (alpha_S - 1)
    std::size_t durations_used = 0;///< distinct durations in the <S>(T) regression
};

/// Fits both distributions (options apply to both; discrete is forced) and regresses log <S>(T) on
/// log T over durations T >= the fitted duration x_min with at least `min_count` avalanches each
/// (default 10, so each mean is an average, not a single draw).
crackling_noise crackling_noise_relation(const avalanches& aval, const powerlaw_options& options = {},
                                         std::size_t min_count = 10);

}  // namespace lamina::analysis
