// Figures as data (series, shaded spans, axes) and their SVG/HTML rendering: the same figure
// objects that `lamina analyze` draws into its report; lamina.plot draws them with matplotlib.
#include <lamina/figures.hpp>

#include "common.hpp"

namespace lamina::python {

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
}

}  // namespace lamina::python
