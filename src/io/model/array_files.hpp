#pragma once
// Numeric arrays named in model files (connectivity matrices, readout weights, input series):
// NumPy .npy (little-endian float64/float32/int64/int32, C or Fortran order, 1-D or 2-D),
// HDF5 (.h5/.hdf5: one numeric dataset, 1-D or 2-D, named by `dataset`) and CSV (numbers
// separated by commas or blanks, one row per line; '#' starts a comment). Every failure is a
// file_error naming the file and what was expected.
#include <cstddef>
#include <string>
#include <vector>

namespace lamina::io {

struct array2d {
    std::vector<double> values;  ///< row-major
    std::size_t rows = 0, cols = 0;
    std::vector<std::size_t> shape;  ///< as stored (.npy, HDF5); cols = the product of shape[1:]
};

/// Reads a 1-D (one row... as rows = n, cols = 1) or 2-D array. `dataset` is used for HDF5 only.
array2d read_array_file(const std::string& path, const std::string& dataset = {});

/// The same for 1-D to 3-D arrays (.npy and HDF5 only): rows = shape[0], cols = the rest.
array2d read_array3_file(const std::string& path, const std::string& dataset = {});

/// `path` relative to the directory of `model_file` unless absolute.
std::string resolve_beside(const std::string& model_file, const std::string& path);

}  // namespace lamina::io
