// Quantities with units: every unit lamina accepts converts to the canonical one (ms, mV, pA, nS,
// pF, Hz, GOhm, um) by the right power of ten, and malformed quantities are refused with a
// message that quotes them.
#include <lamina/error.hpp>
#include <lamina/units.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <string>

namespace {

using lamina::dimension;
using lamina::parse_quantity;
using lamina::parse_quantity_as;

struct unit_case {
    const char* text;
    dimension dim;
    double canonical;
};

// Every unit of the table in src/core/units.cpp, written with a value a user might use.
const unit_case unit_cases[] = {
    {"1 s", dimension::time, 1000.0},
    {"20 ms", dimension::time, 20.0},
    {"100 us", dimension::time, 0.1},
    {"100 µs", dimension::time, 0.1},
    {"2 min", dimension::time, 120000.0},
    {"1 h", dimension::time, 3600000.0},
    {"-0.07 V", dimension::voltage, -70.0},
    {"-65 mV", dimension::voltage, -65.0},
    {"500 uV", dimension::voltage, 0.5},
    {"500 µV", dimension::voltage, 0.5},
    {"1 nA", dimension::current, 1000.0},
    {"375 pA", dimension::current, 375.0},
    {"2 uA", dimension::current, 2e6},
    {"2 µA", dimension::current, 2e6},
    {"300 fA", dimension::current, 0.3},
    {"1 S", dimension::conductance, 1e9},
    {"1 mS", dimension::conductance, 1e6},
    {"0.01 uS", dimension::conductance, 10.0},
    {"0.01 µS", dimension::conductance, 10.0},
    {"16.7 nS", dimension::conductance, 16.7},
    {"500 pS", dimension::conductance, 0.5},
    {"0.25 nF", dimension::capacitance, 250.0},
    {"281 pF", dimension::capacitance, 281.0},
    {"1 uF", dimension::capacitance, 1e6},
    {"1 µF", dimension::capacitance, 1e6},
    {"8 Hz", dimension::frequency, 8.0},
    {"20 kHz", dimension::frequency, 20000.0},
    {"1 GOhm", dimension::resistance, 1.0},
    {"40 MOhm", dimension::resistance, 0.04},
    {"100 kOhm", dimension::resistance, 1e-4},
    {"1e6 Ohm", dimension::resistance, 1e-3},
    {"10 um", dimension::length, 10.0},
    {"10 µm", dimension::length, 10.0},
    {"1 mm", dimension::length, 1000.0},
    {"1 m", dimension::length, 1e6},
    {"500 nm", dimension::length, 0.5},
    {"0.2 1", dimension::dimensionless, 0.2},
};

class unit_conversion : public testing::TestWithParam<unit_case> {};

TEST_P(unit_conversion, gives_the_canonical_value_and_dimension) {
    const auto& c = GetParam();
    const auto q = parse_quantity(c.text);
    EXPECT_EQ(q.dim, c.dim) << c.text;
    // One multiplication by a power of ten: exact to the last few ulp.
    EXPECT_NEAR(q.value, c.canonical, 1e-12 * std::fabs(c.canonical)) << c.text;
    EXPECT_DOUBLE_EQ(parse_quantity_as(c.text, c.dim, "here"), q.value);
}

INSTANTIATE_TEST_SUITE_P(every_unit, unit_conversion, testing::ValuesIn(unit_cases));

TEST(units, the_canonical_units_are_coherent_for_the_model_equations) {
    // I = g (V - E): nS x mV = pA.   C dV/dt = I: pF x mV / ms = pA.   tau = C / g: pF / nS = ms.
    // Checked in SI so that a wrong power of ten in the table would show.
    const double nS = parse_quantity("1 S").value, mV = parse_quantity("1 V").value;
    const double pA = parse_quantity("1 nA").value * 1e9, pF = parse_quantity("1 nF").value * 1e9;
    const double ms = parse_quantity("1 s").value;
    EXPECT_DOUBLE_EQ(nS * mV, pA);            // 1 S x 1 V = 1 A
    EXPECT_DOUBLE_EQ(pF * mV / ms, pA);       // 1 F x 1 V / 1 s = 1 A
    EXPECT_DOUBLE_EQ(pF / nS, ms);            // 1 F / 1 S = 1 s
    EXPECT_EQ(lamina::canonical_unit(dimension::time), "ms");
    EXPECT_EQ(lamina::canonical_unit(dimension::voltage), "mV");
    EXPECT_EQ(lamina::canonical_unit(dimension::current), "pA");
    EXPECT_EQ(lamina::canonical_unit(dimension::conductance), "nS");
    EXPECT_EQ(lamina::canonical_unit(dimension::capacitance), "pF");
    EXPECT_EQ(lamina::canonical_unit(dimension::frequency), "Hz");
    EXPECT_EQ(lamina::canonical_unit(dimension::dimensionless), "");
}

TEST(units, spacing_signs_and_exponents) {
    EXPECT_DOUBLE_EQ(parse_quantity("20ms").value, 20.0);
    EXPECT_DOUBLE_EQ(parse_quantity("  20 \t ms ").value, 20.0);
    EXPECT_DOUBLE_EQ(parse_quantity("+1.5 ms").value, 1.5);
    EXPECT_DOUBLE_EQ(parse_quantity("-70 mV").value, -70.0);
    EXPECT_DOUBLE_EQ(parse_quantity("2e-3 s").value, 2.0);
    EXPECT_DOUBLE_EQ(parse_quantity("1.5E2 pA").value, 150.0);
    EXPECT_DOUBLE_EQ(parse_quantity(".5 ms").value, 0.5);
    const auto bare = parse_quantity("0.25");
    EXPECT_EQ(bare.dim, dimension::dimensionless);
    EXPECT_DOUBLE_EQ(bare.value, 0.25);
}

std::string message_of(const std::string& text, dimension expected = dimension::time) {
    try {
        (void)parse_quantity_as(text, expected, "model.toml:7: populations.E.tau_m");
    } catch (const lamina::input_error& e) {
        return e.what();
    }
    return "(accepted)";
}

TEST(units, refusals_quote_the_text_and_say_what_was_expected) {
    const std::string where = "model.toml:7: populations.E.tau_m: ";
    EXPECT_EQ(message_of("20 mV"), where + "\"20 mV\" is a voltage; expected a time such as \"1 ms\"");
    EXPECT_EQ(message_of("20"), where + "\"20\" has no unit; expected a time such as \"1 ms\"");
    EXPECT_EQ(message_of("0.5 ms", dimension::dimensionless),
              where + "\"0.5 ms\" is a time; expected a dimensionless (a plain number)");
    EXPECT_NE(message_of("20 msec").find(where + "unknown unit \"msec\" in \"20 msec\" (known units: s, ms"),
              std::string::npos);
    EXPECT_NE(message_of("twenty ms").find(where + "\"twenty ms\" does not start with a number"), std::string::npos);
    EXPECT_NE(message_of("").find(where + "empty quantity"), std::string::npos);
    EXPECT_NE(message_of("   ").find(where + "empty quantity"), std::string::npos);
    EXPECT_NE(message_of("ms").find("does not start with a number"), std::string::npos);
    EXPECT_NE(message_of("20 MS").find("unknown unit \"MS\""), std::string::npos);  // units are case-sensitive
    EXPECT_NE(message_of("20 m s").find("unknown unit \"m s\""), std::string::npos);
}

TEST(units, non_finite_values_are_refused) {
    EXPECT_NE(message_of("nan ms").find("\"nan ms\" is not a finite number"), std::string::npos);
    EXPECT_NE(message_of("inf ms").find("is not a finite number"), std::string::npos);
    EXPECT_NE(message_of("1e400 ms").find("\"1e400 ms\" is out of the range"), std::string::npos);
    // Finite as written, infinite in the canonical unit: 1e307 s = 1e310 ms.
    EXPECT_NE(message_of("1e307 s").find("\"1e307 s\" is too large: it overflows when converted to ms"),
              std::string::npos);
    EXPECT_DOUBLE_EQ(parse_quantity("1e300 s").value, 1e303);  // large but representable
}

TEST(units, format_quantity_writes_the_canonical_unit) {
    EXPECT_EQ(lamina::format_quantity(20.0, dimension::time), "20 ms");
    EXPECT_EQ(lamina::format_quantity(-70.0, dimension::voltage), "-70 mV");
    EXPECT_EQ(lamina::format_quantity(0.1, dimension::time), "0.1 ms");
    EXPECT_EQ(lamina::format_quantity(20000.0, dimension::frequency), "20000 Hz");
    EXPECT_EQ(lamina::format_quantity(0.25, dimension::dimensionless), "0.25");
    // Ten significant digits: what is formatted parses back to within half a unit of the tenth digit.
    for (double v : {1.0 / 3.0, 123456.789012, -2.5e-7, 6.02e23}) {
        const double back = parse_quantity(lamina::format_quantity(v, dimension::current)).value;
        EXPECT_NEAR(back, v, 5e-10 * std::fabs(v));
    }
}

TEST(units, dimension_names) {
    EXPECT_EQ(lamina::dimension_name(dimension::time), "time");
    EXPECT_EQ(lamina::dimension_name(dimension::conductance), "conductance");
    EXPECT_EQ(lamina::dimension_name(dimension::dimensionless), "dimensionless");
}

}  // namespace
