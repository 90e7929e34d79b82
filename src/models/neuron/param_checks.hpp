#pragma once
// Parameter checks shared by the neuron models' prepare(). Each throws lamina::input_error with a
// message naming the parameter, its value with unit and what was expected; the engine prefixes
// the file/population and model name.
#include <lamina/error.hpp>

#include <cmath>
#include <cstdio>
#include <string>

namespace lamina::models::check {

inline std::string show(double v, const char* unit) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%g", v);
    std::string s(buf);
    if (unit != nullptr && *unit != '\0') s += std::string(" ") + unit;
    return s;
}

inline void finite(const char* name, double v, const char* unit) {
    if (!std::isfinite(v)) throw input_error(std::string(name) + " must be a finite number, got " + show(v, unit));
}

inline void positive(const char* name, double v, const char* unit) {
    if (!(v > 0.0) || !std::isfinite(v))
        throw input_error(std::string(name) + " must be positive, got " + show(v, unit));
}

inline void non_negative(const char* name, double v, const char* unit) {
    if (!(v >= 0.0) || !std::isfinite(v))
        throw input_error(std::string(name) + " must not be negative, got " + show(v, unit));
}

/// lower < upper, e.g. V_reset below V_th.
inline void below(const char* lower, double lo, const char* upper, double hi, const char* unit) {
    finite(lower, lo, unit);
    finite(upper, hi, unit);
    if (!(lo < hi))
        throw input_error(std::string(lower) + " (" + show(lo, unit) + ") must be below " + upper + " (" +
                          show(hi, unit) + ")");
}

inline void time_step(double dt) {
    if (!(dt > 0.0) || !std::isfinite(dt)) throw input_error("time step dt must be positive, got " + show(dt, "ms"));
}

/// Refractory period in whole steps, rounded to the nearest step as NEST does.
inline double refractory_steps(double t_ref, double dt) {
    non_negative("t_ref", t_ref, "ms");
    return std::round(t_ref / dt);
}

}  // namespace lamina::models::check
