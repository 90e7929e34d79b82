// Shared by the model-file tests: where the good model files are, a population by name, the
// tolerance of converted values, and a refused model text.
#pragma once
#include <lamina/error.hpp>
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

// Model text that parse_model must refuse with an input_error whose message contains `expected`.
inline void expect_parse_error(const std::string& text, const std::string& expected) {
    try {
        lamina::parse_model(text, "m.toml");
        ADD_FAILURE() << "no error for " << expected;
    } catch (const lamina::input_error& e) {
        EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
    }
}

// Values are converted by one multiplication from what the file says, so they agree with the
// exact product to within a few ulp; 1e-12 relative leaves room for that and nothing more.
constexpr double rel = 1e-12;

}  // namespace lamina::test

#define EXPECT_CLOSE(a, b) EXPECT_NEAR((a), (b), lamina::test::rel * std::max(1.0, std::fabs(b)))
