// Figures as data (series, shaded spans, axes) and their SVG/HTML rendering, and the figures and
// tables of an analysis (lamina::report): built once in C++, drawn as SVG into the HTML report of
// `lamina analyze` and with matplotlib by lamina.plot.
#include <lamina/figures.hpp>
#include <lamina/report.hpp>

#include "common.hpp"

namespace lamina::python {
namespace {

namespace an = lamina::analysis;
template <class T>
using records_in = py::array_t<T, py::array::c_style | py::array::forcecast>;

template <class T>
std::vector<T> records_or_empty(const std::optional<records_in<T>>& a) {
    if (!a) return {};
    if (a->ndim() != 1) throw py::value_error("expected a 1-d structured array");
    return {a->data(), a->data() + a->size()};
}

void bind_report(py::module_& m) {
    auto r = m.def_submodule("report", "The figures and tables of an analysis, as `lamina analyze` makes them.");
    r.def(
        "raster_figure",
        [](const spike_trains& t, const std::optional<records_in<an::burst>>& bursts,
           const std::optional<records_in<an::network_burst>>& network_bursts, std::size_t max_spikes) {
            const auto b = records_or_empty(bursts);
            const auto nb = records_or_empty(network_bursts);
            py::gil_scoped_release nogil;
            return report::raster_figure(t, b, nb, max_spikes);
        },
        py::arg("trains"), py::arg("bursts") = py::none(), py::arg("network_bursts") = py::none(),
        py::arg("max_spikes") = 50000,
        "Raster (time in s, unit) with single-unit bursts shaded on their row and network bursts at full height.");
    r.def(
        "population_rate_figure",
        [](const an::time_series& rate, const std::optional<an::time_series>& smoothed,
           const std::optional<records_in<an::network_burst>>& network_bursts) {
            // The figure reads these three fields of a recording summary only.
            an::recording_summary s;
            s.population_rate = rate;
            if (smoothed) s.smoothed_rate = *smoothed;
            s.network_bursts = records_or_empty(network_bursts);
            return report::population_rate_figure(s);
        },
        py::arg("rate"), py::arg("smoothed") = py::none(), py::arg("network_bursts") = py::none(),
        "Binned and smoothed population rate (Hz per unit) against time (s), network bursts shaded.");
    r.def("isi_histogram_figure", &report::isi_histogram_figure, py::arg("trains"),
          py::call_guard<py::gil_scoped_release>(), "Pooled ISI histogram on logarithmic bins (density).");
    r.def("avalanche_figure", &report::avalanche_figure, py::arg("avalanches"), py::arg("fit"), py::arg("sizes") = true,
          "Avalanche size (or duration) density, log-binned, with the fitted power law from x_min.");
    r.def("branching_figure", &report::branching_figure, py::arg("estimate"),
          "Multistep regression slopes r_k against lag with the fitted b m^k.");
    r.def(
        "summary_json",
        [](const recording& rec, const std::string& path, const an::recording_summary& s,
           const an::recording_summary_options& o) { return report::summary_json(rec, path, s, o); },
        py::arg("recording"), py::arg("path"), py::arg("summary"), py::arg("options"),
        "analysis.json of `lamina analyze`: every statistic with the parameters used.");
    r.def("summary_csv_header", &report::summary_csv_header, "Header of the one-row-per-recording CSV table.");
    r.def("summary_csv_row", &report::summary_csv_row, py::arg("recording"), py::arg("path"), py::arg("summary"),
          "One row of that table.");
    r.def("analysis_report_html", &report::analysis_report_html, py::arg("recording"), py::arg("path"),
          py::arg("summary"), "The HTML report of `lamina analyze`.");
}

}  // namespace

void bind_figures(py::module_& m) {
    namespace fg = lamina::figures;
    auto f = m.def_submodule("figures", "Figures as data, rendered to SVG and HTML pages.");
    py::class_<fg::series> series(f, "Series", "One data series on a figure's axes.");
    py::enum_<fg::series::style>(series, "Style")
        .value("line", fg::series::style::line)
        .value("points", fg::series::style::points)
        .value("steps", fg::series::style::steps)
        .value("bars", fg::series::style::bars);
    series
        .def(py::init([](std::vector<double> x, std::vector<double> y, fg::series::style kind, std::string label,
                         std::string color, double size) {
                 return fg::series{std::move(x), std::move(y), kind, std::move(label), std::move(color), size};
             }),
             py::arg("x") = std::vector<double>{}, py::arg("y") = std::vector<double>{},
             py::arg("kind") = fg::series::style::line, py::arg("label") = "", py::arg("color") = "",
             py::arg("size") = 1.5)
        .def_readwrite("x", &fg::series::x)
        .def_readwrite("y", &fg::series::y)
        .def_readwrite("kind", &fg::series::kind)
        .def_readwrite("label", &fg::series::label)
        .def_readwrite("color", &fg::series::color)
        .def_readwrite("size", &fg::series::size);
    py::class_<fg::span>(f, "Span", "A shaded interval on the x axis, optionally limited in y (y0 == y1: full height).")
        .def(py::init([](double x0, double x1, double y0, double y1, std::string color) {
                 return fg::span{x0, x1, y0, y1, std::move(color)};
             }),
             py::arg("x0"), py::arg("x1"), py::arg("y0") = 0.0, py::arg("y1") = 0.0,
             py::arg("color") = "rgba(255,140,0,0.25)")
        .def_readwrite("x0", &fg::span::x0)
        .def_readwrite("x1", &fg::span::x1)
        .def_readwrite("y0", &fg::span::y0)
        .def_readwrite("y1", &fg::span::y1)
        .def_readwrite("color", &fg::span::color);
    py::class_<fg::figure>(f, "Figure", "Axes with series and spans. List properties return copies.")
        .def(py::init<>())
        .def_readwrite("title", &fg::figure::title)
        .def_readwrite("xlabel", &fg::figure::xlabel)
        .def_readwrite("ylabel", &fg::figure::ylabel)
        .def_readwrite("logx", &fg::figure::logx)
        .def_readwrite("logy", &fg::figure::logy)
        .def_readwrite("data", &fg::figure::data)
        .def_readwrite("spans", &fg::figure::spans)
        .def_readwrite("width", &fg::figure::width)
        .def_readwrite("height", &fg::figure::height)
        .def("add_series", [](fg::figure& fig, const fg::series& s) { fig.data.push_back(s); }, py::arg("series"))
        .def("add_span", [](fg::figure& fig, const fg::span& s) { fig.spans.push_back(s); }, py::arg("span"));
    f.def("to_svg", &fg::to_svg, py::arg("figure"), "Standalone SVG text of a figure.");
    py::class_<fg::section>(f, "Section", "A heading and its HTML.")
        .def(py::init([](std::string heading, std::string html) { return fg::section{std::move(heading), std::move(html)}; }),
             py::arg("heading"), py::arg("html"))
        .def_readwrite("heading", &fg::section::heading)
        .def_readwrite("html", &fg::section::html);
    f.def("html_page", &fg::html_page, py::arg("title"), py::arg("sections"),
          "A self-contained HTML page of sections.");
    f.def("escape_html", &fg::escape_html, py::arg("text"), "Escapes &, <, >, \" for HTML text.");
    bind_report(m);
}

}  // namespace lamina::python
