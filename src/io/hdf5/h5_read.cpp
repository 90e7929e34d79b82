#include "io/hdf5/h5_read.hpp"

#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace lamina::io {
namespace {

// The innermost message on HDF5's error stack ("truncated file: eof = ..."), to add to ours.
herr_t take_innermost(unsigned n, const H5E_error2_t* e, void* data) {
    auto* out = static_cast<std::string*>(data);
    if (n == 0 && e && e->desc) *out = e->desc;
    return 0;
}

std::string h5_error_detail() {
    std::string detail;
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, take_innermost, &detail);
    H5Eclear2(H5E_DEFAULT);
    return detail.empty() ? std::string() : " (HDF5: " + detail + ")";
}

std::string with_slash(const std::string& path) { return !path.empty() && path[0] == '/' ? path : "/" + path; }

std::string class_name(H5T_class_t c) {
    switch (c) {
    case H5T_INTEGER: return "integers";
    case H5T_FLOAT: return "floating-point numbers";
    case H5T_STRING: return "strings";
    case H5T_COMPOUND: return "compound records";
    case H5T_ENUM: return "enumerations";
    case H5T_VLEN: return "variable-length sequences";
    case H5T_ARRAY: return "arrays";
    case H5T_REFERENCE: return "references";
    default: return "values of an unsupported type";
    }
}

template <class T>
hid_t native_type();
template <>
hid_t native_type<double>() { return H5T_NATIVE_DOUBLE; }
template <>
hid_t native_type<float>() { return H5T_NATIVE_FLOAT; }
template <>
hid_t native_type<std::int64_t>() { return H5T_NATIVE_INT64; }
template <>
hid_t native_type<std::uint64_t>() { return H5T_NATIVE_UINT64; }
template <>
hid_t native_type<std::int32_t>() { return H5T_NATIVE_INT32; }

std::string trim_padding(std::string s) {
    if (auto nul = s.find('\0'); nul != std::string::npos) s.resize(nul);
    while (!s.empty() && s.back() == ' ') s.pop_back();
    return s;
}

/// Reads a string-typed attribute or dataset (fixed or variable length) through `read`.
template <class Read>
std::vector<std::string> read_string_values(hid_t file_type, hsize_t n, Read&& read) {
    std::vector<std::string> out;
    out.reserve(static_cast<std::size_t>(n));
    h5_handle mem(H5Tcopy(H5T_C_S1), H5Tclose);
    if (H5Tis_variable_str(file_type) > 0) {
        H5Tset_size(mem, H5T_VARIABLE);
        H5Tset_cset(mem, H5Tget_cset(file_type));
        std::vector<char*> ptrs(static_cast<std::size_t>(n), nullptr);
        if (n > 0 && !read(mem.get(), static_cast<void*>(ptrs.data()))) return {};
        for (char* p : ptrs) {
            out.emplace_back(p ? p : "");
            if (p) H5free_memory(p);  // allocated by the HDF5 library
        }
    } else {
        const std::size_t width = H5Tget_size(file_type);
        H5Tset_size(mem, width);
        H5Tset_strpad(mem, H5T_STR_NULLPAD);
        H5Tset_cset(mem, H5Tget_cset(file_type));
        std::vector<char> buffer(static_cast<std::size_t>(n) * width + 1, '\0');
        if (n > 0 && !read(mem.get(), static_cast<void*>(buffer.data()))) return {};
        for (hsize_t i = 0; i < n; ++i)
            out.push_back(trim_padding(std::string(buffer.data() + i * width, width)));
    }
    return out;
}

}  // namespace

std::string number_text(double v) {
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

std::string h5_shape_text(const std::vector<hsize_t>& dims) {
    if (dims.empty()) return "a scalar";
    std::string s = "[";
    for (std::size_t i = 0; i < dims.size(); ++i) s += (i ? " x " : "") + std::to_string(dims[i]);
    return s + "]";
}

h5_handle h5_open_read(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) throw file_error(path + ": no such file");
    if (std::filesystem::is_directory(path, ec)) throw file_error(path + ": is a directory, expected a file");
    h5_quiet quiet;
    h5_handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
    if (!file.valid())
        throw file_error(path + ": cannot open as HDF5: the file is truncated or corrupt" + h5_error_detail());
    return file;
}

bool h5_exists(hid_t loc, const std::string& path) {
    h5_quiet quiet;
    std::string prefix;
    std::stringstream parts(path);
    std::string part;
    while (std::getline(parts, part, '/')) {
        if (part.empty()) continue;
        prefix += (prefix.empty() ? "" : "/") + part;
        if (H5Lexists(loc, prefix.c_str(), H5P_DEFAULT) <= 0) return false;
    }
    if (prefix.empty()) return true;
    return H5Oexists_by_name(loc, prefix.c_str(), H5P_DEFAULT) > 0;
}

namespace {
H5I_type_t object_type(hid_t loc, const std::string& path) {
    if (!h5_exists(loc, path)) return H5I_BADID;
    h5_quiet quiet;
    h5_handle obj(H5Oopen(loc, path.c_str(), H5P_DEFAULT), H5Oclose);
    return obj.valid() ? H5Iget_type(obj) : H5I_BADID;
}
}  // namespace

bool h5_is_group(hid_t loc, const std::string& path) { return object_type(loc, path) == H5I_GROUP; }
bool h5_is_dataset(hid_t loc, const std::string& path) { return object_type(loc, path) == H5I_DATASET; }

h5_handle h5_open_group(hid_t loc, const std::string& path, const std::string& file) {
    if (!h5_is_group(loc, path)) throw file_error(file + ": group " + with_slash(path) + " is missing");
    h5_quiet quiet;
    h5_handle g(H5Gopen2(loc, path.c_str(), H5P_DEFAULT), H5Gclose);
    if (!g.valid()) throw file_error(file + ": cannot open group " + with_slash(path) + h5_error_detail());
    return g;
}

std::vector<std::string> h5_children(hid_t group, const std::string& group_path, const std::string& file) {
    h5_quiet quiet;
    H5G_info_t info;
    if (H5Gget_info(group, &info) < 0)
        throw file_error(file + ": cannot list group " + with_slash(group_path) + h5_error_detail());
    std::vector<std::string> names;
    for (hsize_t i = 0; i < info.nlinks; ++i) {
        const ssize_t len = H5Lget_name_by_idx(group, ".", H5_INDEX_NAME, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
        if (len < 0) throw file_error(file + ": cannot list group " + with_slash(group_path) + h5_error_detail());
        std::string name(static_cast<std::size_t>(len) + 1, '\0');
        H5Lget_name_by_idx(group, ".", H5_INDEX_NAME, H5_ITER_INC, i, name.data(), name.size(), H5P_DEFAULT);
        name.resize(static_cast<std::size_t>(len));
        names.push_back(std::move(name));
    }
    return names;
}

h5_dataset::h5_dataset(hid_t loc, const std::string& path, const std::string& file, const std::string& expected)
    : path_(with_slash(path)), file_(file) {
    const std::string hint = expected.empty() ? std::string() : " (expected " + expected + ")";
    if (!h5_exists(loc, path)) fail("is missing" + hint);
    h5_quiet quiet;
    set_ = h5_handle(H5Dopen2(loc, path.c_str(), H5P_DEFAULT), H5Dclose);
    if (!set_.valid()) {
        const std::string detail = h5_error_detail();
        if (h5_is_group(loc, path)) fail("is a group, expected a dataset" + hint);
        fail("cannot be opened" + detail);
    }
    h5_handle space(H5Dget_space(set_), H5Sclose);
    const int rank = space.valid() ? H5Sget_simple_extent_ndims(space) : -1;
    if (rank < 0) fail("has an unreadable shape" + h5_error_detail());
    dims_.resize(static_cast<std::size_t>(rank));
    if (rank > 0) H5Sget_simple_extent_dims(space, dims_.data(), nullptr);
}

void h5_dataset::fail(const std::string& what) const { throw file_error(file_ + ": dataset " + path_ + " " + what); }

hsize_t h5_dataset::size() const {
    hsize_t n = 1;
    for (auto d : dims_) n *= d;
    return n;
}

H5T_class_t h5_dataset::type_class() const {
    h5_handle type(H5Dget_type(set_), H5Tclose);
    return type.valid() ? H5Tget_class(type) : H5T_NO_CLASS;
}

hsize_t h5_dataset::require_vector(const std::string& what) const {
    const bool vector_like = dims_.size() <= 1 || (dims_.size() == 2 && (dims_[0] == 1 || dims_[1] == 1));
    if (!vector_like) fail("has shape " + h5_shape_text(dims_) + ", expected a 1-D array of " + what);
    const auto c = type_class();
    if (c != H5T_INTEGER && c != H5T_FLOAT) fail("holds " + class_name(c) + ", expected numbers (" + what + ")");
    return size();
}

void h5_dataset::require_integer(const std::string& what) const {
    const auto c = type_class();
    if (c != H5T_INTEGER) fail("holds " + class_name(c) + ", expected integers (" + what + ")");
}

void h5_dataset::read_raw(hsize_t offset, hsize_t count, hid_t mem_type, void* out) const {
    if (count == 0) return;
    if (offset + count > size())
        fail("read of elements " + std::to_string(offset) + ".." + std::to_string(offset + count) + " beyond its " +
             std::to_string(size()) + " elements");
    h5_quiet quiet;
    herr_t status;
    std::string detail;  // taken at once: any later HDF5 call (even a close) clears the error stack
    if (dims_.empty()) {
        status = H5Dread(set_, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, out);
        if (status < 0) detail = h5_error_detail();
    } else {
        h5_handle file_space(H5Dget_space(set_), H5Sclose);
        std::vector<hsize_t> start(dims_.size(), 0), extent(dims_.size(), 1);
        // A vector may be stored as [n], [1 x n] or [n x 1]: select along the long axis.
        const std::size_t axis = (dims_.size() == 2 && dims_[0] == 1) ? 1 : 0;
        start[axis] = offset;
        extent[axis] = count;
        H5Sselect_hyperslab(file_space, H5S_SELECT_SET, start.data(), nullptr, extent.data(), nullptr);
        const hsize_t mem_dims[1] = {count};
        h5_handle mem_space(H5Screate_simple(1, mem_dims, nullptr), H5Sclose);
        status = H5Dread(set_, mem_type, mem_space, file_space, H5P_DEFAULT, out);
        if (status < 0) detail = h5_error_detail();
    }
    if (status < 0)
        fail("cannot be read at elements " + std::to_string(offset) + ".." + std::to_string(offset + count) +
             ": the file is truncated or corrupt" + detail);
}

template <class T>
void h5_dataset::read(hsize_t offset, hsize_t count, T* out) const {
    read_raw(offset, count, native_type<T>(), out);
}
template void h5_dataset::read<double>(hsize_t, hsize_t, double*) const;
template void h5_dataset::read<float>(hsize_t, hsize_t, float*) const;
template void h5_dataset::read<std::int64_t>(hsize_t, hsize_t, std::int64_t*) const;
template void h5_dataset::read<std::uint64_t>(hsize_t, hsize_t, std::uint64_t*) const;
template void h5_dataset::read<std::int32_t>(hsize_t, hsize_t, std::int32_t*) const;

void h5_dataset::read_element(hsize_t row, hsize_t col, std::int64_t* out) const {
    if (dims_.size() != 2 || row >= dims_[0] || col >= dims_[1])
        fail("has shape " + h5_shape_text(dims_) + ", cannot read element [" + std::to_string(row) + ", " +
             std::to_string(col) + "]");
    h5_quiet quiet;
    h5_handle file_space(H5Dget_space(set_), H5Sclose);
    const hsize_t start[2] = {row, col}, extent[2] = {1, 1}, one[1] = {1};
    H5Sselect_hyperslab(file_space, H5S_SELECT_SET, start, nullptr, extent, nullptr);
    h5_handle mem_space(H5Screate_simple(1, one, nullptr), H5Sclose);
    if (H5Dread(set_, H5T_NATIVE_INT64, mem_space, file_space, H5P_DEFAULT, out) < 0)
        fail("cannot be read at [" + std::to_string(row) + ", " + std::to_string(col) +
             "]: the file is truncated or corrupt" + h5_error_detail());
}

std::vector<double> h5_dataset::read_all_doubles_any_shape() const {
    const auto c = type_class();
    if (c != H5T_INTEGER && c != H5T_FLOAT) fail("holds " + class_name(c) + ", expected numbers");
    std::vector<double> v(static_cast<std::size_t>(size()));
    if (v.empty()) return v;
    h5_quiet quiet;
    if (H5Dread(set_, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()) < 0)
        fail("cannot be read: the file is truncated or corrupt" + h5_error_detail());
    return v;
}

std::vector<std::string> h5_dataset::read_strings() const {
    h5_handle type(H5Dget_type(set_), H5Tclose);
    if (H5Tget_class(type) != H5T_STRING) fail("holds " + class_name(H5Tget_class(type)) + ", expected strings");
    h5_quiet quiet;
    bool ok = true;
    std::string detail;
    auto values = read_string_values(type, size(), [&](hid_t mem, void* buf) {
        ok = H5Dread(set_, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) >= 0;
        if (!ok) detail = h5_error_detail();
        return ok;
    });
    if (!ok) fail("cannot be read: the file is truncated or corrupt" + detail);
    return values;
}

std::vector<std::string> h5_dataset::read_as_text() const {
    switch (type_class()) {
    case H5T_STRING: return read_strings();
    case H5T_INTEGER: {
        std::vector<std::int64_t> v(static_cast<std::size_t>(size()));
        read_raw(0, v.size(), H5T_NATIVE_INT64, v.data());
        std::vector<std::string> out;
        for (auto x : v) out.push_back(std::to_string(x));
        return out;
    }
    case H5T_FLOAT: {
        std::vector<std::string> out;
        for (auto x : read_all_doubles_any_shape()) out.push_back(number_text(x));
        return out;
    }
    default: fail("holds " + class_name(type_class()) + ", expected text or numbers");
    }
}

bool h5_dataset::has_member(const std::string& name) const {
    h5_handle type(H5Dget_type(set_), H5Tclose);
    if (H5Tget_class(type) != H5T_COMPOUND) return false;
    h5_quiet quiet;
    return H5Tget_member_index(type, name.c_str()) >= 0;
}

void h5_dataset::read_records(hsize_t offset, hsize_t count, hid_t mem_type, void* out) const {
    read_raw(offset, count, mem_type, out);
}

namespace {
h5_handle open_attribute(hid_t object, const std::string& name) {
    h5_quiet quiet;
    if (H5Aexists(object, name.c_str()) <= 0) return {};
    return h5_handle(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose);
}

hsize_t attribute_size(hid_t attr) {
    h5_handle space(H5Aget_space(attr), H5Sclose);
    const hssize_t n = H5Sget_simple_extent_npoints(space);
    return n < 0 ? 0 : static_cast<hsize_t>(n);
}
}  // namespace

std::optional<std::string> h5_string_attribute(hid_t object, const std::string& name, const std::string& where,
                                               const std::string& file) {
    auto attr = open_attribute(object, name);
    if (!attr.valid()) return std::nullopt;
    const std::string at = file + ": attribute " + name + " of " + where;
    h5_handle type(H5Aget_type(attr), H5Tclose);
    if (H5Tget_class(type) != H5T_STRING) throw file_error(at + " is not a string");
    const hsize_t n = attribute_size(attr);
    if (n != 1) throw file_error(at + " holds " + std::to_string(n) + " values, expected one string");
    h5_quiet quiet;
    bool ok = true;
    std::string detail;
    auto values = read_string_values(type, 1, [&](hid_t mem, void* buf) {
        ok = H5Aread(attr, mem, buf) >= 0;
        if (!ok) detail = h5_error_detail();
        return ok;
    });
    if (!ok) throw file_error(at + " cannot be read" + detail);
    return values.at(0);
}

std::optional<double> h5_number_attribute(hid_t object, const std::string& name, const std::string& where,
                                          const std::string& file) {
    auto attr = open_attribute(object, name);
    if (!attr.valid()) return std::nullopt;
    const std::string at = file + ": attribute " + name + " of " + where;
    h5_handle type(H5Aget_type(attr), H5Tclose);
    const auto c = H5Tget_class(type);
    if (c != H5T_INTEGER && c != H5T_FLOAT) throw file_error(at + " holds " + class_name(c) + ", expected a number");
    const hsize_t n = attribute_size(attr);
    if (n != 1) throw file_error(at + " holds " + std::to_string(n) + " values, expected one number");
    double v = 0;
    h5_quiet quiet;
    if (H5Aread(attr, H5T_NATIVE_DOUBLE, &v) < 0) throw file_error(at + " cannot be read" + h5_error_detail());
    return v;
}

}  // namespace lamina::io
