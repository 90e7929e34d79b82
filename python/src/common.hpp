// Shared by the bind_<area>.cpp files of lamina._core: the per-area entry points and the
// conversions between std::vector and numpy arrays. Private to the bindings.
#pragma once
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace lamina::python {
namespace py = pybind11;

void bind_errors_units(py::module_& m);
void bind_network(py::module_& m);
void bind_simulation(py::module_& m);
void bind_io(py::module_& m);
void bind_analysis(py::module_& m);          // makes the analysis submodule: call first
void bind_analysis_dynamics(py::module_& m);
void bind_analysis_summary(py::module_& m);  // names classes of both: call last
void bind_figures(py::module_& m);
void bind_rate_theory(py::module_& m);  // rate results 5-7 (thalamic loops, expansion, negative image)
void bind_mea(py::module_& m);  // after bind_analysis: adds to the analysis submodule

/// A 1-d numpy array that takes ownership of `v` (no copy of the data).
template <class T>
py::array_t<T> to_numpy(std::vector<T>&& v) {
    auto* owned = new std::vector<T>(std::move(v));
    py::capsule owner(owned, [](void* p) { delete static_cast<std::vector<T>*>(p); });
    return py::array_t<T>({owned->size()}, {sizeof(T)}, owned->data(), owner);
}

/// A row-major 2-d numpy array (rows x cols) that takes ownership of `v`.
template <class T>
py::array_t<T> to_numpy_2d(std::vector<T>&& v, std::size_t rows, std::size_t cols) {
    auto* owned = new std::vector<T>(std::move(v));
    py::capsule owner(owned, [](void* p) { delete static_cast<std::vector<T>*>(p); });
    return py::array_t<T>({rows, cols}, {cols * sizeof(T), sizeof(T)}, owned->data(), owner);
}

/// Points in the plane (x, y in um) as a [n, 2] numpy array.
inline py::array_t<double> points_to_numpy(const std::vector<std::array<double, 2>>& points) {
    std::vector<double> flat;
    flat.reserve(2 * points.size());
    for (const auto& p : points) flat.insert(flat.end(), p.begin(), p.end());
    return to_numpy_2d(std::move(flat), points.size(), 2);
}

/// A 1-d numpy array copied from a vector of a type numpy does not hold directly (e.g. size_t).
template <class To, class From>
py::array_t<To> to_numpy_as(const std::vector<From>& v) {
    std::vector<To> out(v.begin(), v.end());
    return to_numpy(std::move(out));
}

/// A read-only view of `data` kept alive by `base` (the Python object that owns the memory).
template <class T>
py::array_t<T> view(const T* data, std::size_t n, py::handle base) {
    py::array_t<T> a({n}, {sizeof(T)}, data, base);
    py::detail::array_proxy(a.ptr())->flags &= ~py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
    return a;
}

/// The elements of a 1-d array argument (converted to contiguous T by pybind11's forcecast).
using doubles_in = py::array_t<double, py::array::c_style | py::array::forcecast>;
using ids_in = py::array_t<std::uint64_t, py::array::c_style | py::array::forcecast>;

template <class T>
std::span<const T> span_of(const py::array_t<T, py::array::c_style | py::array::forcecast>& a, const char* what) {
    if (a.ndim() != 1) throw py::value_error(std::string(what) + ": expected a 1-d array, got " +
                                             std::to_string(a.ndim()) + " dimensions");
    return {a.data(), static_cast<std::size_t>(a.size())};
}

}  // namespace lamina::python
