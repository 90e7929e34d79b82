#pragma once
// Writes small HDF5 fixtures for the reader tests with the HDF5 C API, in the layouts the readers
// document (docs/formats.md), plus helpers to damage files. No HDF5 type leaks out of this header.
#include <cstdint>
#include <string>
#include <vector>

namespace lamina::test {

/// A fresh directory under the test temporary directory, unique per call.
std::string fixture_dir();

class h5_fixture {
public:
    /// Creates (truncates) an HDF5 file.
    explicit h5_fixture(const std::string& path);
    ~h5_fixture();
    h5_fixture(const h5_fixture&) = delete;
    h5_fixture& operator=(const h5_fixture&) = delete;
    /// Flushes and closes the file (also done by the destructor).
    void close();

    using dims_t = std::vector<unsigned long long>;

    /// Creates a group and any missing parents.
    h5_fixture& group(const std::string& path);
    /// Datasets (parents created). Empty dims = 1-D of the data's length. `chunk` > 0: chunked + deflate.
    h5_fixture& doubles(const std::string& path, const std::vector<double>& v, dims_t dims = {}, unsigned long long chunk = 0);
    h5_fixture& floats(const std::string& path, const std::vector<float>& v, dims_t dims = {});
    h5_fixture& int64s(const std::string& path, const std::vector<std::int64_t>& v, dims_t dims = {});
    h5_fixture& int32s(const std::string& path, const std::vector<std::int32_t>& v, dims_t dims = {});
    h5_fixture& uint64s(const std::string& path, const std::vector<std::uint64_t>& v, dims_t dims = {});
    h5_fixture& uint16s(const std::string& path, const std::vector<std::uint16_t>& v, dims_t dims = {});
    /// Fixed-length (NUL-padded, like R's rhdf5 and h5py's |S) or variable-length strings.
    h5_fixture& strings(const std::string& path, const std::vector<std::string>& v, bool variable = false);
    h5_fixture& attr_string(const std::string& object, const std::string& name, const std::string& value);
    h5_fixture& attr_double(const std::string& object, const std::string& name, double value);
    h5_fixture& attr_int64(const std::string& object, const std::string& name, std::int64_t value);
    /// A second name for an existing object.
    h5_fixture& hard_link(const std::string& target, const std::string& link);

    /// MaxWell spike records {frameno int64, channel int32, amplitude float32}, packed as h5py writes.
    h5_fixture& maxwell_spikes(const std::string& path, const std::vector<std::int64_t>& frameno,
                               const std::vector<std::int32_t>& channel, bool with_channel_member = true);
    /// MaxWell mapping records {channel int32, electrode int32, x float64, y float64}.
    h5_fixture& maxwell_mapping(const std::string& path, const std::vector<std::int32_t>& channel,
                                const std::vector<std::int32_t>& electrode, const std::vector<double>& x,
                                const std::vector<double>& y);
    /// 3Brain channel list records {Row int16, Col int16}.
    h5_fixture& brain3_channels(const std::string& path, const std::vector<std::int16_t>& row,
                                const std::vector<std::int16_t>& col);

private:
    void parents_of(const std::string& path);
    void write(const std::string& path, const void* data, std::int64_t mem_type, std::int64_t file_type, dims_t dims,
               std::size_t n, unsigned long long chunk = 0);
    std::int64_t object(const std::string& path);
    std::int64_t file_ = -1;
    std::string path_;
};

/// Keeps the first `size` bytes of a file.
void truncate_file(const std::string& path, std::uint64_t size);
/// Overwrites `count` bytes from `offset` with 0xA5.
void scribble(const std::string& path, std::uint64_t offset, std::uint64_t count);
std::uint64_t file_size(const std::string& path);
void write_text(const std::string& path, const std::string& text);

}  // namespace lamina::test
