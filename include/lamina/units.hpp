#pragma once
/// @file
/// Physical quantities as written in model files ("20 ms", "-70 mV", "8 Hz") and their
/// canonical units. Everything inside lamina runs in ms, mV, pA, nS, pF, Hz and GOhm, so that
/// e.g. mV = pA * GOhm, nS * mV = pA and pF * mV / ms = pA hold without conversion factors.
#include <optional>
#include <string>
#include <string_view>

namespace lamina {

enum class dimension {
    dimensionless,
    time,         ///< canonical: ms
    voltage,      ///< canonical: mV
    current,      ///< canonical: pA
    conductance,  ///< canonical: nS
    capacitance,  ///< canonical: pF
    frequency,    ///< canonical: Hz
    resistance,   ///< canonical: GOhm (pA x GOhm = mV)
    length,       ///< canonical: um
};

/// The canonical unit symbol of a dimension ("ms", "mV", ..., "" for dimensionless).
std::string_view canonical_unit(dimension d);
/// A readable name of a dimension ("time", "voltage", ...).
std::string_view dimension_name(dimension d);

struct quantity {
    double value = 0.0;  ///< in the canonical unit of dim
    dimension dim = dimension::dimensionless;
};

/// Parses "<number> <unit>" (the space is optional) into canonical units.
/// A bare number is dimensionless. Throws input_error naming the text on bad syntax or unit.
quantity parse_quantity(std::string_view text);

/// Parses text and checks it has the expected dimension; returns the canonical value.
/// `where` is prefixed to error messages (e.g. "model.toml:12: populations.E.tau_m").
double parse_quantity_as(std::string_view text, dimension expected, std::string_view where);

/// Formats a canonical value with its unit, e.g. "20 ms".
std::string format_quantity(double value, dimension d);

}  // namespace lamina
