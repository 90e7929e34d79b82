// MPI spike exchange: one MPI_Allgather of counts and one MPI_Allgatherv of the epoch's spikes.
// The engine calls it from one thread at a time (MPI_THREAD_SERIALIZED).
#include "comm/communicator.hpp"

#include <lamina/error.hpp>

#include <mpi.h>

#include <numeric>

namespace lamina::comm {
namespace {

class mpi_communicator final : public communicator {
public:
    mpi_communicator(int* argc, char*** argv) {
        int initialized = 0;
        MPI_Initialized(&initialized);
        if (!initialized) {
            int provided = 0;
            MPI_Init_thread(argc, argv, MPI_THREAD_SERIALIZED, &provided);
            if (provided < MPI_THREAD_SERIALIZED)
                throw error("MPI provides thread level " + std::to_string(provided) +
                            ", but lamina needs MPI_THREAD_SERIALIZED (its threads take turns to communicate)");
            owns_mpi_ = true;
        }
        // Errors end the job with MPI's message instead of returning codes nobody checks.
        MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_ARE_FATAL);
        MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
        MPI_Comm_size(MPI_COMM_WORLD, &size_);
        counts_.resize(static_cast<std::size_t>(size_));
        displs_.resize(static_cast<std::size_t>(size_));
    }
    ~mpi_communicator() override {
        int finalized = 0;
        MPI_Finalized(&finalized);
        if (owns_mpi_ && !finalized) MPI_Finalize();
    }

    int rank() const override { return rank_; }
    int size() const override { return size_; }

    void exchange(std::vector<spike_event>& spikes) override {
        const int mine = static_cast<int>(spikes.size() * sizeof(spike_event));
        MPI_Allgather(&mine, 1, MPI_INT, counts_.data(), 1, MPI_INT, MPI_COMM_WORLD);
        std::exclusive_scan(counts_.begin(), counts_.end(), displs_.begin(), 0);
        const auto total = static_cast<std::size_t>(displs_.back() + counts_.back());
        received_.resize(total / sizeof(spike_event));
        MPI_Allgatherv(spikes.data(), mine, MPI_BYTE, received_.data(), counts_.data(), displs_.data(), MPI_BYTE,
                       MPI_COMM_WORLD);
        spikes.swap(received_);
    }

    void sum(std::span<double> values) override {
        if (!values.empty())
            MPI_Allreduce(MPI_IN_PLACE, values.data(), static_cast<int>(values.size()), MPI_DOUBLE, MPI_SUM,
                          MPI_COMM_WORLD);
    }
    std::uint64_t sum(std::uint64_t value) override {
        std::uint64_t total = 0;
        MPI_Allreduce(&value, &total, 1, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
        return total;
    }
    [[noreturn]] void abort(int code) override {
        MPI_Abort(MPI_COMM_WORLD, code);
        std::exit(code);
    }

private:
    int rank_ = 0, size_ = 1;
    bool owns_mpi_ = false;
    std::vector<int> counts_, displs_;
    std::vector<spike_event> received_;
};

}  // namespace

std::shared_ptr<communicator> make_mpi_communicator(int* argc, char*** argv) {
    return std::make_shared<mpi_communicator>(argc, argv);
}

}  // namespace lamina::comm
