#pragma once
// Checked reading of HDF5 files for the recording readers: every failure becomes a file_error that
// names the file, the object and what was expected. Large 1-D datasets are read in blocks
// (hyperslabs) so memory stays bounded by what the caller keeps.
#include "io/hdf5/h5_handle.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace lamina::io {

/// Elements per block when streaming a 1-D dataset (8 MiB of doubles).
inline constexpr hsize_t h5_block_elements = hsize_t{1} << 20;

/// Opens an HDF5 file read-only; a missing, truncated or non-HDF5 file is a file_error.
h5_handle h5_open_read(const std::string& path);

/// Whether every link along `path` (relative to loc, '/'-separated) exists and resolves.
bool h5_exists(hid_t loc, const std::string& path);
bool h5_is_group(hid_t loc, const std::string& path);
bool h5_is_dataset(hid_t loc, const std::string& path);
/// Names of the links in a group, in name order.
std::vector<std::string> h5_children(hid_t group, const std::string& group_path, const std::string& file);
h5_handle h5_open_group(hid_t loc, const std::string& path, const std::string& file);

/// "[3 x 4]"
std::string h5_shape_text(const std::vector<hsize_t>& dims);

/// An open dataset with its path and file, for messages.
class h5_dataset {
public:
    /// Opens `path` under `loc`; throws "dataset <path> is missing" naming `expected`.
    h5_dataset(hid_t loc, const std::string& path, const std::string& file, const std::string& expected = {});

    const std::string& path() const { return path_; }
    const std::string& file() const { return file_; }
    hid_t id() const { return set_.get(); }
    const std::vector<hsize_t>& dims() const { return dims_; }
    int rank() const { return static_cast<int>(dims_.size()); }
    hsize_t size() const;
    H5T_class_t type_class() const;

    [[noreturn]] void fail(const std::string& what) const;

    /// Requires rank 1 (a [n x 1] or [1 x n] matrix is accepted as a vector) and a numeric type;
    /// returns the length. `what` describes the content, e.g. "spike times in s".
    hsize_t require_vector(const std::string& what) const;
    /// Requires an integer type (frame numbers, channel ids, counts).
    void require_integer(const std::string& what) const;

    /// Reads `count` elements from `offset` of a vector (any rank-1-like shape), converted to T.
    template <class T>
    void read(hsize_t offset, hsize_t count, T* out) const;
    template <class T>
    std::vector<T> read_all() const {
        std::vector<T> v(static_cast<std::size_t>(size()));
        read(0, v.size(), v.data());
        return v;
    }
    /// Reads element [row, col] of a 2-D dataset.
    void read_element(hsize_t row, hsize_t col, std::int64_t* out) const;
    /// Reads the whole dataset, any shape, in row-major order.
    std::vector<double> read_all_doubles_any_shape() const;
    /// Fixed- or variable-length strings, trailing NULs and spaces removed.
    std::vector<std::string> read_strings() const;
    /// Any small dataset as text values: strings as they are, numbers formatted shortest.
    std::vector<std::string> read_as_text() const;

    /// Compound datasets: whether the file type has a member of that name.
    bool has_member(const std::string& name) const;
    /// Reads `count` records from `offset` with a memory compound type (members matched by name).
    void read_records(hsize_t offset, hsize_t count, hid_t mem_type, void* out) const;

private:
    void read_raw(hsize_t offset, hsize_t count, hid_t mem_type, void* out) const;

    std::string path_;
    std::string file_;
    h5_handle set_;
    std::vector<hsize_t> dims_;
};

/// Calls f(std::span<const T> block, hsize_t offset) for consecutive blocks of a vector dataset.
template <class T, class F>
void h5_for_each_block(const h5_dataset& d, F&& f, hsize_t block = h5_block_elements) {
    const hsize_t n = d.size();
    std::vector<T> buffer(static_cast<std::size_t>(std::min(n, block)));
    for (hsize_t at = 0; at < n; at += block) {
        const hsize_t count = std::min(block, n - at);
        d.read(at, count, buffer.data());
        f(std::span<const T>(buffer.data(), static_cast<std::size_t>(count)), at);
    }
}

/// A string attribute of an object (fixed or variable length), if present.
std::optional<std::string> h5_string_attribute(hid_t object, const std::string& name, const std::string& where,
                                               const std::string& file);
/// A numeric attribute with one element, if present.
std::optional<double> h5_number_attribute(hid_t object, const std::string& name, const std::string& where,
                                          const std::string& file);

/// Shortest text of a number that reads back to the same double.
std::string number_text(double v);

}  // namespace lamina::io
