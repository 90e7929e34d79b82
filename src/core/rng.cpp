#include "core/rng.hpp"

#include <cmath>

namespace lamina::core {

std::uint64_t rng_stream::poisson(double mean) {
    if (!(mean > 0.0)) return 0;
    if (mean < small_mean_limit) return poisson(mean, std::exp(-mean));
    // PTRS: transformed rejection with squeeze, Hoermann (1993) Insurance Math. Econom. 12:39.
    const double slam = std::sqrt(mean);
    const double loglam = std::log(mean);
    const double b = 0.931 + 2.53 * slam;
    const double a = -0.059 + 0.02483 * b;
    const double inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
    const double v_r = 0.9277 - 3.6224 / (b - 2.0);
    while (true) {
        const double u = uniform() - 0.5;
        const double v = uniform();
        const double us = 0.5 - std::fabs(u);
        const double k = std::floor((2.0 * a / us + b) * u + mean + 0.43);
        if (us >= 0.07 && v <= v_r) return static_cast<std::uint64_t>(k);
        if (k < 0.0 || (us < 0.013 && v > us)) continue;
        if (std::log(v) + std::log(inv_alpha) - std::log(a / (us * us) + b) <=
            -mean + k * loglam - std::lgamma(k + 1.0))
            return static_cast<std::uint64_t>(k);
    }
}

}  // namespace lamina::core
