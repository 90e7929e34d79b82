// lamina::analysis for Python, second part: bursts (single-unit and network), power-law fits,
// neuronal avalanches and crackling noise, branching ratios, intrinsic timescales and
// dimensionality. The submodule and the record dtypes are made by bind_analysis (bind_analysis.cpp),
// which module.cpp calls first.
#include <lamina/analysis/all.hpp>

#include "bind_analysis.hpp"

namespace lamina::python {
namespace {

namespace an = lamina::analysis;

void bind_bursts(py::module_& a) {
    py::class_<an::max_interval_options>(a, "MaxIntervalOptions", "MaxInterval parameters (NeuroExplorer's defaults).")
        .def(py::init<>())
        .def_readwrite("max_begin_isi_ms", &an::max_interval_options::max_begin_isi_ms)
        .def_readwrite("max_end_isi_ms", &an::max_interval_options::max_end_isi_ms)
        .def_readwrite("min_ibi_ms", &an::max_interval_options::min_ibi_ms)
        .def_readwrite("min_duration_ms", &an::max_interval_options::min_duration_ms)
        .def_readwrite("min_spikes", &an::max_interval_options::min_spikes);
    py::class_<an::logisi_options>(a, "LogIsiOptions", "logISI parameters (Pasquale et al. 2010).")
        .def(py::init<>())
        .def_readwrite("isi_cutoff_ms", &an::logisi_options::isi_cutoff_ms)
        .def_readwrite("void_threshold", &an::logisi_options::void_threshold)
        .def_readwrite("min_spikes", &an::logisi_options::min_spikes)
        .def_readwrite("bins_per_decade", &an::logisi_options::bins_per_decade)
        .def_readwrite("lowess_span", &an::logisi_options::lowess_span)
        .def_readwrite("max_threshold_ms", &an::logisi_options::max_threshold_ms);
    py::class_<an::network_burst_options>(a, "NetworkBurstOptions", "Network-burst detection parameters.")
        .def(py::init<>())
        .def_readwrite("window_ms", &an::network_burst_options::window_ms)
        .def_readwrite("step_ms", &an::network_burst_options::step_ms)
        .def_readwrite("min_active_fraction", &an::network_burst_options::min_active_fraction)
        .def_readwrite("min_units", &an::network_burst_options::min_units)
        .def_readwrite("min_unit_rate_hz", &an::network_burst_options::min_unit_rate_hz)
        .def_readwrite("chance_p", &an::network_burst_options::chance_p)
        .def_readwrite("merge_gap_ms", &an::network_burst_options::merge_gap_ms);
    py::class_<an::burst_stats>(a, "BurstStats", "Summary of a set of bursts (rates per minute).")
        .def_readonly("bursts", &an::burst_stats::bursts)
        .def_readonly("rate_per_min", &an::burst_stats::rate_per_min)
        .def_readonly("mean_duration_ms", &an::burst_stats::mean_duration_ms)
        .def_readonly("mean_spikes", &an::burst_stats::mean_spikes)
        .def_readonly("fraction_spikes_in_bursts", &an::burst_stats::fraction_spikes_in_bursts)
        .def_readonly("ibi_cv", &an::burst_stats::ibi_cv)
        .def_readonly("mean_units", &an::burst_stats::mean_units);
    py::class_<an::burst_summary>(a, "BurstSummary", "Per-unit and population burst statistics.")
        .def_readonly("units", &an::burst_summary::units)
        .def_readonly("population", &an::burst_summary::population)
        .def_readonly("bursting_units", &an::burst_summary::bursting_units);

    a.def(
        "max_interval_bursts",
        [](const spike_trains& s, const an::max_interval_options& o) {
            return to_numpy(nogil([&] { return an::max_interval_bursts(s, o); }));
        },
        py::arg("trains"), py::arg_v("options", an::max_interval_options{}, "MaxIntervalOptions()"),
        "Single-unit bursts by MaxInterval: structured array (unit, first_spike, spikes, start_ms, end_ms).");
    a.def(
        "logisi_threshold",
        [](const doubles_in& t, const an::logisi_options& o) {
            const auto ts = span_of(t, "unit_times");
            return nogil([&] { return an::logisi_threshold(ts, o); });
        },
        py::arg("unit_times"), py::arg_v("options", an::logisi_options{}, "LogIsiOptions()"), "The logISI threshold (ms) of one train, or NaN.");
    a.def(
        "logisi_bursts",
        [](const spike_trains& s, const an::logisi_options& o) {
            return to_numpy(nogil([&] { return an::logisi_bursts(s, o); }));
        },
        py::arg("trains"), py::arg_v("options", an::logisi_options{}, "LogIsiOptions()"), "Single-unit bursts by logISI (structured array).");
    a.def(
        "network_bursts",
        [](const spike_trains& s, const an::network_burst_options& o) {
            return to_numpy(nogil([&] { return an::network_bursts(s, o); }));
        },
        py::arg("trains"), py::arg_v("options", an::network_burst_options{}, "NetworkBurstOptions()"),
        "Network bursts: structured array (start_ms, end_ms, spikes, units).");
    a.def(
        "summarize_bursts",
        [](const spike_trains& s, const records_in<an::burst>& b) {
            const auto bs = records(b, "bursts");
            return nogil([&] { return an::summarize_bursts(s, bs); });
        },
        py::arg("trains"), py::arg("bursts"), "Summary of single-unit bursts.");
    a.def(
        "summarize_network_bursts",
        [](const spike_trains& s, const records_in<an::network_burst>& b) {
            const auto bs = records(b, "bursts");
            return nogil([&] { return an::summarize_network_bursts(s, bs); });
        },
        py::arg("trains"), py::arg("bursts"), "Summary of network bursts.");
}

void bind_powerlaw(py::module_& a) {
    a.def("hurwitz_zeta", &an::hurwitz_zeta, py::arg("s"), py::arg("q"), "Hurwitz zeta(s, q) for s > 1, q > 0.");
    py::class_<an::powerlaw_options>(a, "PowerlawOptions", "Power-law fit options (Clauset, Shalizi & Newman 2009).")
        .def(py::init<>())
        .def_readwrite("discrete", &an::powerlaw_options::discrete)
        .def_readwrite("x_min", &an::powerlaw_options::x_min)
        .def_readwrite("x_min_max", &an::powerlaw_options::x_min_max)
        .def_readwrite("min_tail", &an::powerlaw_options::min_tail);
    py::class_<an::powerlaw_fit>(a, "PowerlawFit", "A fitted power law p(x) ~ x^-alpha for x >= x_min.")
        .def(py::init<>())
        .def_readwrite("alpha", &an::powerlaw_fit::alpha)
        .def_readwrite("alpha_se", &an::powerlaw_fit::alpha_se)
        .def_readwrite("x_min", &an::powerlaw_fit::x_min)
        .def_readwrite("ks_distance", &an::powerlaw_fit::ks_distance)
        .def_readwrite("n_tail", &an::powerlaw_fit::n_tail)
        .def_readwrite("n", &an::powerlaw_fit::n)
        .def_readwrite("discrete", &an::powerlaw_fit::discrete)
        .def("__repr__", [](const an::powerlaw_fit& f) {
            return "PowerlawFit(alpha=" + std::to_string(f.alpha) + " +- " + std::to_string(f.alpha_se) +
                   ", x_min=" + std::to_string(f.x_min) + ", n_tail=" + std::to_string(f.n_tail) + ")";
        });
    py::class_<an::powerlaw_gof>(a, "PowerlawGof", "Bootstrap goodness of fit: p-value and replicates.")
        .def_readonly("p_value", &an::powerlaw_gof::p_value)
        .def_readonly("reps", &an::powerlaw_gof::reps);
    py::class_<an::likelihood_ratio>(a, "LikelihoodRatio", "Vuong's test of the power law against an alternative.")
        .def_readonly("alternative", &an::likelihood_ratio::alternative)
        .def_readonly("log_ratio", &an::likelihood_ratio::log_ratio)
        .def_readonly("normalized_ratio", &an::likelihood_ratio::normalized_ratio)
        .def_readonly("p_value", &an::likelihood_ratio::p_value)
        .def_readonly("param1", &an::likelihood_ratio::param1)
        .def_readonly("param2", &an::likelihood_ratio::param2);

    a.def(
        "fit_powerlaw",
        [](const doubles_in& d, const an::powerlaw_options& o) {
            const auto ds = span_of(d, "data");
            return nogil([&] { return an::fit_powerlaw(ds, o); });
        },
        py::arg("data"), py::arg_v("options", an::powerlaw_options{}, "PowerlawOptions()"),
        "Maximum-likelihood power-law fit with x_min by minimal KS distance.");
    a.def(
        "powerlaw_ks_distance",
        [](const doubles_in& d, const an::powerlaw_fit& f) { return an::powerlaw_ks_distance(span_of(d, "data"), f); },
        py::arg("data"), py::arg("fit"), "KS distance between the data's tail and the fitted law.");
    a.def(
        "powerlaw_gof_test",
        [](const doubles_in& d, const an::powerlaw_fit& f, const an::powerlaw_options& o, std::size_t reps,
           std::uint64_t seed, unsigned threads) {
            const auto ds = span_of(d, "data");
            return nogil([&] { return an::powerlaw_gof_test(ds, f, o, reps, seed, threads); });
        },
        py::arg("data"), py::arg("fit"), py::arg_v("options", an::powerlaw_options{}, "PowerlawOptions()"), py::arg("reps") = 1000,
        py::arg("seed") = 1, py::arg("threads") = 1, "Bootstrap goodness-of-fit p-value (CSN section 4.1).");
    a.def(
        "sample_powerlaw",
        [](const an::powerlaw_fit& law, std::size_t n, std::uint64_t seed, std::uint64_t stream) {
            std::vector<double> out(n);
            {
                py::gil_scoped_release release;
                an::sample_powerlaw(law, out, seed, stream);
            }
            return to_numpy(std::move(out));
        },
        py::arg("law"), py::arg("n"), py::arg("seed"), py::arg("stream") = 0, "n draws from a fitted power law.");
    a.def(
        "compare_lognormal",
        [](const doubles_in& d, const an::powerlaw_fit& f) {
            const auto ds = span_of(d, "data");
            return nogil([&] { return an::compare_lognormal(ds, f); });
        },
        py::arg("data"), py::arg("fit"), "Likelihood ratio of the power law against a lognormal tail.");
    a.def(
        "compare_exponential",
        [](const doubles_in& d, const an::powerlaw_fit& f) {
            const auto ds = span_of(d, "data");
            return nogil([&] { return an::compare_exponential(ds, f); });
        },
        py::arg("data"), py::arg("fit"), "Likelihood ratio of the power law against an exponential tail.");
}

void bind_avalanches_branching(py::module_& a) {
    py::class_<an::avalanches>(a, "Avalanches", "Avalanches: start (ms), size (spikes) and duration (bins) of each.")
        .def_readonly("bin_ms", &an::avalanches::bin_ms)
        .def_property_readonly("start_ms", [](const an::avalanches& v) { return to_numpy(std::vector<double>(v.start_ms)); })
        .def_property_readonly("sizes", [](const an::avalanches& v) { return to_numpy(std::vector<std::uint64_t>(v.sizes)); })
        .def_property_readonly("durations",
                               [](const an::avalanches& v) { return to_numpy(std::vector<std::uint64_t>(v.durations)); })
        .def("__len__", [](const an::avalanches& v) { return v.sizes.size(); });
    a.def("mean_inter_event_interval", &an::mean_inter_event_interval, py::arg("trains"),
          py::call_guard<py::gil_scoped_release>(), "Mean interval between pooled spikes (ms): the default avalanche bin.");
    a.def("detect_avalanches", &an::detect_avalanches, py::arg("trains"), py::arg("bin_ms") = 0.0,
          py::call_guard<py::gil_scoped_release>(), "Avalanches in bins of bin_ms (0: the mean inter-event interval).");
    py::class_<an::crackling_noise>(a, "CracklingNoise", "Size and duration fits and the <S>(T) scaling exponent.")
        .def_readonly("size", &an::crackling_noise::size)
        .def_readonly("duration", &an::crackling_noise::duration)
        .def_readonly("gamma_fit", &an::crackling_noise::gamma_fit)
        .def_readonly("gamma_fit_se", &an::crackling_noise::gamma_fit_se)
        .def_readonly("gamma_predicted", &an::crackling_noise::gamma_predicted)
        .def_readonly("durations_used", &an::crackling_noise::durations_used);
    a.def("crackling_noise_relation", &an::crackling_noise_relation, py::arg("avalanches"),
          py::arg_v("options", an::powerlaw_options{}, "PowerlawOptions()"), py::arg("min_count") = 10,
          py::call_guard<py::gil_scoped_release>(), "Fits sizes and durations and tests the crackling-noise relation.");

    py::class_<an::branching_estimate>(a, "BranchingEstimate", "Branching ratio by multistep regression.")
        .def_readonly("m", &an::branching_estimate::m)
        .def_readonly("b", &an::branching_estimate::b)
        .def_readonly("m_naive", &an::branching_estimate::m_naive)
        .def_readonly("tau_ms", &an::branching_estimate::tau_ms)
        .def_readonly("bin_ms", &an::branching_estimate::bin_ms)
        .def_property_readonly("r_k", [](const an::branching_estimate& e) { return to_numpy(std::vector<double>(e.r_k)); });
    a.def(
        "branching_ratio",
        [](const spike_trains& s, double bin_ms, std::size_t k_max) {
            return nogil([&] { return an::branching_ratio(s, bin_ms, k_max); });
        },
        py::arg("trains"), py::arg("bin_ms") = 4.0, py::arg("k_max") = 40,
        "Multistep-regression branching ratio of population counts (Wilting & Priesemann 2018).");
    a.def(
        "branching_ratio_series",
        [](const doubles_in& x, double bin_ms, std::size_t k_max) {
            const auto xs = span_of(x, "activity");
            return nogil([&] { return an::branching_ratio(xs, bin_ms, k_max); });
        },
        py::arg("activity"), py::arg("bin_ms"), py::arg("k_max") = 40,
        "Multistep-regression branching ratio of an activity series sampled every bin_ms.");
}

void bind_timescales_dimensionality(py::module_& a) {
    a.def(
        "autocorrelation",
        [](const doubles_in& x, std::size_t max_lag) {
            const auto xs = span_of(x, "x");
            return to_numpy(nogil([&] { return an::autocorrelation(xs, max_lag); }));
        },
        py::arg("x"), py::arg("max_lag"), "Autocorrelation at lags 0 .. max_lag (biased estimator).");
    py::class_<an::timescale_estimate>(a, "TimescaleEstimate", "Exponential-with-offset fit to an autocorrelation.")
        .def_readonly("tau_ms", &an::timescale_estimate::tau_ms)
        .def_readonly("amplitude", &an::timescale_estimate::amplitude)
        .def_readonly("offset", &an::timescale_estimate::offset)
        .def_readonly("dt_ms", &an::timescale_estimate::dt_ms)
        .def_readonly("min_lag", &an::timescale_estimate::min_lag)
        .def_readonly("converged", &an::timescale_estimate::converged)
        .def_property_readonly("autocorrelation", [](const an::timescale_estimate& e) {
            return to_numpy(std::vector<double>(e.autocorrelation));
        });
    a.def(
        "intrinsic_timescale",
        [](const spike_trains& s, double bin_ms, double max_lag_ms) {
            return nogil([&] { return an::intrinsic_timescale(s, bin_ms, max_lag_ms); });
        },
        py::arg("trains"), py::arg("bin_ms") = 5.0, py::arg("max_lag_ms") = 500.0,
        "Intrinsic timescale of population counts (Murray et al. 2014).");
    a.def(
        "intrinsic_timescale_series",
        [](const doubles_in& x, double dt_ms, std::size_t max_lag, std::size_t min_lag) {
            const auto xs = span_of(x, "signal");
            return nogil([&] { return an::intrinsic_timescale(xs, dt_ms, max_lag, min_lag); });
        },
        py::arg("signal"), py::arg("dt_ms"), py::arg("max_lag"), py::arg("min_lag") = 1,
        "Intrinsic timescale of a signal sampled every dt_ms.");
    a.def(
        "participation_ratio",
        [](const spike_trains& s, double bin_ms) { return an::participation_ratio(s, bin_ms); }, py::arg("trains"),
        py::arg("bin_ms") = 100.0, py::call_guard<py::gil_scoped_release>(),
        "Participation ratio of the covariance of binned counts.");
    a.def(
        "participation_ratio_of_spectrum",
        [](const doubles_in& v) { return an::participation_ratio(span_of(v, "eigenvalues")); }, py::arg("eigenvalues"),
        "(sum v)^2 / sum v^2 of a spectrum.");
    a.def(
        "participation_ratio_of_samples",
        [](const py::array_t<double, py::array::c_style | py::array::forcecast>& x) {
            if (x.ndim() != 2) throw py::value_error("samples: expected a 2-d array [variable, sample]");
            const std::span<const double> xs(x.data(), static_cast<std::size_t>(x.size()));
            const auto n = static_cast<std::size_t>(x.shape(0));
            return nogil([&] { return an::participation_ratio(xs, n); });
        },
        py::arg("samples"), "Participation ratio of the sample covariance of a [variable, sample] matrix.");
    a.def(
        "count_covariance_spectrum",
        [](const spike_trains& s, double bin_ms) {
            return to_numpy(nogil([&] { return an::count_covariance_spectrum(s, bin_ms); }));
        },
        py::arg("trains"), py::arg("bin_ms") = 100.0, "Eigenvalues (descending) of the binned counts' covariance.");
}

}  // namespace

void bind_analysis_dynamics(py::module_& m) {
    auto a = m.attr("analysis").cast<py::module_>();
    bind_bursts(a);
    bind_powerlaw(a);
    bind_avalanches_branching(a);
    bind_timescales_dimensionality(a);
}

}  // namespace lamina::python
