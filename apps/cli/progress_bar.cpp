#include "progress_bar.hpp"

#include <unistd.h>

#include <cstdio>

namespace lamina::cli {

progress_bar::progress_bar() : enabled_(isatty(STDERR_FILENO) != 0) {}

void progress_bar::update(const progress_report& r) {
    if (!enabled_) return;
    constexpr int width = 30;
    const double frac = r.t_end_ms > 0.0 ? r.t_ms / r.t_end_ms : 1.0;
    const int filled = static_cast<int>(frac * width + 0.5);
    char bar[width + 1];
    for (int k = 0; k < width; ++k) bar[k] = k < filled ? '#' : '.';
    bar[width] = '\0';
    const double bio_s = r.t_ms * 1e-3;
    const double rtf = bio_s > 0.0 ? r.wall_s / bio_s : 0.0;
    const double eta = frac > 0.0 ? r.wall_s * (1.0 - frac) / frac : 0.0;
    std::fprintf(stderr, "\r[%s] %8.1f / %.1f ms  real-time factor %6.2f  ETA %5.0f s ", bar, r.t_ms, r.t_end_ms, rtf, eta);
    std::fflush(stderr);
    drawn_ = true;
}

void progress_bar::finish() {
    if (enabled_ && drawn_) std::fputc('\n', stderr);
    drawn_ = false;
}

}  // namespace lamina::cli
