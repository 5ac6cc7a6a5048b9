#pragma once
#include <complex>
#include <cstddef>
#include <functional>
#include <vector>

#include "filters/boundary_condition.hpp"
#include "filters/ibsi/separable_convolution.hpp"

namespace radstudy::filters::ibsi {

// A 2D kernel of (2 row_half + 1) x (2 column_half + 1) taps, row-major, centred: the tap at offset
// (dr, dc) is taps[(dr + row_half) * (2 column_half + 1) + dc + column_half].
struct PlaneKernel {
  long row_half = 0;
  long column_half = 0;
  std::vector<std::complex<double>> taps;
};

// One filtered slice: response[r * columns + c] for row r (along the row axis) and column c.
using PlaneResponseSink = std::function<void(std::size_t kernel_index, std::size_t slice,
                                             const std::vector<std::complex<double>>& response)>;

// Convolves each slice of `input` spanned by row_axis and column_axis (0 = x, 1 = y, 2 = z; the slices
// run along the third axis) with every kernel (all of the same size) by FFT: the slice is extended by
// the kernel's half size through `condition` (the convolution is then exactly the direct sum, as with
// padding in MIRP), zero-padded to FFTW-friendly sizes, transformed once, and multiplied by each
// kernel's transform. Each slice's transform is shared by all kernels (e.g. the orientations of a
// rotation-invariant Gabor filter). FFTW plans (FFTW_ESTIMATE) are made under core::fftw_planner_mutex.
void convolve_planes(const Volume& input, int row_axis, int column_axis,
                     const std::vector<PlaneKernel>& kernels, BoundaryCondition condition,
                     const PlaneResponseSink& sink);

}  // namespace radstudy::filters::ibsi
