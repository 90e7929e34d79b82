#pragma once
/// @file
/// Spike-time irregularity of each unit from its inter-spike intervals (ISIs). All three measures
/// are 1 for a Poisson process. The ISI coefficient of variation (cv_isi) and firing_rates live in
/// <lamina/spike_statistics.hpp>, included here. See rates.hpp for the conventions (ms, window,
/// NaN for undefined units, input_error).
#include <lamina/spike_statistics.hpp>
#include <lamina/spike_trains.hpp>

#include <vector>

namespace lamina::analysis {

/// CV2 of each unit: the mean over consecutive ISI pairs of 2 |I_{i+1} - I_i| / (I_{i+1} + I_i)
/// (Holt, Softky, Koch & Douglas 1996, J Neurophysiol 75:1806). Local, so insensitive to slow rate
/// changes. Poisson: E[CV2] = 1. NaN for units with fewer than two ISIs; pairs of zero ISIs
/// (coincident spikes) are skipped.
std::vector<double> cv2(const spike_trains& trains);

/// Local variation LV of each unit: 3/(n-1) sum_{i=1}^{n-1} ((I_i - I_{i+1}) / (I_i + I_{i+1}))^2 over
/// its n ISIs (Shinomoto, Shima & Tanji 2003, Neural Comput 15:2823). Poisson: 1; gamma process of
/// shape k: E[LV] = 3 / (2k + 1); regular: 0. NaN for units with fewer than two ISIs.
std::vector<double> lv(const spike_trains& trains);

}  // namespace lamina::analysis
