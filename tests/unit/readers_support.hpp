#pragma once
// Shared by the reader tests: the message of the error a read raises, and a substring check that
// prints both texts when it fails.
#include <lamina/error.hpp>
#include <lamina/recordings.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace lamina::test {

/// The message of the input_error that reading `path` raises, or "no error".
inline std::string error_of(const std::string& path, const read_options& options = {}) {
    try {
        read_recording(path, options);
    } catch (const input_error& e) {
        return e.what();
    }
    return "no error";
}

inline std::vector<double> times_of(const recording& r, std::size_t unit) {
    auto t = r.trains.unit(unit);
    return {t.begin(), t.end()};
}

}  // namespace lamina::test

#define EXPECT_CONTAINS(text, part)                                                                   \
    EXPECT_NE(std::string(text).find(part), std::string::npos)                                          \
        << "message:  " << (text) << "\nexpected: " << (part)
