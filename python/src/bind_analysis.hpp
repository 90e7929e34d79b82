// Shared by the two halves of lamina._core.analysis (bind_analysis.cpp, bind_analysis_dynamics.cpp):
// running a statistic without the GIL and reading numpy structured arrays of records. Private to
// the bindings.
#pragma once
#include "common.hpp"

namespace lamina::python {

/// Runs f() without the GIL and returns its result.
template <class F>
auto nogil(F&& f) {
    py::gil_scoped_release release;
    return f();
}

template <class T>
using records_in = py::array_t<T, py::array::c_style | py::array::forcecast>;

template <class T>
std::span<const T> records(const records_in<T>& a, const char* what) {
    if (a.ndim() != 1) throw py::value_error(std::string(what) + ": expected a 1-d structured array");
    return {a.data(), static_cast<std::size_t>(a.size())};
}

}  // namespace lamina::python
