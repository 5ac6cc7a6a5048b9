#include "filters/ibsi/fourier_filtering.hpp"

#include <fftw3.h>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <numbers>

#include "core/fftw_support.hpp"

namespace radstudy::filters::ibsi {
namespace {

using core::fftw_buffer;
using core::FftwBuffer;

double factorial(int n) {
  double value = 1.0;
  for (int k = 2; k <= n; ++k) value *= k;
  return value;
}

}  // namespace

// One forward and one inverse plan on buffers of the padded size; executed on new buffers of the same
// (fftw_malloc) alignment.
struct PaddedSpectrum::Plans {
  fftw_plan forward = nullptr;
  fftw_plan backward = nullptr;
  ~Plans() {
    std::lock_guard lock(core::fftw_planner_mutex());
    if (forward) fftw_destroy_plan(forward);
    if (backward) fftw_destroy_plan(backward);
  }
};

PaddedSpectrum::PaddedSpectrum(const core::IntensityImage& image, BoundaryCondition boundary, long padding,
                               bool slice_by_slice)
    : geometry_(image.geometry()), image_size_(image.size()) {
  const int dimensions = slice_by_slice ? 2 : 3;
  std::array<long, 3> size{};
  for (int axis = 0; axis < 3; ++axis) size[axis] = static_cast<long>(image_size_[axis]);
  for (int axis = 0; axis < dimensions; ++axis) {
    if (boundary == BoundaryCondition::Periodic) {
      grid_[axis] = size[axis];
    } else {
      // Beyond one image width the extension only repeats itself (mirror, periodic) or is constant.
      const long pad = std::min(padding, size[axis]);
      offset_[axis] = pad;
      grid_[axis] = core::fftw_fast_size(size[axis] + 2 * pad);
    }
  }
  planes_ = slice_by_slice ? size[2] : 1;
  const long plane_real = grid_[0] * grid_[1] * grid_[2];
  complex_per_plane_ = static_cast<std::size_t>((grid_[0] / 2 + 1) * grid_[1] * grid_[2]);
  const std::size_t real_count = static_cast<std::size_t>(plane_real * planes_);
  const std::size_t complex_count = complex_per_plane_ * static_cast<std::size_t>(planes_);

  auto real = fftw_buffer<double>(real_count);
  auto spectrum = fftw_buffer<fftw_complex>(complex_count);
  plans_ = std::make_unique<Plans>();
  {
    std::lock_guard lock(core::fftw_planner_mutex());
    // FFTW's dimensions run slowest first: (z,) y, x.
    if (slice_by_slice) {
      const int n[2] = {static_cast<int>(grid_[1]), static_cast<int>(grid_[0])};
      const int planes = static_cast<int>(planes_);
      plans_->forward = fftw_plan_many_dft_r2c(2, n, planes, real.get(), nullptr, 1,
                                               static_cast<int>(plane_real), spectrum.get(), nullptr, 1,
                                               static_cast<int>(complex_per_plane_), FFTW_ESTIMATE);
      plans_->backward = fftw_plan_many_dft_c2r(2, n, planes, spectrum.get(), nullptr, 1,
                                                static_cast<int>(complex_per_plane_), real.get(), nullptr, 1,
                                                static_cast<int>(plane_real), FFTW_ESTIMATE);
    } else {
      const int nz = static_cast<int>(grid_[2]), ny = static_cast<int>(grid_[1]),
                nx = static_cast<int>(grid_[0]);
      plans_->forward = fftw_plan_dft_r2c_3d(nz, ny, nx, real.get(), spectrum.get(), FFTW_ESTIMATE);
      plans_->backward = fftw_plan_dft_c2r_3d(nz, ny, nx, spectrum.get(), real.get(), FFTW_ESTIMATE);
    }
  }
  if (!plans_->forward || !plans_->backward) throw std::bad_alloc();

  // The padded image: every padded position reads the image voxel its boundary rule names (or 0).
  const long gx = grid_[0], gy = grid_[1], gz = grid_[2];
  std::vector<long> source_x(static_cast<std::size_t>(gx)), source_y(static_cast<std::size_t>(gy)),
      source_z(static_cast<std::size_t>(gz));
  for (long x = 0; x < gx; ++x)
    source_x[static_cast<std::size_t>(x)] = boundary_index(x - offset_[0], size[0], boundary);
  for (long y = 0; y < gy; ++y)
    source_y[static_cast<std::size_t>(y)] = boundary_index(y - offset_[1], size[1], boundary);
  for (long z = 0; z < gz; ++z)
    source_z[static_cast<std::size_t>(z)] = boundary_index(z - offset_[2], size[2], boundary);
  const auto& voxels = image.voxels();
  for (long plane = 0; plane < planes_; ++plane)
    for (long z = 0; z < gz; ++z)
      for (long y = 0; y < gy; ++y) {
        double* row = real.get() + plane * plane_real + gx * (y + gy * z);
        const long sy = source_y[static_cast<std::size_t>(y)];
        const long sz = slice_by_slice ? plane : source_z[static_cast<std::size_t>(z)];
        if (sy < 0 || sz < 0) {
          std::fill(row, row + gx, 0.0);
          continue;
        }
        const float* source = voxels.data() + size[0] * (sy + size[1] * sz);
        for (long x = 0; x < gx; ++x) {
          const long sx = source_x[static_cast<std::size_t>(x)];
          row[x] = sx < 0 ? 0.0 : static_cast<double>(source[sx]);
        }
      }
  fftw_execute_dft_r2c(plans_->forward, real.get(), spectrum.get());
  spectrum_.resize(complex_count);
  for (std::size_t k = 0; k < complex_count; ++k) spectrum_[k] = {spectrum[k][0], spectrum[k][1]};
}

PaddedSpectrum::~PaddedSpectrum() = default;

core::IntensityImage PaddedSpectrum::response(const TransferFunction& transfer) const {
  const long gx = grid_[0], gy = grid_[1], gz = grid_[2], half = gx / 2 + 1;
  // The transfer's Hermitian part on the half spectrum of one plane.
  std::vector<std::complex<double>> factor(complex_per_plane_);
  const double scale = 1.0 / static_cast<double>(gx * gy * gz);
  for (long z = 0; z < gz; ++z)
    for (long y = 0; y < gy; ++y)
      for (long x = 0; x < half; ++x) {
        const std::array<long, 3> index{x, y, z};
        const std::array<long, 3> opposite{(gx - x) % gx, (gy - y) % gy, (gz - z) % gz};
        factor[static_cast<std::size_t>(x + half * (y + gy * z))] =
            0.5 * scale * (transfer(index) + std::conj(transfer(opposite)));
      }
  const std::size_t complex_count = spectrum_.size();
  auto product = fftw_buffer<fftw_complex>(complex_count);
  for (long plane = 0; plane < planes_; ++plane)
    for (std::size_t k = 0; k < complex_per_plane_; ++k) {
      const std::size_t at = static_cast<std::size_t>(plane) * complex_per_plane_ + k;
      const std::complex<double> value = spectrum_[at] * factor[k];
      product[at][0] = value.real();
      product[at][1] = value.imag();
    }
  const long plane_real = gx * gy * gz;
  auto real = fftw_buffer<double>(static_cast<std::size_t>(plane_real * planes_));
  fftw_execute_dft_c2r(plans_->backward, product.get(), real.get());

  core::IntensityImage result(geometry_);
  const long nx = static_cast<long>(image_size_[0]), ny = static_cast<long>(image_size_[1]),
             nz = static_cast<long>(image_size_[2]);
  auto& out = result.voxels();
  for (long z = 0; z < nz; ++z) {
    const long plane = planes_ > 1 ? z : 0;
    const long pz = planes_ > 1 ? 0 : z + offset_[2];
    for (long y = 0; y < ny; ++y) {
      const double* row = real.get() + plane * plane_real + gx * ((y + offset_[1]) + gy * pz) + offset_[0];
      float* target = out.data() + nx * (y + ny * z);
      for (long x = 0; x < nx; ++x) target[x] = static_cast<float>(row[x]);
    }
  }
  return result;
}

double consensus_frequency(long index, long size) {
  if (size < 2) return 0.0;
  const double centre = static_cast<double>(size - 1) / 2.0;
  const long position = (index + size / 2) % size;  // ifftshift
  return (static_cast<double>(position) - centre) / centre;
}

double dft_frequency(long index, long size) {
  const long signed_index = index < (size + 1) / 2 ? index : index - size;
  return static_cast<double>(signed_index) / static_cast<double>(size);
}

double simoncelli_band(double radius, int level) {
  const double top = std::ldexp(1.0, 1 - level);
  if (radius < top / 4.0 || radius > top) return 0.0;
  return std::cos(std::numbers::pi / 2.0 * std::log2(2.0 * radius / top));
}

std::complex<double> riesz_transfer(const std::array<int, 3>& order, const std::array<double, 3>& frequency,
                                    int dimensions) {
  int total = 0;
  double squared = 0.0, numerator = 1.0, multinomial = 1.0;
  for (int axis = 0; axis < dimensions; ++axis) {
    total += order[axis];
    squared += frequency[axis] * frequency[axis];
    numerator *= std::pow(frequency[axis], order[axis]);
    multinomial *= factorial(order[axis]);
  }
  if (squared == 0.0) return {0.0, 0.0};
  const double magnitude =
      std::sqrt(factorial(total) / multinomial) * numerator / std::pow(std::sqrt(squared), total);
  // (-i)^L cycles through 1, -i, -1, i.
  switch (total % 4) {
    case 0:
      return {magnitude, 0.0};
    case 1:
      return {0.0, -magnitude};
    case 2:
      return {-magnitude, 0.0};
    default:
      return {0.0, magnitude};
  }
}

std::vector<std::array<int, 3>> riesz_orders_of_total(int total, int dimensions) {
  std::vector<std::array<int, 3>> orders;
  for (int first = total; first >= 0; --first) {
    if (dimensions == 2) {
      orders.push_back({first, total - first, 0});
      continue;
    }
    for (int second = total - first; second >= 0; --second)
      orders.push_back({first, second, total - first - second});
  }
  return orders;
}

// Voxels beyond the region that the Simoncelli band of `level` needs: its kernel has infinite support and
// widens as 2^(level - 1). With 16 x 2^(level - 1) voxels, a region's response stayed within 1% of its
// range of the whole-image response (mirror boundary, a CT of the sarcoma cohort, levels 1 and 2; see
// docs/design.md).
int simoncelli_margin(int level) {
  return 16 << (level - 1);
}

// The Simoncelli band of `level` at DFT index k of `grid` (radius in the consensus coordinates of the
// filtered axes).
double simoncelli_transfer(const std::array<long, 3>& index, const std::array<long, 3>& grid, int level) {
  double squared = 0.0;
  for (int axis = 0; axis < 3; ++axis) {
    const double frequency = consensus_frequency(index[axis], grid[axis]);
    squared += frequency * frequency;
  }
  return simoncelli_band(std::sqrt(squared), level);
}

int read_simoncelli_level(const FilterOptions& options) {
  const int level = options.integer("level", 1);
  options.require(level >= 1 && level <= 6, "level", level,
                  "the decomposition level is an integer from 1 (the highest frequencies) to 6");
  return level;
}

}  // namespace radstudy::filters::ibsi
