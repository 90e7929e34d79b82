// The SIGINT handler of sigint_guard.hpp: it only stores atomics and calls the replaced handler.
#include "sigint_guard.hpp"

#include <csignal>

namespace lamina::python {
namespace {

std::atomic<bool>* sigint_stop = nullptr;
std::atomic<bool> sigint_seen{false};
struct sigaction previous_sigint {};

extern "C" void on_sigint(int sig) {
    sigint_seen.store(true);
    if (sigint_stop) sigint_stop->store(true);
    if ((previous_sigint.sa_flags & SA_SIGINFO) == 0 && previous_sigint.sa_handler != SIG_DFL &&
        previous_sigint.sa_handler != SIG_IGN)
        previous_sigint.sa_handler(sig);
}

}  // namespace

sigint_guard::sigint_guard(std::atomic<bool>* stop) {
    struct sigaction current {};
    if (sigaction(SIGINT, nullptr, &current) != 0) return;
    if (current.sa_flags & SA_SIGINFO || current.sa_handler == SIG_IGN) return;
    previous_sigint = current;
    sigint_seen.store(false);
    sigint_stop = stop;
    struct sigaction ours {};
    ours.sa_handler = on_sigint;
    sigemptyset(&ours.sa_mask);
    ours.sa_flags = 0;
    installed_ = sigaction(SIGINT, &ours, nullptr) == 0;
    if (!installed_) sigint_stop = nullptr;
}

sigint_guard::~sigint_guard() {
    if (!installed_) return;
    sigaction(SIGINT, &previous_sigint, nullptr);
    sigint_stop = nullptr;
}

bool sigint_guard::interrupted() const { return installed_ && sigint_seen.load(); }
bool sigint_guard::chained_to_default() const { return installed_ && previous_sigint.sa_handler == SIG_DFL; }

void deliver_sigint_to_python(bool chained_to_default) {
    if (PyErr_CheckSignals() != 0) throw pybind11::error_already_set();
    if (chained_to_default) {
        PyErr_SetNone(PyExc_KeyboardInterrupt);
        throw pybind11::error_already_set();
    }
}

}  // namespace lamina::python
