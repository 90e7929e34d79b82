// SIGINT while a long call holds the main thread with the GIL released (a simulation run, a
// training epoch): the handler sets the stop flag of that call, then passes the signal on to the
// handler it replaced (Python's, which marks it pending), so that after the call Python's own
// handler decides what happens (KeyboardInterrupt by default). Only the main thread installs it
// (Python only ever handles signals there), hence one at a time. Private to the bindings.
#pragma once
#include <pybind11/pybind11.h>

#include <atomic>
#include <memory>

namespace lamina::python {

/// Installs the handler for its lifetime, unless SIGINT is ignored or handled with SA_SIGINFO
/// (not Python's doing; left alone).
class sigint_guard {
public:
    explicit sigint_guard(std::atomic<bool>* stop);
    ~sigint_guard();
    /// A SIGINT arrived while installed.
    bool interrupted() const;
    /// The replaced handler was SIG_DFL (Python does not handle SIGINT): raise KeyboardInterrupt ourselves.
    bool chained_to_default() const;
    sigint_guard(const sigint_guard&) = delete;
    sigint_guard& operator=(const sigint_guard&) = delete;

private:
    bool installed_ = false;
};

/// After a call a SIGINT stopped: runs Python's handler, which raises KeyboardInterrupt by default
/// (or raises it here when Python does not handle SIGINT); returns if the handler does.
void deliver_sigint_to_python(bool chained_to_default);

/// Runs `call` with the GIL released, under a sigint_guard setting `stop` when `handle_sigint`,
/// then hands a SIGINT that arrived to Python. Returns whether one arrived (a Python handler that
/// returns lets the caller report it).
template <class Call>
bool run_stoppable(std::atomic<bool>* stop, bool handle_sigint, Call&& call) {
    bool interrupted = false, chained_to_default = false;
    {
        std::unique_ptr<sigint_guard> guard;
        if (handle_sigint) guard = std::make_unique<sigint_guard>(stop);
        {
            pybind11::gil_scoped_release nogil;
            call();
        }
        if (guard) {
            interrupted = guard->interrupted();
            chained_to_default = guard->chained_to_default();
        }
    }
    if (interrupted) deliver_sigint_to_python(chained_to_default);
    return interrupted;
}

}  // namespace lamina::python
