// A small SVG plotter: linear/log axes with "nice" ticks, lines, points, steps, bars, spans.
#include <lamina/figures.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

namespace lamina::figures {
namespace {

constexpr const char* palette[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};
constexpr double margin_left = 64, margin_right = 16, margin_top = 30, margin_bottom = 44;

std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", v);
    return buf;
}

struct axis {
    double lo, hi;  // data range (log10 of it on log axes)
    bool log;
    double px0, px1;
    double map(double v) const {
        const double t = ((log ? std::log10(v) : v) - lo) / (hi - lo);
        return px0 + t * (px1 - px0);
    }
    bool usable(double v) const { return std::isfinite(v) && (!log || v > 0.0); }
};

/// Data range over all series (and spans for x), padded; degenerate ranges widened.
std::pair<double, double> range(const figure& f, bool is_x, bool log) {
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (const auto& s : f.data)
        for (double v : is_x ? s.x : s.y)
            if (std::isfinite(v) && (!log || v > 0.0)) {
                const double w = log ? std::log10(v) : v;
                lo = std::min(lo, w);
                hi = std::max(hi, w);
            }
    if (!std::isfinite(lo)) return {0.0, 1.0};
    if (!is_x && !log) {
        for (const auto& s : f.data)
            if (s.kind == series::style::bars) lo = std::min(lo, 0.0);
    }
    if (hi - lo < 1e-12 * std::max(1.0, std::fabs(hi))) {
        lo -= 0.5;
        hi += 0.5;
    }
    if (!is_x && !log) hi += 0.05 * (hi - lo);
    return {lo, hi};
}

std::vector<double> ticks(double lo, double hi, bool log) {
    std::vector<double> out;
    if (log) {
        for (double e = std::ceil(lo); e <= hi + 1e-9; e += std::max(1.0, std::floor((hi - lo) / 6.0))) out.push_back(e);
        return out;
    }
    const double raw = (hi - lo) / 5.0;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    const double step = raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2 * mag : raw / mag < 7.5 ? 5 * mag : 10 * mag;
    for (double t = std::ceil(lo / step) * step; t <= hi + 1e-9 * step; t += step) out.push_back(std::fabs(t) < 1e-12 * step ? 0.0 : t);
    return out;
}

}  // namespace

std::string escape_html(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string to_svg(const figure& f) {
    const double W = f.width, H = f.height;
    const auto [x0, x1] = range(f, true, f.logx);
    const auto [y0, y1] = range(f, false, f.logy);
    const axis ax{x0, x1, f.logx, margin_left, W - margin_right};
    const axis ay{y0, y1, f.logy, H - margin_bottom, margin_top};
    std::ostringstream o;
    o << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << W << "\" height=\"" << H << "\" viewBox=\"0 0 " << W
      << ' ' << H << "\" font-family=\"sans-serif\" font-size=\"11\">\n";
    o << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
    o << "<text x=\"" << W / 2 << "\" y=\"18\" text-anchor=\"middle\" font-size=\"13\">" << escape_html(f.title) << "</text>\n";
    for (const auto& s : f.spans) {
        const double a = ax.map(std::max(s.x0, f.logx ? std::pow(10.0, x0) : x0));
        const double b = ax.map(std::min(s.x1, f.logx ? std::pow(10.0, x1) : x1));
        const double top = s.y0 == s.y1 ? margin_top : ay.map(s.y1), bottom = s.y0 == s.y1 ? H - margin_bottom : ay.map(s.y0);
        if (b > a) o << "<rect x=\"" << num(a) << "\" y=\"" << num(top) << "\" width=\"" << num(std::max(0.5, b - a))
                     << "\" height=\"" << num(bottom - top) << "\" fill=\"" << s.color << "\"/>\n";
    }
    // Axes, ticks and labels.
    o << "<g stroke=\"#444\" fill=\"none\"><rect x=\"" << margin_left << "\" y=\"" << margin_top << "\" width=\""
      << W - margin_left - margin_right << "\" height=\"" << H - margin_top - margin_bottom << "\"/></g>\n";
    for (double t : ticks(x0, x1, f.logx)) {
        const double px = ax.px0 + (t - x0) / (x1 - x0) * (ax.px1 - ax.px0);
        o << "<line x1=\"" << num(px) << "\" x2=\"" << num(px) << "\" y1=\"" << H - margin_bottom << "\" y2=\""
          << H - margin_bottom + 4 << "\" stroke=\"#444\"/><text x=\"" << num(px) << "\" y=\"" << H - margin_bottom + 16
          << "\" text-anchor=\"middle\">" << (f.logx ? "1e" + num(t) : num(t)) << "</text>\n";
    }
    for (double t : ticks(y0, y1, f.logy)) {
        const double py = ay.px0 + (t - y0) / (y1 - y0) * (ay.px1 - ay.px0);
        o << "<line x1=\"" << margin_left - 4 << "\" x2=\"" << margin_left << "\" y1=\"" << num(py) << "\" y2=\"" << num(py)
          << "\" stroke=\"#444\"/><text x=\"" << margin_left - 6 << "\" y=\"" << num(py + 4)
          << "\" text-anchor=\"end\">" << (f.logy ? "1e" + num(t) : num(t)) << "</text>\n";
    }
    o << "<text x=\"" << (margin_left + W - margin_right) / 2 << "\" y=\"" << H - 8 << "\" text-anchor=\"middle\">"
      << escape_html(f.xlabel) << "</text>\n";
    o << "<text transform=\"translate(14," << (margin_top + H - margin_bottom) / 2
      << ") rotate(-90)\" text-anchor=\"middle\">" << escape_html(f.ylabel) << "</text>\n";
    // Data.
    int legend_row = 0;
    for (std::size_t k = 0; k < f.data.size(); ++k) {
        const auto& s = f.data[k];
        const std::string color = s.color.empty() ? palette[k % std::size(palette)] : s.color;
        const std::size_t n = std::min(s.x.size(), s.y.size());
        if (s.kind == series::style::points) {
            o << "<g fill=\"" << color << "\">";
            for (std::size_t i = 0; i < n; ++i)
                if (ax.usable(s.x[i]) && ay.usable(s.y[i]))
                    o << "<circle cx=\"" << num(ax.map(s.x[i])) << "\" cy=\"" << num(ay.map(s.y[i])) << "\" r=\"" << s.size << "\"/>";
            o << "</g>\n";
        } else if (s.kind == series::style::bars) {
            const double base = f.logy ? ay.px0 : ay.map(std::max(0.0, y0));
            const double width = n > 1 ? std::fabs(ax.map(s.x[1]) - ax.map(s.x[0])) * 0.9 : 4.0;
            o << "<g fill=\"" << color << "\">";
            for (std::size_t i = 0; i < n; ++i)
                if (ax.usable(s.x[i]) && ay.usable(s.y[i])) {
                    const double top = ay.map(s.y[i]);
                    o << "<rect x=\"" << num(ax.map(s.x[i]) - width / 2) << "\" y=\"" << num(std::min(top, base)) << "\" width=\""
                      << num(std::max(0.5, width)) << "\" height=\"" << num(std::fabs(base - top)) << "\"/>";
                }
            o << "</g>\n";
        } else {
            o << "<polyline fill=\"none\" stroke=\"" << color << "\" stroke-width=\"" << s.size << "\" points=\"";
            double last_y = NAN;
            for (std::size_t i = 0; i < n; ++i) {
                if (!ax.usable(s.x[i]) || !ay.usable(s.y[i])) continue;
                const double px = ax.map(s.x[i]), py = ay.map(s.y[i]);
                if (s.kind == series::style::steps && std::isfinite(last_y)) o << num(px) << ',' << num(last_y) << ' ';
                o << num(px) << ',' << num(py) << ' ';
                last_y = py;
            }
            o << "\"/>\n";
        }
        if (!s.label.empty()) {
            const double ly = margin_top + 12 + 14 * legend_row++;
            o << "<rect x=\"" << W - margin_right - 150 << "\" y=\"" << ly - 8 << "\" width=\"10\" height=\"10\" fill=\""
              << color << "\"/><text x=\"" << W - margin_right - 136 << "\" y=\"" << ly + 1 << "\">" << escape_html(s.label)
              << "</text>\n";
        }
    }
    o << "</svg>\n";
    return o.str();
}

std::string html_page(const std::string& title, const std::vector<section>& sections) {
    std::ostringstream o;
    o << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" << escape_html(title)
      << "</title>\n<style>body{font-family:sans-serif;max-width:960px;margin:2em auto;color:#222}"
         "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}"
         "th{background:#f4f4f4}h2{border-bottom:1px solid #ddd}</style></head><body>\n<h1>"
      << escape_html(title) << "</h1>\n";
    for (const auto& s : sections) o << "<h2>" << escape_html(s.heading) << "</h2>\n" << s.html << "\n";
    o << "</body></html>\n";
    return o.str();
}

}  // namespace lamina::figures
