// SIGINT while a long call holds the main thread with the GIL released (a simulation run, a
// training epoch): the handler sets the stop flag of that call, then passes the signal on to the
// handler it replaced (Python's, which marks it pending), so that after the call Python's own
// handler decides what happens (KeyboardInterrupt by default). Only the main thread installs it
// (Python only ever handles signals there), hence one at a time. Private to the bindings.
#pragma once
#include <atomic>

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

}  // namespace lamina::python
