#pragma once
/// @file
/// The processes of a run and how they exchange spikes. A single process needs no exchange;
/// the ranks of an MPI job all-gather each epoch's spikes. The engine sorts what it receives, so
/// the same spikes result whatever the number of ranks.
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace lamina {

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
    /// Replaces `spikes` (this process's) by the concatenation of every process's, rank by rank.
    virtual void exchange(std::vector<spike_event>& spikes) = 0;
    /// Element-wise sum over processes, result on every process.
    virtual void sum(std::span<double> values) = 0;
    virtual std::uint64_t sum(std::uint64_t value) = 0;
    /// Ends every process of the job with this exit code (after the caller printed why).
    [[noreturn]] virtual void abort(int code) = 0;
};

/// The communicator of this process: MPI when lamina was built with MPI and the process was
/// started by an MPI launcher (mpirun, srun), otherwise a single process. The first call
/// initialises MPI; later calls return the same object.
std::shared_ptr<communicator> process_communicator(int* argc = nullptr, char*** argv = nullptr);

/// A communicator of one process, for programs that never use MPI.
std::shared_ptr<communicator> local_communicator();

/// Whether this build of lamina includes MPI support.
bool built_with_mpi();

}  // namespace lamina
