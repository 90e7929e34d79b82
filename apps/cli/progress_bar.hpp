#pragma once
// A one-line progress display on a terminal: biological time, real-time factor, ETA.
// Silent when stderr is not a terminal (logs and CI stay clean).
#include <lamina/simulation.hpp>

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

}  // namespace lamina::cli
