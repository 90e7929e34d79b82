// lamina::analysis for Python: every statistic of <lamina/analysis/all.hpp> on SpikeTrains (or on
// numpy series), computed with the GIL released. Lists of records (pairs, bursts) are numpy
// structured arrays; overloads of one C++ name get distinct Python names (e.g. branching_ratio
// on SpikeTrains, branching_ratio_series on an activity series) so each has one signature.
#include <lamina/analysis/all.hpp>
#include <lamina/analysis/recording_summary.hpp>

#include "common.hpp"

namespace lamina::python {
namespace {

namespace an = lamina::analysis;

/// Runs f() without the GIL and returns its result.
template <class F>
auto nogil(F&& f) {
    py::gil_scoped_release release;
    return f();
}

template <class T>
using records_in = py::array_t<T, py::array::c_style | py::array::forcecast>;

template <class T>
std::span<const T> records(const records_in<T>& a, const char* what) {
    if (a.ndim() != 1) throw py::value_error(std::string(what) + ": expected a 1-d structured array");
    return {a.data(), static_cast<std::size_t>(a.size())};
}

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
    bind_bursts(a);
    bind_powerlaw(a);
    bind_avalanches_branching(a);
    bind_timescales_dimensionality(a);
    bind_recording_summary(a);
}

}  // namespace lamina::python
