#include "fixtures_h5.hpp"

// The test targets do not get HDF5's include directory from CMake (lamina_io keeps it private);
// Debian and Ubuntu install the serial library's headers under hdf5/serial/.
#if __has_include(<hdf5.h>)
#include <hdf5.h>
#else
#include <hdf5/serial/hdf5.h>
#endif

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <unistd.h>

namespace lamina::test {

std::string fixture_dir() {
    static std::atomic<int> counter{0};
    auto dir = std::filesystem::path(::testing::TempDir()) /
               ("lamina_readers_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir.string();
}

namespace {
void check(bool ok, const std::string& what) {
    if (!ok) throw std::runtime_error("fixture writer: " + what);
}
}  // namespace

h5_fixture::h5_fixture(const std::string& path) : path_(path) {
    file_ = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    check(file_ >= 0, "cannot create " + path);
}

h5_fixture::~h5_fixture() { close(); }

void h5_fixture::close() {
    if (file_ >= 0) {
        H5Fflush(file_, H5F_SCOPE_GLOBAL);
        H5Fclose(file_);
    }
    file_ = -1;
}

void h5_fixture::parents_of(const std::string& path) {
    const auto slash = path.rfind('/');
    if (slash == std::string::npos || slash == 0) return;
    group(path.substr(0, slash));
}

h5_fixture& h5_fixture::group(const std::string& path) {
    std::string prefix;
    std::size_t start = 0;
    while (start <= path.size()) {
        auto end = path.find('/', start);
        if (end == std::string::npos) end = path.size();
        const std::string part = path.substr(start, end - start);
        start = end + 1;
        if (part.empty()) continue;
        prefix += "/" + part;
        if (H5Lexists(file_, prefix.c_str(), H5P_DEFAULT) > 0) continue;
        hid_t g = H5Gcreate2(file_, prefix.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        check(g >= 0, "cannot create group " + prefix);
        H5Gclose(g);
    }
    return *this;
}

void h5_fixture::write(const std::string& path, const void* data, std::int64_t mem_type, std::int64_t file_type,
                       dims_t dims, std::size_t n, unsigned long long chunk) {
    parents_of(path);
    if (dims.empty()) dims = {n};
    std::vector<hsize_t> d(dims.begin(), dims.end());
    hid_t space = H5Screate_simple(static_cast<int>(d.size()), d.data(), nullptr);
    hid_t plist = H5Pcreate(H5P_DATASET_CREATE);
    if (chunk > 0) {
        std::vector<hsize_t> c(d.size(), 1);
        c[0] = chunk;
        H5Pset_chunk(plist, static_cast<int>(c.size()), c.data());
        H5Pset_deflate(plist, 4);
    }
    hid_t set = H5Dcreate2(file_, path.c_str(), file_type, space, H5P_DEFAULT, plist, H5P_DEFAULT);
    check(set >= 0, "cannot create dataset " + path);
    if (n > 0) check(H5Dwrite(set, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) >= 0, "cannot write " + path);
    H5Dclose(set);
    H5Pclose(plist);
    H5Sclose(space);
}

h5_fixture& h5_fixture::doubles(const std::string& path, const std::vector<double>& v, dims_t dims,
                                unsigned long long chunk) {
    write(path, v.data(), H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE, dims, v.size(), chunk);
    return *this;
}
h5_fixture& h5_fixture::floats(const std::string& path, const std::vector<float>& v, dims_t dims) {
    write(path, v.data(), H5T_NATIVE_FLOAT, H5T_IEEE_F32LE, dims, v.size());
    return *this;
}
h5_fixture& h5_fixture::int64s(const std::string& path, const std::vector<std::int64_t>& v, dims_t dims) {
    write(path, v.data(), H5T_NATIVE_INT64, H5T_STD_I64LE, dims, v.size());
    return *this;
}
h5_fixture& h5_fixture::int32s(const std::string& path, const std::vector<std::int32_t>& v, dims_t dims) {
    write(path, v.data(), H5T_NATIVE_INT32, H5T_STD_I32LE, dims, v.size());
    return *this;
}
h5_fixture& h5_fixture::uint64s(const std::string& path, const std::vector<std::uint64_t>& v, dims_t dims) {
    write(path, v.data(), H5T_NATIVE_UINT64, H5T_STD_U64LE, dims, v.size());
    return *this;
}
h5_fixture& h5_fixture::uint16s(const std::string& path, const std::vector<std::uint16_t>& v, dims_t dims) {
    write(path, v.data(), H5T_NATIVE_UINT16, H5T_STD_U16LE, dims, v.size());
    return *this;
}

h5_fixture& h5_fixture::strings(const std::string& path, const std::vector<std::string>& v, bool variable) {
    hid_t type = H5Tcopy(H5T_C_S1);
    if (variable) {
        H5Tset_size(type, H5T_VARIABLE);
        std::vector<const char*> ptrs;
        for (const auto& s : v) ptrs.push_back(s.c_str());
        write(path, ptrs.data(), type, type, {}, v.size());
    } else {
        std::size_t width = 1;
        for (const auto& s : v) width = std::max(width, s.size() + 1);
        H5Tset_size(type, width);
        H5Tset_strpad(type, H5T_STR_NULLPAD);
        std::vector<char> buffer(v.size() * width, '\0');
        for (std::size_t i = 0; i < v.size(); ++i) std::copy(v[i].begin(), v[i].end(), buffer.begin() + i * width);
        write(path, buffer.data(), type, type, {}, v.size());
    }
    H5Tclose(type);
    return *this;
}

std::int64_t h5_fixture::object(const std::string& path) {
    hid_t o = H5Oopen(file_, path.c_str(), H5P_DEFAULT);
    check(o >= 0, "no object " + path);
    return o;
}

h5_fixture& h5_fixture::attr_string(const std::string& obj, const std::string& name, const std::string& value) {
    hid_t o = object(obj);
    hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, value.size() + 1);
    hid_t space = H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate2(o, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT);
    check(a >= 0 && H5Awrite(a, type, value.c_str()) >= 0, "cannot write attribute " + name);
    H5Aclose(a);
    H5Sclose(space);
    H5Tclose(type);
    H5Oclose(o);
    return *this;
}

namespace {
void number_attribute(hid_t o, const std::string& name, hid_t mem, hid_t file_type, const void* value) {
    hid_t space = H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate2(o, name.c_str(), file_type, space, H5P_DEFAULT, H5P_DEFAULT);
    check(a >= 0 && H5Awrite(a, mem, value) >= 0, "cannot write attribute " + name);
    H5Aclose(a);
    H5Sclose(space);
}
}  // namespace

h5_fixture& h5_fixture::attr_double(const std::string& obj, const std::string& name, double value) {
    hid_t o = object(obj);
    number_attribute(o, name, H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE, &value);
    H5Oclose(o);
    return *this;
}

h5_fixture& h5_fixture::attr_int64(const std::string& obj, const std::string& name, std::int64_t value) {
    hid_t o = object(obj);
    number_attribute(o, name, H5T_NATIVE_INT64, H5T_STD_I64LE, &value);
    H5Oclose(o);
    return *this;
}

h5_fixture& h5_fixture::hard_link(const std::string& target, const std::string& link) {
    parents_of(link);
    check(H5Lcreate_hard(file_, target.c_str(), file_, link.c_str(), H5P_DEFAULT, H5P_DEFAULT) >= 0,
          "cannot link " + link);
    return *this;
}

namespace {
struct mx_spike {
    std::int64_t frameno;
    std::int32_t channel;
    float amplitude;
};
struct mx_map {
    std::int32_t channel;
    std::int32_t electrode;
    double x;
    double y;
};
struct rc {
    std::int16_t row;
    std::int16_t col;
};

/// Writes records with the native layout in memory and a packed copy in the file.
void write_records(hid_t file, const std::string& path, hid_t mem, const void* data, std::size_t n) {
    hid_t packed = H5Tcopy(mem);
    H5Tpack(packed);
    const hsize_t d[1] = {n};
    hid_t space = H5Screate_simple(1, d, nullptr);
    hid_t set = H5Dcreate2(file, path.c_str(), packed, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    check(set >= 0, "cannot create " + path);
    if (n > 0) check(H5Dwrite(set, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) >= 0, "cannot write " + path);
    H5Dclose(set);
    H5Sclose(space);
    H5Tclose(packed);
}
}  // namespace

h5_fixture& h5_fixture::maxwell_spikes(const std::string& path, const std::vector<std::int64_t>& frameno,
                                       const std::vector<std::int32_t>& channel, bool with_channel_member) {
    parents_of(path);
    std::vector<mx_spike> rows;
    for (std::size_t i = 0; i < frameno.size(); ++i)
        rows.push_back({frameno[i], channel[i], -42.5f - static_cast<float>(i % 7)});
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(mx_spike));
    H5Tinsert(t, "frameno", offsetof(mx_spike, frameno), H5T_NATIVE_INT64);
    if (with_channel_member) H5Tinsert(t, "channel", offsetof(mx_spike, channel), H5T_NATIVE_INT32);
    H5Tinsert(t, "amplitude", offsetof(mx_spike, amplitude), H5T_NATIVE_FLOAT);
    write_records(file_, path, t, rows.data(), rows.size());
    H5Tclose(t);
    return *this;
}

h5_fixture& h5_fixture::maxwell_mapping(const std::string& path, const std::vector<std::int32_t>& channel,
                                        const std::vector<std::int32_t>& electrode, const std::vector<double>& x,
                                        const std::vector<double>& y) {
    parents_of(path);
    std::vector<mx_map> rows;
    for (std::size_t i = 0; i < channel.size(); ++i) rows.push_back({channel[i], electrode[i], x[i], y[i]});
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(mx_map));
    H5Tinsert(t, "channel", offsetof(mx_map, channel), H5T_NATIVE_INT32);
    H5Tinsert(t, "electrode", offsetof(mx_map, electrode), H5T_NATIVE_INT32);
    H5Tinsert(t, "x", offsetof(mx_map, x), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "y", offsetof(mx_map, y), H5T_NATIVE_DOUBLE);
    write_records(file_, path, t, rows.data(), rows.size());
    H5Tclose(t);
    return *this;
}

h5_fixture& h5_fixture::brain3_channels(const std::string& path, const std::vector<std::int16_t>& row,
                                        const std::vector<std::int16_t>& col) {
    parents_of(path);
    std::vector<rc> rows;
    for (std::size_t i = 0; i < row.size(); ++i) rows.push_back({row[i], col[i]});
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(rc));
    H5Tinsert(t, "Row", offsetof(rc, row), H5T_NATIVE_INT16);
    H5Tinsert(t, "Col", offsetof(rc, col), H5T_NATIVE_INT16);
    write_records(file_, path, t, rows.data(), rows.size());
    H5Tclose(t);
    return *this;
}

void truncate_file(const std::string& path, std::uint64_t size) { std::filesystem::resize_file(path, size); }

void scribble(const std::string& path, std::uint64_t offset, std::uint64_t count) {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(offset));
    for (std::uint64_t i = 0; i < count; ++i) f.put(static_cast<char>(0xA5));
}

std::uint64_t file_size(const std::string& path) { return std::filesystem::file_size(path); }

void write_text(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
}

}  // namespace lamina::test
