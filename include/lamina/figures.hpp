#pragma once
/// @file
/// Figures as data (series on axes) rendered to standalone SVG, and an HTML page that holds them:
/// the drawing behind `lamina analyze`'s report. Kept free of any analysis so that every figure
/// is built in one place (src/io/report/) and drawn by one renderer.
#include <string>
#include <vector>

namespace lamina::figures {

struct series {
    enum class style { line, points, steps, bars };
    std::vector<double> x, y;
    style kind = style::line;
    std::string label{}; ///< legend text; empty = no legend entry
    std::string color{}; ///< CSS colour; empty = from the palette
    double size = 1.5;   ///< line width or marker radius (px)
};

/// A shaded interval on the x axis (e.g. a detected burst), optionally limited in y.
struct span {
    double x0, x1;
    double y0 = 0, y1 = 0;  ///< y0 == y1: full height
    std::string color = "rgba(255,140,0,0.25)";
};

struct figure {
    std::string title, xlabel, ylabel;
    bool logx = false, logy = false;
    std::vector<series> data;
    std::vector<span> spans;
    int width = 720, height = 300;
};

/// Standalone SVG text of a figure. Non-finite points (and non-positive ones on log axes) are skipped.
std::string to_svg(const figure& f);

struct section {
    std::string heading;
    std::string html;  ///< already escaped / built HTML (SVG, tables)
};

/// A self-contained HTML page (no external resources).
std::string html_page(const std::string& title, const std::vector<section>& sections);

/// Escapes &, <, >, " for HTML text.
std::string escape_html(const std::string& text);

}  // namespace lamina::figures
