// Shared by the model-file tests: where the good model files are, a population by name, and the
// tolerance of converted values.
#pragma once
#include <lamina/model_file.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace lamina::test {

namespace fs = std::filesystem;
using lamina::network_spec;

inline const fs::path good_dir = fs::path(LAMINA_SOURCE_DIR) / "tests/data/good_models";

inline std::string good(const char* name) { return (good_dir / name).string(); }

inline const lamina::population_spec& population(const network_spec& s, const std::string& name) {
    for (const auto& p : s.populations)
        if (p.name == name) return p;
    throw std::runtime_error("no population " + name);
}

// Values are converted by one multiplication from what the file says, so they agree with the
// exact product to within a few ulp; 1e-12 relative leaves room for that and nothing more.
constexpr double rel = 1e-12;

}  // namespace lamina::test

#define EXPECT_CLOSE(a, b) EXPECT_NEAR((a), (b), lamina::test::rel * std::max(1.0, std::fabs(b)))
