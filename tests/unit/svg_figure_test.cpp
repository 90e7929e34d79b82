#include <lamina/figures.hpp>

#include <gtest/gtest.h>

#include <cmath>

namespace {

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

TEST(SvgFigure, PointsAreDrawnOncePerFinitePoint) {
    lamina::figures::figure f;
    f.title = "raster";
    f.data.push_back({{1, 2, 3, NAN}, {0, 1, 2, 3}, lamina::figures::series::style::points});
    const auto svg = lamina::figures::to_svg(f);
    EXPECT_EQ(count(svg, "<circle"), 3u);  // the NaN point is skipped
    EXPECT_NE(svg.find("<svg"), std::string::npos);
    EXPECT_NE(svg.find("raster"), std::string::npos);
}

TEST(SvgFigure, LogAxesSkipNonPositiveValuesAndLabelDecades) {
    lamina::figures::figure f;
    f.logx = f.logy = true;
    f.data.push_back({{0, 1, 10, 100}, {1, 0.1, 0.01, 0.001}, lamina::figures::series::style::points});
    const auto svg = lamina::figures::to_svg(f);
    EXPECT_EQ(count(svg, "<circle"), 3u);  // x = 0 cannot be drawn on a log axis
    EXPECT_NE(svg.find(">1e2<"), std::string::npos);
}

TEST(SvgFigure, TextIsEscaped) {
    lamina::figures::figure f;
    f.title = "<script>";
    const auto svg = lamina::figures::to_svg(f);
    EXPECT_EQ(svg.find("<script>"), std::string::npos);
    EXPECT_NE(svg.find("&lt;script&gt;"), std::string::npos);
}

}  // namespace
