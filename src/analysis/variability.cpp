// CV2 and LV: local measures of irregularity from consecutive ISI pairs
// (see include/lamina/analysis/variability.hpp).
#include <lamina/analysis/variability.hpp>

#include "detail.hpp"

#include <cmath>
#include <limits>

namespace lamina::analysis {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// Calls term(I_i, I_{i+1}) for every pair of consecutive ISIs of the unit; returns the number of pairs.
template <class Term>
std::size_t for_each_isi_pair(std::span<const double> t, const char* where, std::size_t unit, Term&& term) {
    if (t.size() < 3) return 0;
    double prev = t[1] - t[0];
    for (std::size_t k = 2; k < t.size(); ++k) {
        const double next = t[k] - t[k - 1];
        if (next < 0.0 || prev < 0.0)
            detail::fail(where, "spike times of unit " + std::to_string(unit) + " are not sorted");
        term(prev, next);
        prev = next;
    }
    return t.size() - 2;
}

}  // namespace

std::vector<double> cv2(const spike_trains& trains) {
    detail::check_trains(trains, "cv2");
    std::vector<double> out(trains.units(), nan);
    for (std::size_t u = 0; u < trains.units(); ++u) {
        double sum = 0.0;
        std::size_t used = 0;
        for_each_isi_pair(detail::window_spikes(trains, u), "cv2", u, [&](double a, double b) {
            if (a + b > 0.0) {
                sum += 2.0 * std::fabs(b - a) / (a + b);
                ++used;
            }
        });
        if (used > 0) out[u] = sum / double(used);
    }
    return out;
}

std::vector<double> lv(const spike_trains& trains) {
    detail::check_trains(trains, "lv");
    std::vector<double> out(trains.units(), nan);
    for (std::size_t u = 0; u < trains.units(); ++u) {
        double sum = 0.0;
        std::size_t used = 0;
        for_each_isi_pair(detail::window_spikes(trains, u), "lv", u, [&](double a, double b) {
            if (a + b > 0.0) {
                const double r = (a - b) / (a + b);
                sum += r * r;
                ++used;
            }
        });
        if (used > 0) out[u] = 3.0 * sum / double(used);
    }
    return out;
}

}  // namespace lamina::analysis
