#pragma once
/// @file
/// Errors raised by lamina. Every message names where the problem is (file, key or line),
/// the offending value and what was expected, so a user can fix the input without reading code.
#include <stdexcept>
#include <string>

namespace lamina {

/// Base class of all lamina errors.
class error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Bad user input: malformed model file, wrong unit, impossible rule, bad data file.
/// Maps to Python's ValueError.
class input_error : public error {
public:
    using error::error;
};

/// An unknown key, model, population or parameter name. Maps to Python's KeyError.
class unknown_name_error : public input_error {
public:
    using input_error::input_error;
};

/// A file that cannot be read or has the wrong layout (truncated HDF5, missing dataset).
class file_error : public input_error {
public:
    using input_error::input_error;
};

}  // namespace lamina
