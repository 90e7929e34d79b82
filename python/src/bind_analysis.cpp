// Analysis functions over spike trains (lamina::analysis).
#include <lamina/spike_statistics.hpp>

#include "common.hpp"

namespace lamina::python {

void bind_analysis(py::module_& m) {
    auto a = m.def_submodule("analysis", "Statistics of spike trains (lamina::analysis).");
    a.def(
        "firing_rates", [](const spike_trains& s) { return to_numpy(analysis::firing_rates(s)); }, py::arg("trains"),
        "Firing rate of each unit (Hz) over [t_start, t_stop].");
    a.def(
        "cv_isi",
        [](const spike_trains& s, std::size_t min_intervals) { return to_numpy(analysis::cv_isi(s, min_intervals)); },
        py::arg("trains"), py::arg("min_intervals") = 2, "ISI coefficient of variation of each unit (NaN if too few).");
    a.def(
        "mean_finite", [](const std::vector<double>& v) { return analysis::mean_finite(v); }, py::arg("values"),
        "Mean of the finite entries (NaN when none).");
}

}  // namespace lamina::python
