#pragma once
// One-line progress displays on a terminal: a simulation's biological time, real-time factor and
// ETA; a training run's epoch, batch, loss and ETA. Silent when stderr is not a terminal (logs and
// CI stay clean).
#include <lamina/simulation.hpp>
#include <lamina/training.hpp>

#include <chrono>
#include <cstdint>

namespace lamina::cli {

class progress_bar {
public:
    progress_bar();
    bool enabled() const { return enabled_; }
    void update(const progress_report& r);
    void finish();

private:
    bool enabled_;
    bool drawn_ = false;
};

// Redrawn after every batch (at most ten times a second, and at each epoch's end), so that a
// long epoch (a minute and more for a 1000-unit full-rank network) shows that it moves. The ETA
// is the run's mean time per batch times the batches left (the report's epoch size for each epoch
// still to come).
class training_progress {
public:
    explicit training_progress(std::uint64_t total_epochs);
    void update(const rnn_epoch_report& r);
    void finish();

private:
    using clock = std::chrono::steady_clock;
    bool enabled_;
    bool drawn_ = false;
    std::uint64_t total_epochs_;
    std::uint64_t batches_run_ = 0;  // by this process (a resumed run's earlier ones took no time here)
    clock::time_point start_ = clock::now(), last_draw_{};
};

}  // namespace lamina::cli
