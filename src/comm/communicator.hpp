#pragma once
// The engine's view of the spike-exchange interface (declared publicly in lamina/communicator.hpp);
// implementations: local_communicator below, and the MPI one in src/comm/mpi/ (the only place
// that includes MPI headers).
#include <lamina/communicator.hpp>

#include <cstdlib>

namespace lamina::comm {

using lamina::communicator;
using lamina::spike_event;

/// A single process: exchanges and sums are the identity.
class local_communicator final : public communicator {
public:
    int rank() const override { return 0; }
    int size() const override { return 1; }
    void exchange(std::vector<spike_event>&) override {}
    void sum(std::span<double>) override {}
    std::uint64_t sum(std::uint64_t value) override { return value; }
    [[noreturn]] void abort(int code) override { std::exit(code); }
};

/// Created by process_communicator() when an MPI launcher started this process (LAMINA_HAVE_MPI).
std::shared_ptr<communicator> make_mpi_communicator(int* argc, char*** argv);

}  // namespace lamina::comm
