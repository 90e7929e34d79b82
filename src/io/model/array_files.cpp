// Numeric arrays for model files: .npy, HDF5 and CSV (see array_files.hpp).
// The .npy layout: "\x93NUMPY", version (major, minor), header length (2 bytes in version 1,
// 4 bytes in 2 and 3, little-endian), then a Python dict literal with 'descr', 'fortran_order'
// and 'shape' (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html).
#include "io/model/array_files.hpp"

#include <lamina/error.hpp>

#include "io/hdf5/h5_read.hpp"

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace lamina::io {
namespace {

[[noreturn]] void fail(const std::string& path, const std::string& what) { throw file_error(path + ": " + what); }

template <class T>
void convert(const std::vector<char>& raw, std::vector<double>& out) {
    const std::size_t n = raw.size() / sizeof(T);
    out.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        T v;
        std::memcpy(&v, raw.data() + i * sizeof(T), sizeof(T));
        out[i] = static_cast<double>(v);
    }
}

array2d read_npy(const std::string& path, std::size_t max_dims) {
    std::ifstream in(path, std::ios::binary);
    if (!in) fail(path, "cannot open the array file");
    char magic[8];
    if (!in.read(magic, 8) || std::memcmp(magic, "\x93NUMPY", 6) != 0)
        fail(path, "not a .npy file (the magic \\x93NUMPY is missing)");
    const int major = static_cast<unsigned char>(magic[6]);
    std::uint32_t header_len = 0;
    unsigned char len_bytes[4] = {0, 0, 0, 0};
    const int len_size = major == 1 ? 2 : 4;
    if (!in.read(reinterpret_cast<char*>(len_bytes), len_size)) fail(path, "truncated .npy header");
    for (int i = len_size - 1; i >= 0; --i) header_len = (header_len << 8) | len_bytes[i];
    std::string header(header_len, '\0');
    if (!in.read(header.data(), header_len)) fail(path, "truncated .npy header");
    std::smatch m;
    if (!std::regex_search(header, m, std::regex("'descr'\\s*:\\s*'([<>|=]?)([a-z])(\\d+)'")))
        fail(path, "the .npy header has no 'descr'");
    const std::string order = m[1], kind = m[2];
    const int bytes = std::stoi(m[3]);
    if (order == ">") fail(path, "big-endian .npy arrays are not supported; save with dtype '<f8'");
    const bool fortran = std::regex_search(header, std::regex("'fortran_order'\\s*:\\s*True"));
    if (!std::regex_search(header, m, std::regex("'shape'\\s*:\\s*\\(([^)]*)\\)"))) fail(path, "the .npy header has no 'shape'");
    std::vector<std::size_t> shape;
    const std::string dims = m[1];
    const std::regex number("\\d+");
    for (std::sregex_iterator it(dims.begin(), dims.end(), number), end; it != end; ++it)
        shape.push_back(std::stoull(it->str()));
    if (shape.empty() || shape.size() > max_dims)
        fail(path, "expected a 1-D" + std::string(max_dims == 3 ? ", 2-D or 3-D" : " or 2-D") + " array, got " +
                       std::to_string(shape.size()) + " dimensions");
    array2d a;
    a.shape = shape;
    a.rows = shape[0];
    a.cols = 1;
    for (std::size_t k = 1; k < shape.size(); ++k) a.cols *= shape[k];
    if (fortran && shape.size() > 2) fail(path, "3-D arrays must be in C order (numpy's default)");
    std::vector<char> raw(a.rows * a.cols * static_cast<std::size_t>(bytes));
    if (!in.read(raw.data(), static_cast<std::streamsize>(raw.size())))
        fail(path, "the data are shorter than the header's shape says");
    if (kind == "f" && bytes == 8) convert<double>(raw, a.values);
    else if (kind == "f" && bytes == 4) convert<float>(raw, a.values);
    else if (kind == "i" && bytes == 8) convert<std::int64_t>(raw, a.values);
    else if (kind == "i" && bytes == 4) convert<std::int32_t>(raw, a.values);
    else if (kind == "u" && bytes == 8) convert<std::uint64_t>(raw, a.values);
    else fail(path, "unsupported dtype '" + kind + std::to_string(bytes) + "' (expected float64, float32, int64, int32 or uint64)");
    if (fortran && a.cols > 1) {
        std::vector<double> t(a.values.size());
        for (std::size_t i = 0; i < a.rows; ++i)
            for (std::size_t j = 0; j < a.cols; ++j) t[i * a.cols + j] = a.values[j * a.rows + i];
        a.values = std::move(t);
    }
    return a;
}

array2d read_h5(const std::string& path, const std::string& dataset, std::size_t max_dims) {
    if (dataset.empty()) fail(path, "an HDF5 array file needs `dataset` (the path of the dataset inside the file)");
    auto file = h5_open_read(path);
    h5_dataset d(file.get(), dataset, path, "a numeric array");
    if (d.rank() < 1 || static_cast<std::size_t>(d.rank()) > max_dims)
        d.fail("expected a 1-D" + std::string(max_dims == 3 ? ", 2-D or 3-D" : " or 2-D") + " numeric array, got " +
               h5_shape_text(d.dims()));
    if (d.type_class() != H5T_FLOAT && d.type_class() != H5T_INTEGER) d.fail("expected a numeric array");
    array2d a;
    a.rows = d.dims()[0];
    a.cols = 1;
    for (int k = 0; k < d.rank(); ++k) a.shape.push_back(static_cast<std::size_t>(d.dims()[static_cast<std::size_t>(k)]));
    for (std::size_t k = 1; k < a.shape.size(); ++k) a.cols *= a.shape[k];
    a.values = d.read_all_doubles_any_shape();
    return a;
}

array2d read_csv(const std::string& path) {
    std::ifstream in(path);
    if (!in) fail(path, "cannot open the array file");
    array2d a;
    std::string line;
    std::size_t line_no = 0;
    while (std::getline(in, line)) {
        ++line_no;
        if (const auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
        for (char& c : line)
            if (c == ',' || c == ';' || c == '\t' || c == '\r') c = ' ';
        std::istringstream row(line);
        std::vector<double> vals;
        std::string tok;
        while (row >> tok) {
            std::size_t used = 0;
            double v = 0.0;
            try {
                v = std::stod(tok, &used);
            } catch (const std::exception&) {
                used = 0;
            }
            if (used != tok.size()) fail(path + ":" + std::to_string(line_no), "\"" + tok + "\" is not a number");
            vals.push_back(v);
        }
        if (vals.empty()) continue;
        if (a.rows == 0) a.cols = vals.size();
        else if (vals.size() != a.cols)
            fail(path + ":" + std::to_string(line_no), std::to_string(vals.size()) + " values; the first row had " +
                                                           std::to_string(a.cols));
        a.values.insert(a.values.end(), vals.begin(), vals.end());
        ++a.rows;
    }
    if (a.rows == 0) fail(path, "no numbers in the file");
    return a;
}

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

array2d read_array_file(const std::string& path, const std::string& dataset) {
    if (!std::filesystem::exists(path)) fail(path, "the array file does not exist");
    if (ends_with(path, ".npy")) return read_npy(path, 2);
    if (ends_with(path, ".h5") || ends_with(path, ".hdf5")) return read_h5(path, dataset, 2);
    if (ends_with(path, ".csv") || ends_with(path, ".txt") || ends_with(path, ".tsv")) return read_csv(path);
    fail(path, "unknown array file type (expected .npy, .h5/.hdf5, or .csv/.txt)");
}

array2d read_array3_file(const std::string& path, const std::string& dataset) {
    if (!std::filesystem::exists(path)) fail(path, "the array file does not exist");
    if (ends_with(path, ".npy")) return read_npy(path, 3);
    if (ends_with(path, ".h5") || ends_with(path, ".hdf5")) return read_h5(path, dataset, 3);
    fail(path, "unknown array file type for a 3-D array (expected .npy or .h5/.hdf5)");
}

std::string resolve_beside(const std::string& model_file, const std::string& path) {
    namespace fs = std::filesystem;
    const fs::path p(path);
    if (p.is_absolute() || model_file.empty() || model_file.front() == '<') return path;
    return (fs::path(model_file).parent_path() / p).string();
}

}  // namespace lamina::io
