#include "io/hdf5/h5_handle.hpp"

#include <algorithm>

namespace lamina::io {
namespace {

void write_typed(hid_t parent, const std::string& name, const void* data, hid_t type,
                 const std::vector<hsize_t>& dims, const std::string& file) {
    h5_handle space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose);
    h5_handle plist(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
    hsize_t total = 1;
    for (auto d : dims) total *= d;
    if (total >= 4096) {
        std::vector<hsize_t> chunk(dims);
        chunk[0] = std::min<hsize_t>(dims[0], std::max<hsize_t>(1, 65536 / std::max<hsize_t>(1, total / dims[0])));
        H5Pset_chunk(plist, static_cast<int>(chunk.size()), chunk.data());
        H5Pset_deflate(plist, 4);
    }
    h5_handle set(H5Dcreate2(parent, name.c_str(), type, space, H5P_DEFAULT, plist, H5P_DEFAULT), H5Dclose);
    if (!set.valid() || (total > 0 && H5Dwrite(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0))
        throw file_error(file + ": cannot write dataset " + name);
}

}  // namespace

void h5_write(hid_t parent, const std::string& name, const double* data, const std::vector<hsize_t>& dims,
              const std::string& file) {
    write_typed(parent, name, data, H5T_NATIVE_DOUBLE, dims, file);
}

void h5_write(hid_t parent, const std::string& name, const std::uint64_t* data, const std::vector<hsize_t>& dims,
              const std::string& file) {
    write_typed(parent, name, data, H5T_NATIVE_UINT64, dims, file);
}

void h5_write_string_attribute(hid_t object, const std::string& name, const std::string& value,
                               const std::string& file) {
    h5_handle type(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(type, value.size() + 1);
    H5Tset_strpad(type, H5T_STR_NULLTERM);
    h5_handle space(H5Screate(H5S_SCALAR), H5Sclose);
    h5_handle attr(H5Acreate2(object, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
    if (!attr.valid() || H5Awrite(attr, type, value.c_str()) < 0)
        throw file_error(file + ": cannot write attribute " + name);
}

namespace {
void write_scalar_attribute(hid_t object, const std::string& name, hid_t type, const void* value, const std::string& file) {
    h5_handle space(H5Screate(H5S_SCALAR), H5Sclose);
    h5_handle attr(H5Acreate2(object, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
    if (!attr.valid() || H5Awrite(attr, type, value) < 0) throw file_error(file + ": cannot write attribute " + name);
}
}  // namespace

void h5_write_double_attribute(hid_t object, const std::string& name, double value, const std::string& file) {
    write_scalar_attribute(object, name, H5T_NATIVE_DOUBLE, &value, file);
}

void h5_write_uint64_attribute(hid_t object, const std::string& name, std::uint64_t value, const std::string& file) {
    write_scalar_attribute(object, name, H5T_NATIVE_UINT64, &value, file);
}

void h5_write_strings(hid_t parent, const std::string& name, const std::vector<std::string>& values,
                      const std::string& file) {
    std::size_t width = 1;
    for (const auto& v : values) width = std::max(width, v.size() + 1);
    std::vector<char> buffer(values.size() * width, '\0');
    for (std::size_t i = 0; i < values.size(); ++i) std::copy(values[i].begin(), values[i].end(), &buffer[i * width]);
    h5_handle type(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(type, width);
    H5Tset_strpad(type, H5T_STR_NULLTERM);
    write_typed(parent, name, buffer.data(), type, {values.size()}, file);
}

h5_handle h5_create_group(hid_t parent, const std::string& name, const std::string& file) {
    h5_handle g(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose);
    if (!g.valid()) throw file_error(file + ": cannot create group " + name);
    return g;
}

}  // namespace lamina::io
