#pragma once
#include <array>
#include <cstddef>
#include <vector>

#include "core/image.hpp"
#include "filters/boundary_condition.hpp"

namespace radstudy::filters::ibsi {

// The working grid of the IBSI 2 filters: doubles, x fastest, on the input image's voxel grid.
struct Volume {
  core::Size3 size{0, 0, 0};
  std::vector<double> voxels;

  Volume() = default;
  explicit Volume(const core::Size3& grid_size, double fill = 0.0)
      : size(grid_size), voxels(grid_size[0] * grid_size[1] * grid_size[2], fill) {}
  std::size_t index(std::size_t x, std::size_t y, std::size_t z) const {
    return x + size[0] * (y + size[1] * z);
  }
  double& at(std::size_t x, std::size_t y, std::size_t z) { return voxels[index(x, y, z)]; }
  double at(std::size_t x, std::size_t y, std::size_t z) const { return voxels[index(x, y, z)]; }
};

Volume volume_of(const core::IntensityImage& image);
// The volume as float32 voxels on `geometry` (the filtered image handed to the features).
core::IntensityImage image_of(const Volume& volume, const core::Geometry& geometry);

// Convolution along one axis (0 = x, 1 = y, 2 = z) by an odd-length kernel centred on its middle tap:
// out[i] = sum_j kernel[j] * in[i + h - j], h = (length - 1) / 2, where positions outside the axis read
// through `condition` (scipy.ndimage.convolve1d with the same mode). Throws std::invalid_argument for an
// even or empty kernel.
Volume convolve_axis(const Volume& input, int axis, const std::vector<double>& kernel,
                     BoundaryCondition condition);
// The same into `output` (resized to the input's size; its buffer is reused when the size matches).
// `output` must not be `input`.
void convolve_axis_into(const Volume& input, int axis, const std::vector<double>& kernel,
                        BoundaryCondition condition, Volume& output);

// A separable kernel: one 1D kernel per axis; an empty kernel leaves that axis alone (2D = x and y only).
Volume convolve_separable(const Volume& input, const std::array<std::vector<double>, 3>& kernels,
                          BoundaryCondition condition);

// Convolution by a general small 3D kernel (odd size on every axis, centred), every tap read through
// `condition`. Direct sum: for kernels of a few hundred taps; larger or non-separable kernels go through
// plane_fft_convolution.
Volume convolve_small_kernel(const Volume& input, const Volume& kernel, BoundaryCondition condition);

}  // namespace radstudy::filters::ibsi
