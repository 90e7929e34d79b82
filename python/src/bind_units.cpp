// Errors and units. lamina's exceptions become Python exceptions that the usual `except` clauses
// catch: input_error is a ValueError, unknown_name_error also a KeyError, file_error an InputError;
// any other lamina::error is a RuntimeError. The message is the C++ one, unchanged, so Python
// users read what the command line prints.
#include <lamina/error.hpp>
#include <lamina/units.hpp>

#include "common.hpp"

namespace lamina::python {
namespace {

/// Exception classes live as attributes of the module; these are borrowed handles to them.
PyObject* input_error_type = nullptr;
PyObject* unknown_name_error_type = nullptr;
PyObject* file_error_type = nullptr;
PyObject* lamina_error_type = nullptr;

PyObject* new_exception(py::module_& m, const char* name, py::handle bases, const char* doc) {
    const std::string qualified = std::string("lamina._core.") + name;
    PyObject* type = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, bases.ptr(), nullptr);
    if (!type) throw py::error_already_set();
    m.add_object(name, py::handle(type));  // the module keeps the reference
    return type;
}

}  // namespace

void bind_errors_units(py::module_& m) {
    const auto builtins = py::module_::import("builtins");
    lamina_error_type = new_exception(m, "Error", builtins.attr("RuntimeError"),
                                      "A lamina error that is not about the input (an internal failure).");
    input_error_type = new_exception(m, "InputError", builtins.attr("ValueError"),
                                     "Bad input: a malformed model, a wrong unit, an impossible rule, bad data.");
    unknown_name_error_type = new_exception(
        m, "UnknownNameError", py::make_tuple(py::handle(input_error_type), builtins.attr("KeyError")),
        "An unknown model, parameter, population or key. Both an InputError (ValueError) and a KeyError.");
    // KeyError.__str__ shows repr(message), quotes and escapes included; lamina's messages are
    // sentences, so show them as they are.
    py::handle(unknown_name_error_type).attr("__str__") = builtins.attr("BaseException").attr("__str__");
    file_error_type = new_exception(m, "FileError", py::handle(input_error_type),
                                    "A file that cannot be read or has the wrong layout.");

    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const lamina::unknown_name_error& e) {
            PyErr_SetString(unknown_name_error_type, e.what());
        } catch (const lamina::file_error& e) {
            PyErr_SetString(file_error_type, e.what());
        } catch (const lamina::input_error& e) {
            PyErr_SetString(input_error_type, e.what());
        } catch (const lamina::error& e) {
            PyErr_SetString(lamina_error_type, e.what());
        }
    });

    py::enum_<dimension>(m, "Dimension", "Physical dimensions of lamina's quantities and their canonical units.")
        .value("dimensionless", dimension::dimensionless)
        .value("time", dimension::time, "ms")
        .value("voltage", dimension::voltage, "mV")
        .value("current", dimension::current, "pA")
        .value("conductance", dimension::conductance, "nS")
        .value("capacitance", dimension::capacitance, "pF")
        .value("frequency", dimension::frequency, "Hz")
        .value("resistance", dimension::resistance, "GOhm")
        .value("length", dimension::length, "um");

    m.def("canonical_unit", [](dimension d) { return std::string(canonical_unit(d)); }, py::arg("dim"),
          "The canonical unit symbol of a dimension ('ms', 'mV', ..., '' for dimensionless).");
    m.def("dimension_name", [](dimension d) { return std::string(dimension_name(d)); }, py::arg("dim"),
          "A readable name of a dimension ('time', 'voltage', ...).");
    m.def(
        "parse_quantity",
        [](const std::string& text) {
            const quantity q = parse_quantity(text);
            return py::make_tuple(q.value, q.dim);
        },
        py::arg("text"),
        "Parses '<number> <unit>' into (value in the canonical unit, Dimension). Raises InputError.");
    m.def("parse_quantity_as", &parse_quantity_as, py::arg("text"), py::arg("expected"), py::arg("where"),
          "Parses text, checks its dimension and returns the canonical value; `where` prefixes error messages.");
    m.def("format_quantity", &format_quantity, py::arg("value"), py::arg("dim"),
          "Formats a canonical value with its unit, e.g. '20 ms'.");
}

}  // namespace lamina::python
