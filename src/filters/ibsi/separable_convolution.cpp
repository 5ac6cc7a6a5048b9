#include "filters/ibsi/separable_convolution.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace radstudy::filters::ibsi {

Volume volume_of(const core::IntensityImage& image) {
  Volume volume(image.size());
  std::copy(image.voxels().begin(), image.voxels().end(), volume.voxels.begin());
  return volume;
}

core::IntensityImage image_of(const Volume& volume, const core::Geometry& geometry) {
  core::IntensityImage image(geometry);
  std::transform(volume.voxels.begin(), volume.voxels.end(), image.voxels().begin(),
                 [](double value) { return static_cast<float>(value); });
  return image;
}

namespace {

long half_length(const std::vector<double>& kernel) {
  if (kernel.empty() || kernel.size() % 2 == 0)
    throw std::invalid_argument("convolution kernels must have an odd number of taps");
  return static_cast<long>(kernel.size() - 1) / 2;
}

// Along x: each line is copied with its boundary extension, then correlated with the reversed kernel.
void convolve_x(const Volume& input, Volume& output, const std::vector<double>& kernel,
                BoundaryCondition condition) {
  const long half = half_length(kernel);
  const long nx = static_cast<long>(input.size[0]);
  const std::vector<double> reversed(kernel.rbegin(), kernel.rend());
  std::vector<double> line(static_cast<std::size_t>(nx + 2 * half));
  const std::size_t lines = input.size[1] * input.size[2];
  for (std::size_t l = 0; l < lines; ++l) {
    const double* in = input.voxels.data() + l * input.size[0];
    double* out = output.voxels.data() + l * output.size[0];
    for (long t = 0; t < nx + 2 * half; ++t) {
      const long source = boundary_index(t - half, nx, condition);
      line[static_cast<std::size_t>(t)] = source < 0 ? 0.0 : in[source];
    }
    // out[i] = sum_j kernel[j] in[i + h - j] = sum_j reversed[j] line[i + j].
    for (long i = 0; i < nx; ++i) {
      double sum = 0.0;
      const double* window = line.data() + i;
      for (std::size_t j = 0; j < reversed.size(); ++j) sum += reversed[j] * window[j];
      out[i] = sum;
    }
  }
}

// Along y or z: whole rows (y) or planes (z) are added, scaled by the kernel's taps, so that the inner
// loop runs over contiguous x.
void convolve_strided(const Volume& input, Volume& output, int axis, const std::vector<double>& kernel,
                      BoundaryCondition condition) {
  const long half = half_length(kernel);
  const long n = static_cast<long>(input.size[axis]);
  // A "block" is what one step along the axis moves: a row of x (axis y) or a plane of x, y (axis z).
  const std::size_t block = axis == 1 ? input.size[0] : input.size[0] * input.size[1];
  const std::size_t outer = axis == 1 ? input.size[2] : 1;
  const std::size_t outer_stride = block * static_cast<std::size_t>(n);
  for (std::size_t o = 0; o < outer; ++o) {
    const double* in = input.voxels.data() + o * outer_stride;
    double* out = output.voxels.data() + o * outer_stride;
    for (long i = 0; i < n; ++i) {
      double* target = out + static_cast<std::size_t>(i) * block;
      bool written = false;  // the first contributing tap assigns, the others add
      for (long j = 0; j < static_cast<long>(kernel.size()); ++j) {
        const long source = boundary_index(i + half - j, n, condition);
        const double weight = kernel[static_cast<std::size_t>(j)];
        if (source < 0 || weight == 0.0) continue;
        const double* row = in + static_cast<std::size_t>(source) * block;
        if (written) {
          for (std::size_t x = 0; x < block; ++x) target[x] += weight * row[x];
        } else {
          for (std::size_t x = 0; x < block; ++x) target[x] = weight * row[x];
          written = true;
        }
      }
      if (!written) std::fill(target, target + block, 0.0);
    }
  }
}

}  // namespace

void convolve_axis_into(const Volume& input, int axis, const std::vector<double>& kernel,
                        BoundaryCondition condition, Volume& output) {
  if (axis < 0 || axis > 2) throw std::invalid_argument("convolve_axis: axis must be 0, 1 or 2");
  if (&input == &output) throw std::invalid_argument("convolve_axis: the output must not be the input");
  if (output.size != input.size || output.voxels.size() != input.voxels.size()) {
    output.size = input.size;
    output.voxels.resize(input.voxels.size());
  }
  if (input.voxels.empty()) return;
  if (axis == 0)
    convolve_x(input, output, kernel, condition);
  else
    convolve_strided(input, output, axis, kernel, condition);
}

Volume convolve_axis(const Volume& input, int axis, const std::vector<double>& kernel,
                     BoundaryCondition condition) {
  Volume output;
  convolve_axis_into(input, axis, kernel, condition, output);
  return output;
}

Volume convolve_separable(const Volume& input, const std::array<std::vector<double>, 3>& kernels,
                          BoundaryCondition condition) {
  Volume result = input, scratch;
  for (int axis = 0; axis < 3; ++axis)
    if (!kernels[axis].empty()) {
      convolve_axis_into(result, axis, kernels[axis], condition, scratch);
      std::swap(result, scratch);
    }
  return result;
}

Volume convolve_small_kernel(const Volume& input, const Volume& kernel, BoundaryCondition condition) {
  for (int axis = 0; axis < 3; ++axis)
    if (kernel.size[axis] % 2 == 0)
      throw std::invalid_argument("convolve_small_kernel: the kernel needs an odd size on every axis");
  const long hx = static_cast<long>(kernel.size[0] / 2), hy = static_cast<long>(kernel.size[1] / 2),
             hz = static_cast<long>(kernel.size[2] / 2);
  const long nx = static_cast<long>(input.size[0]), ny = static_cast<long>(input.size[1]),
             nz = static_cast<long>(input.size[2]);
  Volume output(input.size);
  for (long z = 0; z < nz; ++z)
    for (long y = 0; y < ny; ++y)
      for (long x = 0; x < nx; ++x) {
        double sum = 0.0;
        for (long kz = -hz; kz <= hz; ++kz) {
          const long sz = boundary_index(z - kz, nz, condition);
          if (sz < 0) continue;
          for (long ky = -hy; ky <= hy; ++ky) {
            const long sy = boundary_index(y - ky, ny, condition);
            if (sy < 0) continue;
            for (long kx = -hx; kx <= hx; ++kx) {
              const long sx = boundary_index(x - kx, nx, condition);
              if (sx < 0) continue;
              sum += kernel.at(static_cast<std::size_t>(kx + hx), static_cast<std::size_t>(ky + hy),
                               static_cast<std::size_t>(kz + hz)) *
                     input.at(static_cast<std::size_t>(sx), static_cast<std::size_t>(sy),
                              static_cast<std::size_t>(sz));
            }
          }
        }
        output.at(static_cast<std::size_t>(x), static_cast<std::size_t>(y), static_cast<std::size_t>(z)) =
            sum;
      }
  return output;
}

}  // namespace radstudy::filters::ibsi
