#pragma once
// Small RAII owners for HDF5 C-API handles, and typed dataset helpers used by writers and readers.
#include <lamina/error.hpp>

#include <hdf5.h>

#include <string>
#include <utility>
#include <vector>

namespace lamina::io {

class h5_handle {
public:
    using closer = herr_t (*)(hid_t);
    h5_handle() = default;
    h5_handle(hid_t id, closer close) : id_(id), close_(close) {}
    h5_handle(const h5_handle&) = delete;
    h5_handle& operator=(const h5_handle&) = delete;
    h5_handle(h5_handle&& o) noexcept : id_(std::exchange(o.id_, H5I_INVALID_HID)), close_(o.close_) {}
    h5_handle& operator=(h5_handle&& o) noexcept {
        reset();
        id_ = std::exchange(o.id_, H5I_INVALID_HID);
        close_ = o.close_;
        return *this;
    }
    ~h5_handle() { reset(); }
    void reset() {
        if (id_ >= 0 && close_) close_(id_);
        id_ = H5I_INVALID_HID;
    }
    hid_t get() const { return id_; }
    bool valid() const { return id_ >= 0; }
    operator hid_t() const { return id_; }

private:
    hid_t id_ = H5I_INVALID_HID;
    closer close_ = nullptr;
};

/// Turns off HDF5's automatic error printing for the lifetime of the object: lamina reports
/// errors itself, with the file and dataset named.
class h5_quiet {
public:
    h5_quiet() {
        H5Eget_auto2(H5E_DEFAULT, &func_, &data_);
        H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    }
    ~h5_quiet() { H5Eset_auto2(H5E_DEFAULT, func_, data_); }

private:
    H5E_auto2_t func_ = nullptr;
    void* data_ = nullptr;
};

/// Writes a 1-D or 2-D dataset (chunked and deflate-compressed when large).
void h5_write(hid_t parent, const std::string& name, const double* data, const std::vector<hsize_t>& dims,
              const std::string& file);
void h5_write(hid_t parent, const std::string& name, const std::uint64_t* data, const std::vector<hsize_t>& dims,
              const std::string& file);
void h5_write_string_attribute(hid_t object, const std::string& name, const std::string& value,
                               const std::string& file);
void h5_write_double_attribute(hid_t object, const std::string& name, double value, const std::string& file);
void h5_write_uint64_attribute(hid_t object, const std::string& name, std::uint64_t value, const std::string& file);
/// A 1-D dataset of fixed-length, NUL-padded strings (as R's rhdf5 writes them).
void h5_write_strings(hid_t parent, const std::string& name, const std::vector<std::string>& values,
                      const std::string& file);
h5_handle h5_create_group(hid_t parent, const std::string& name, const std::string& file);

}  // namespace lamina::io
