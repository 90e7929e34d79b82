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

training_progress::training_progress(std::uint64_t total_epochs)
    : enabled_(isatty(STDERR_FILENO) != 0), total_epochs_(total_epochs) {}

void training_progress::update(const rnn_epoch_report& r) {
    ++batches_run_;
    if (!enabled_) return;
    const auto now = clock::now();
    if (!r.complete && drawn_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
    last_draw_ = now;
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const std::uint64_t left = (total_epochs_ > r.epoch ? (total_epochs_ - r.epoch) * r.batches : 0) +
                               (r.batches - r.batches_done);
    const auto eta = static_cast<long long>(elapsed / static_cast<double>(batches_run_) * static_cast<double>(left) + 0.5);
    std::fprintf(stderr, "\repoch %llu/%llu  batch %llu/%llu  loss %.5g  lr %.3g  ETA %lld:%02lld:%02lld   ",
                 static_cast<unsigned long long>(r.epoch), static_cast<unsigned long long>(total_epochs_),
                 static_cast<unsigned long long>(r.batches_done), static_cast<unsigned long long>(r.batches),
                 r.mean_loss, r.learning_rate, eta / 3600, eta / 60 % 60, eta % 60);
    std::fflush(stderr);
    drawn_ = true;
}

void training_progress::finish() {
    if (enabled_ && drawn_) std::fputc('\n', stderr);
    drawn_ = false;
}

}  // namespace lamina::cli
