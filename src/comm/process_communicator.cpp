#include "comm/communicator.hpp"

#include <cstdlib>
#include <mutex>

namespace lamina {
namespace {

/// Environment variables that MPI launchers set in every process they start.
bool started_by_mpi_launcher() {
    for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "MPI_LOCALNRANKS"})
        if (std::getenv(name)) return true;
    return false;
}

}  // namespace

bool built_with_mpi() {
#ifdef LAMINA_HAVE_MPI
    return true;
#else
    return false;
#endif
}

std::shared_ptr<communicator> local_communicator() { return std::make_shared<comm::local_communicator>(); }

std::shared_ptr<communicator> process_communicator(int* argc, char*** argv) {
    static std::mutex guard;
    static std::shared_ptr<communicator> instance;
    std::lock_guard lock(guard);
    if (!instance) {
#ifdef LAMINA_HAVE_MPI
        if (started_by_mpi_launcher()) instance = comm::make_mpi_communicator(argc, argv);
#endif
        if (!instance) instance = local_communicator();
    }
    (void)argc;
    (void)argv;
    return instance;
}

}  // namespace lamina
