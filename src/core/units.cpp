// Unit parsing: "<number> <unit>" into lamina's canonical units (ms, mV, pA, nS, pF, Hz, GOhm, um).
#include <lamina/error.hpp>
#include <lamina/units.hpp>

#include <array>
#include <charconv>
#include <cmath>
#include <sstream>

namespace lamina {
namespace {

struct unit_entry {
    std::string_view symbol;
    dimension dim;
    double factor;  // multiply to get the canonical unit
};

// Both "u" and the micro sign are accepted, as users type either.
constexpr std::array<unit_entry, 37> units_table{{
    {"s", dimension::time, 1e3},          {"ms", dimension::time, 1.0},
    {"us", dimension::time, 1e-3},        {"µs", dimension::time, 1e-3},
    {"min", dimension::time, 60e3},       {"h", dimension::time, 3600e3},
    {"V", dimension::voltage, 1e3},       {"mV", dimension::voltage, 1.0},
    {"uV", dimension::voltage, 1e-3},     {"µV", dimension::voltage, 1e-3},
    {"nA", dimension::current, 1e3},      {"pA", dimension::current, 1.0},
    {"uA", dimension::current, 1e6},      {"µA", dimension::current, 1e6},
    {"fA", dimension::current, 1e-3},     {"S", dimension::conductance, 1e9},
    {"mS", dimension::conductance, 1e6},  {"uS", dimension::conductance, 1e3},
    {"µS", dimension::conductance, 1e3},  {"nS", dimension::conductance, 1.0},
    {"pS", dimension::conductance, 1e-3}, {"nF", dimension::capacitance, 1e3},
    {"pF", dimension::capacitance, 1.0},  {"uF", dimension::capacitance, 1e6},
    {"µF", dimension::capacitance, 1e6},  {"Hz", dimension::frequency, 1.0},
    {"kHz", dimension::frequency, 1e3},   {"GOhm", dimension::resistance, 1.0},
    {"MOhm", dimension::resistance, 1e-3}, {"kOhm", dimension::resistance, 1e-6},
    {"Ohm", dimension::resistance, 1e-9}, {"um", dimension::length, 1.0},
    {"µm", dimension::length, 1.0},       {"mm", dimension::length, 1e3},
    {"m", dimension::length, 1e6},        {"nm", dimension::length, 1e-3},
    {"1", dimension::dimensionless, 1.0},
}};

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::string known_units_list() {
    std::string out;
    for (const auto& u : units_table) {
        if (!out.empty()) out += ", ";
        out += u.symbol;
    }
    return out;
}

}  // namespace

std::string_view canonical_unit(dimension d) {
    switch (d) {
        case dimension::dimensionless: return "";
        case dimension::time: return "ms";
        case dimension::voltage: return "mV";
        case dimension::current: return "pA";
        case dimension::conductance: return "nS";
        case dimension::capacitance: return "pF";
        case dimension::frequency: return "Hz";
        case dimension::resistance: return "GOhm";
        case dimension::length: return "um";
    }
    return "?";
}

std::string_view dimension_name(dimension d) {
    switch (d) {
        case dimension::dimensionless: return "dimensionless";
        case dimension::time: return "time";
        case dimension::voltage: return "voltage";
        case dimension::current: return "current";
        case dimension::conductance: return "conductance";
        case dimension::capacitance: return "capacitance";
        case dimension::frequency: return "frequency";
        case dimension::resistance: return "resistance";
        case dimension::length: return "length";
    }
    return "?";
}

quantity parse_quantity(std::string_view text) {
    const std::string_view s = trim(text);
    if (s.empty()) throw input_error("empty quantity: expected a number with a unit, e.g. \"20 ms\"");
    double value = 0.0;
    const char* first = s.data();
    const char* last = s.data() + s.size();
    if (*first == '+') ++first;
    auto [ptr, ec] = std::from_chars(first, last, value);
    if (ec == std::errc::result_out_of_range)
        throw input_error("\"" + std::string(s) + "\" is out of the range of numbers lamina can represent");
    if (ec != std::errc{} || ptr == first)
        throw input_error("\"" + std::string(s) + "\" does not start with a number (expected e.g. \"20 ms\")");
    if (!std::isfinite(value))
        throw input_error("\"" + std::string(s) + "\" is not a finite number");
    const std::string_view unit = trim(std::string_view(ptr, static_cast<std::size_t>(last - ptr)));
    if (unit.empty()) return {value, dimension::dimensionless};
    for (const auto& u : units_table)
        if (u.symbol == unit) {
            // "1e307 s" is finite as written but not in ms.
            const double canonical = value * u.factor;
            if (!std::isfinite(canonical))
                throw input_error("\"" + std::string(s) + "\" is too large: it overflows when converted to " +
                                  std::string(canonical_unit(u.dim)));
            return {canonical, u.dim};
        }
    throw input_error("unknown unit \"" + std::string(unit) + "\" in \"" + std::string(s) +
                      "\" (known units: " + known_units_list() + ")");
}

double parse_quantity_as(std::string_view text, dimension expected, std::string_view where) {
    quantity q;
    try {
        q = parse_quantity(text);
    } catch (const input_error& e) {
        throw input_error(std::string(where) + ": " + e.what());
    }
    if (q.dim != expected) {
        std::string msg = std::string(where) + ": \"" + std::string(trim(text)) + "\" ";
        if (q.dim == dimension::dimensionless && expected != dimension::dimensionless)
            msg += "has no unit";
        else
            msg += "is a " + std::string(dimension_name(q.dim));
        msg += "; expected a " + std::string(dimension_name(expected));
        if (expected != dimension::dimensionless)
            msg += " such as \"1 " + std::string(canonical_unit(expected)) + "\"";
        else
            msg += " (a plain number)";
        throw input_error(msg);
    }
    return q.value;
}

std::string format_quantity(double value, dimension d) {
    std::ostringstream os;
    os.precision(10);
    os << value;
    const auto unit = canonical_unit(d);
    if (!unit.empty()) os << ' ' << unit;
    return os.str();
}

}  // namespace lamina
