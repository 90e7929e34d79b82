#pragma once
// The spike-exchange interface between processes. Threads of one process share memory and need
// no exchange; ranks of an MPI job exchange each epoch's spikes here (src/comm/mpi, later).
// The engine sorts exchanged spikes by (step, gid), so the result of an exchange is the same
// set whatever the decomposition: that keeps spikes identical for any number of ranks.
#include <cstdint>
#include <vector>

namespace lamina::comm {

/// A spike as exchanged: the step it is stamped with and the neuron's global id.
struct spike_event {
    std::int64_t step;
    std::uint32_t gid;
    friend bool operator<(const spike_event& a, const spike_event& b) {
        return a.step != b.step ? a.step < b.step : a.gid < b.gid;
    }
    friend bool operator==(const spike_event&, const spike_event&) = default;
};

class communicator {
public:
    virtual ~communicator() = default;
    virtual int rank() const = 0;
    virtual int size() const = 0;
    /// Replaces `spikes` (this process's spikes of the epoch) by all processes' spikes.
    virtual void exchange(std::vector<spike_event>& spikes) = 0;
};

/// A single process: the exchange is the identity.
class local_communicator final : public communicator {
public:
    int rank() const override { return 0; }
    int size() const override { return 1; }
    void exchange(std::vector<spike_event>&) override {}
};

}  // namespace lamina::comm
