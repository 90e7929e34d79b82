// lamina::analysis for Python: every statistic of <lamina/analysis/all.hpp> on SpikeTrains (or on
// numpy series), computed with the GIL released. Lists of records (pairs, bursts) are numpy
// structured arrays; overloads of one C++ name get distinct Python names (e.g. branching_ratio
// on SpikeTrains, branching_ratio_series on an activity series) so each has one signature.
//
// This file: the submodule itself, rates, variability and synchrony, and the recording summary
// that gathers every statistic. Bursts, power laws, avalanches, branching, timescales and
// dimensionality are in bind_analysis_dynamics.cpp; module.cpp registers the three parts in the
// order bind_analysis, bind_analysis_dynamics, bind_analysis_summary, so that every signature
// names classes already bound.
#include <lamina/analysis/all.hpp>
#include <lamina/analysis/recording_summary.hpp>

#include "bind_analysis.hpp"

namespace lamina::python {
namespace {

namespace an = lamina::analysis;

py::array_t<double> time_series_times(const an::time_series& s) {
    std::vector<double> t(s.values.size());
    for (std::size_t k = 0; k < t.size(); ++k) t[k] = s.t_start_ms + double(k) * s.dt_ms;
    return to_numpy(std::move(t));
}

void bind_rates_variability(py::module_& a) {
    py::class_<an::time_series>(a, "TimeSeries",
                                "A regularly sampled signal: values[k] describes [t_start_ms + k dt_ms, "
                                "t_start_ms + (k+1) dt_ms). Unpacks as (times, values), times the bin starts.")
        .def_readonly("t_start_ms", &an::time_series::t_start_ms)
        .def_readonly("dt_ms", &an::time_series::dt_ms)
        .def_property_readonly("values", [](py::object self) {
            const auto& s = self.cast<const an::time_series&>();
            return view(s.values.data(), s.values.size(), self);
        })
        .def_property_readonly("times", &time_series_times, "bin starts (ms)")
        .def("__len__", [](const an::time_series& s) { return s.values.size(); })
        .def("__iter__", [](py::object self) {
            return py::iter(py::make_tuple(self.attr("times"), self.attr("values")));
        });

    a.def("firing_rates", [](const spike_trains& s) { return to_numpy(nogil([&] { return an::firing_rates(s); })); },
          py::arg("trains"), "Firing rate of each unit (Hz) over [t_start, t_stop].");
    a.def(
        "cv_isi",
        [](const spike_trains& s, std::size_t min_intervals) {
            return to_numpy(nogil([&] { return an::cv_isi(s, min_intervals); }));
        },
        py::arg("trains"), py::arg("min_intervals") = 2, "ISI coefficient of variation of each unit (NaN: too few ISIs).");
    a.def("cv2", [](const spike_trains& s) { return to_numpy(nogil([&] { return an::cv2(s); })); }, py::arg("trains"),
          "CV2 of each unit (Holt et al. 1996).");
    a.def("lv", [](const spike_trains& s) { return to_numpy(nogil([&] { return an::lv(s); })); }, py::arg("trains"),
          "Local variation LV of each unit (Shinomoto et al. 2003).");
    a.def(
        "mean_finite", [](const std::vector<double>& v) { return an::mean_finite(v); }, py::arg("values"),
        "Mean of the finite entries (NaN when none).");
    a.def(
        "population_counts",
        [](const spike_trains& s, double bin_ms) { return nogil([&] { return an::population_counts(s, bin_ms); }); },
        py::arg("trains"), py::arg("bin_ms"), "Spikes per bin summed over units.");
    a.def(
        "population_rate",
        [](const spike_trains& s, double bin_ms) { return nogil([&] { return an::population_rate(s, bin_ms); }); },
        py::arg("trains"), py::arg("bin_ms") = 10.0, "Population rate (Hz per unit) in bins.");
    a.def(
        "smoothed_population_rate",
        [](const spike_trains& s, double sigma_ms, double bin_ms) {
            return nogil([&] { return an::smoothed_population_rate(s, sigma_ms, bin_ms); });
        },
        py::arg("trains"), py::arg("sigma_ms") = 10.0, py::arg("bin_ms") = 1.0,
        "Population rate (Hz per unit) smoothed with a Gaussian kernel, edge-corrected.");
    a.def(
        "fano_factor",
        [](const spike_trains& s, double window_ms) {
            return to_numpy(nogil([&] { return an::fano_factor(s, window_ms); }));
        },
        py::arg("trains"), py::arg("window_ms") = 100.0, "Fano factor of each unit's counts in windows.");
    a.def("mean_population_rate", [](const spike_trains& s) { return an::mean_population_rate(s); },
          py::arg("trains"), py::call_guard<py::gil_scoped_release>(), "Spikes in the window / (units * duration in s).");
}

void bind_synchrony(py::module_& a) {
    a.def("all_pairs", [](std::size_t n) { return to_numpy(an::all_pairs(n)); }, py::arg("n_units"),
          "All pairs i < j as a structured array (i, j).");
    a.def(
        "sample_pairs",
        [](std::size_t n, std::size_t n_pairs, std::uint64_t seed) {
            return to_numpy(an::sample_pairs(n, n_pairs, seed));
        },
        py::arg("n_units"), py::arg("n_pairs"), py::arg("seed") = 1, "n_pairs distinct pairs drawn uniformly, sorted.");
    a.def(
        "spike_count_correlation",
        [](const spike_trains& s, double bin_ms, const std::optional<records_in<an::unit_pair>>& pairs) {
            std::span<const an::unit_pair> p;
            if (pairs) p = records(*pairs, "pairs");
            return to_numpy(nogil([&] { return an::spike_count_correlation(s, bin_ms, p); }));
        },
        py::arg("trains"), py::arg("bin_ms") = 100.0, py::arg("pairs") = py::none(),
        "Pearson correlation of binned counts per pair (all pairs when None): structured array (i, j, value).");
    a.def(
        "sttc",
        [](const doubles_in& x, const doubles_in& y, double t_start, double t_stop, double dt_ms) {
            const auto xs = span_of(x, "a");
            const auto ys = span_of(y, "b");
            return nogil([&] { return an::sttc(xs, ys, t_start, t_stop, dt_ms); });
        },
        py::arg("a"), py::arg("b"), py::arg("t_start"), py::arg("t_stop"), py::arg("dt_ms") = 5.0,
        "Spike time tiling coefficient of two sorted trains (Cutts & Eglen 2014).");
    a.def(
        "sttc_pairs",
        [](const spike_trains& s, const records_in<an::unit_pair>& pairs, double dt_ms) {
            const auto p = records(pairs, "pairs");
            return to_numpy(nogil([&] { return an::sttc_pairs(s, p, dt_ms); }));
        },
        py::arg("trains"), py::arg("pairs"), py::arg("dt_ms") = 5.0, "STTC of the given pairs: structured (i, j, value).");
    a.def("golomb_chi", [](const spike_trains& s, double bin_ms) { return an::golomb_chi(s, bin_ms); },
          py::arg("trains"), py::arg("bin_ms") = 5.0, py::call_guard<py::gil_scoped_release>(),
          "Golomb's synchrony measure chi on binned counts.");
}

/// A maybe<T> field as a property: its value, or None (the reason is in summary.missing).
template <class T>
auto maybe_value(an::maybe<T> an::recording_summary::*field) {
    return [field](const an::recording_summary& s) -> std::optional<T> { return (s.*field).value; };
}

void bind_recording_summary(py::module_& a) {
    using O = an::recording_summary_options;
    py::class_<O>(a, "RecordingSummaryOptions", "Parameters of summarize_recording (those of `lamina analyze`).")
        .def(py::init<>())
        .def_readwrite("rate_bin_ms", &O::rate_bin_ms)
        .def_readwrite("smoothing_sigma_ms", &O::smoothing_sigma_ms)
        .def_readwrite("fano_window_ms", &O::fano_window_ms)
        .def_readwrite("correlation_bin_ms", &O::correlation_bin_ms)
        .def_readwrite("sttc_dt_ms", &O::sttc_dt_ms)
        .def_readwrite("chi_bin_ms", &O::chi_bin_ms)
        .def_readwrite("max_pairs", &O::max_pairs)
        .def_readwrite("avalanche_bin_ms", &O::avalanche_bin_ms)
        .def_readwrite("gof_reps", &O::gof_reps)
        .def_readwrite("branching_bin_ms", &O::branching_bin_ms)
        .def_readwrite("branching_k_max", &O::branching_k_max)
        .def_readwrite("timescale_bin_ms", &O::timescale_bin_ms)
        .def_readwrite("timescale_max_lag_ms", &O::timescale_max_lag_ms)
        .def_readwrite("active_rate_hz", &O::active_rate_hz)
        .def_readwrite("max_interval", &O::max_interval)
        .def_readwrite("logisi", &O::logisi)
        .def_readwrite("network", &O::network)
        .def_readwrite("seed", &O::seed);

    using S = an::recording_summary;
    auto arr = [](std::vector<double> S::*field) {
        return [field](const S& s) { return to_numpy(std::vector<double>(s.*field)); };
    };
    py::class_<S>(a, "RecordingSummary",
                  "Every statistic of one recording, as `lamina analyze` computes it. A statistic that could not be "
                  "computed is None; `missing` says why.")
        .def_readonly("units", &S::units)
        .def_readonly("active_units", &S::active_units)
        .def_readonly("spikes", &S::spikes)
        .def_readonly("t_start_ms", &S::t_start_ms)
        .def_readonly("t_stop_ms", &S::t_stop_ms)
        .def_property_readonly("rates_hz", arr(&S::rates_hz))
        .def_property_readonly("cv_isi", arr(&S::cv_isi))
        .def_property_readonly("cv2", arr(&S::cv2))
        .def_property_readonly("lv", arr(&S::lv))
        .def_property_readonly("fano", arr(&S::fano))
        .def_readonly("mean_rate_hz", &S::mean_rate_hz)
        .def_readonly("median_rate_hz", &S::median_rate_hz)
        .def_readonly("mean_active_rate_hz", &S::mean_active_rate_hz)
        .def_property_readonly("mean_cv_isi", maybe_value(&S::mean_cv_isi))
        .def_property_readonly("mean_cv2", maybe_value(&S::mean_cv2))
        .def_property_readonly("mean_lv", maybe_value(&S::mean_lv))
        .def_property_readonly("mean_fano", maybe_value(&S::mean_fano))
        .def_property_readonly("mean_correlation", maybe_value(&S::mean_correlation))
        .def_property_readonly("mean_sttc", maybe_value(&S::mean_sttc))
        .def_property_readonly("chi", maybe_value(&S::chi))
        .def_readonly("pairs", &S::pairs)
        .def_readonly("population_rate", &S::population_rate)
        .def_readonly("smoothed_rate", &S::smoothed_rate)
        .def_property_readonly("max_interval_bursts", [](const S& s) { return to_numpy(std::vector<an::burst>(s.max_interval_bursts)); })
        .def_property_readonly("logisi_bursts", [](const S& s) { return to_numpy(std::vector<an::burst>(s.logisi_bursts)); })
        .def_readonly("max_interval", &S::max_interval)
        .def_readonly("logisi", &S::logisi)
        .def_property_readonly("network_bursts",
                               [](const S& s) { return to_numpy(std::vector<an::network_burst>(s.network_bursts)); })
        .def_readonly("network", &S::network)
        .def_property_readonly("avalanche", maybe_value(&S::avalanche))
        .def_property_readonly("crackling", maybe_value(&S::crackling))
        .def_property_readonly("size_gof_p", maybe_value(&S::size_gof_p))
        .def_property_readonly("size_vs_lognormal", maybe_value(&S::size_vs_lognormal))
        .def_property_readonly("size_vs_exponential", maybe_value(&S::size_vs_exponential))
        .def_property_readonly("branching", maybe_value(&S::branching))
        .def_property_readonly("timescale", maybe_value(&S::timescale))
        .def_property_readonly("participation_ratio", maybe_value(&S::participation_ratio))
        .def_property_readonly(
            "missing",
            [](const S& s) {
                std::map<std::string, std::string> out;
                auto note = [&](const char* name, const auto& m) {
                    if (!m.value) out[name] = m.missing_because;
                };
                note("mean_cv_isi", s.mean_cv_isi);
                note("mean_cv2", s.mean_cv2);
                note("mean_lv", s.mean_lv);
                note("mean_fano", s.mean_fano);
                note("mean_correlation", s.mean_correlation);
                note("mean_sttc", s.mean_sttc);
                note("chi", s.chi);
                note("avalanche", s.avalanche);
                note("crackling", s.crackling);
                note("size_gof_p", s.size_gof_p);
                note("size_vs_lognormal", s.size_vs_lognormal);
                note("size_vs_exponential", s.size_vs_exponential);
                note("branching", s.branching);
                note("timescale", s.timescale);
                note("participation_ratio", s.participation_ratio);
                return out;
            },
            "Statistics that could not be computed, with the reason.");

    a.def(
        "summarize_recording",
        [](const spike_trains& t, const O& o) { return nogil([&] { return an::summarize_recording(t, o); }); },
        py::arg("trains"), py::arg_v("options", O{}, "RecordingSummaryOptions()"),
        "Every statistic on the trains within their window, as `lamina analyze` computes them.");
    a.def(
        "select_units",
        [](const spike_trains& t, const std::vector<std::size_t>& units) { return an::select_units(t, units); },
        py::arg("trains"), py::arg("units"), "The trains of the chosen units only, keeping names and window.");
}

}  // namespace

void bind_analysis(py::module_& m) {
    PYBIND11_NUMPY_DTYPE(an::unit_pair, i, j);
    PYBIND11_NUMPY_DTYPE(an::pair_value, i, j, value);
    PYBIND11_NUMPY_DTYPE(an::burst, unit, first_spike, spikes, start_ms, end_ms);
    PYBIND11_NUMPY_DTYPE(an::network_burst, start_ms, end_ms, spikes, units);
    auto a = m.def_submodule("analysis", "Statistics of spike trains (lamina::analysis); times in ms, rates in Hz.");
    bind_rates_variability(a);
    bind_synchrony(a);
}

void bind_analysis_summary(py::module_& m) {
    auto a = m.attr("analysis").cast<py::module_>();
    bind_recording_summary(a);
}

}  // namespace lamina::python
