#include "features/ibsi/spatial_autocorrelation.hpp"

#include <fftw3.h>

#include <cmath>
#include <complex>
#include <memory>
#include <mutex>
#include <vector>

#include "core/fftw_support.hpp"
#include "preprocess/bounding_box.hpp"

namespace radstudy::features::ibsi {
namespace {

struct MaskedVoxel {
  long x, y, z;
  double value;  // centred
};

struct CentredRegion {
  std::vector<MaskedVoxel> voxels;  // in the bounding box's coordinates
  core::Index3 box_size{0, 0, 0};
  double squares = 0.0;  // sum of squared centred values
};

CentredRegion centred_region(const core::IntensityImage& image, const core::Mask& mask) {
  CentredRegion region;
  const auto box = preprocess::find_bounding_box(mask);
  if (box.empty()) return region;
  for (int axis = 0; axis < 3; ++axis) region.box_size[axis] = static_cast<long>(box.extent(axis));
  for (long z = box.lower[2]; z <= box.upper[2]; ++z)
    for (long y = box.lower[1]; y <= box.upper[1]; ++y)
      for (long x = box.lower[0]; x <= box.upper[0]; ++x) {
        const auto ux = static_cast<std::size_t>(x), uy = static_cast<std::size_t>(y),
                   uz = static_cast<std::size_t>(z);
        if (mask.at(ux, uy, uz))
          region.voxels.push_back(
              {x - box.lower[0], y - box.lower[1], z - box.lower[2], image.at(ux, uy, uz)});
      }
  double mean = 0.0;
  for (const auto& voxel : region.voxels) mean += voxel.value;
  mean /= static_cast<double>(region.voxels.size());
  for (auto& voxel : region.voxels) {
    voxel.value -= mean;
    region.squares += voxel.value * voxel.value;
  }
  return region;
}

double inverse_distance(long dx, long dy, long dz, const core::Vec3& spacing) {
  const double x = static_cast<double>(dx) * spacing[0], y = static_cast<double>(dy) * spacing[1],
               z = static_cast<double>(dz) * spacing[2];
  const double distance = std::sqrt(x * x + y * y + z * z);
  return distance > 0 ? 1.0 / distance : 0.0;
}

std::pair<double, double> moran_and_geary(double count, double weight_sum, double moran_sum, double geary_sum,
                                          double squares) {
  if (count < 2 || squares == 0) return {std::nan(""), std::nan("")};
  return {count / weight_sum * moran_sum / squares, (count - 1.0) / (2.0 * weight_sum) * geary_sum / squares};
}

using core::fftw_buffer;
using core::FftwBuffer;

// Linear convolution of fields on a box by the inverse-distance kernel, through one pair of FFTW plans.
class InverseDistanceConvolution {
 public:
  InverseDistanceConvolution(const core::Index3& box_size, const core::Vec3& spacing) {
    for (int axis = 0; axis < 3; ++axis) padded_[axis] = core::fftw_fast_size(2 * box_size[axis] - 1);
    real_count_ = static_cast<std::size_t>(padded_[0] * padded_[1] * padded_[2]);
    complex_count_ = static_cast<std::size_t>(padded_[2] * padded_[1] * (padded_[0] / 2 + 1));
    real_ = fftw_buffer<double>(real_count_);
    spectrum_ = fftw_buffer<fftw_complex>(complex_count_);
    kernel_ = fftw_buffer<fftw_complex>(complex_count_);
    {
      std::lock_guard lock(core::fftw_planner_mutex());
      // FFTW's dimensions run slowest first: z, y, x.
      forward_ =
          fftw_plan_dft_r2c_3d(static_cast<int>(padded_[2]), static_cast<int>(padded_[1]),
                               static_cast<int>(padded_[0]), real_.get(), spectrum_.get(), FFTW_ESTIMATE);
      backward_ =
          fftw_plan_dft_c2r_3d(static_cast<int>(padded_[2]), static_cast<int>(padded_[1]),
                               static_cast<int>(padded_[0]), spectrum_.get(), real_.get(), FFTW_ESTIMATE);
    }
    std::fill(real_.get(), real_.get() + real_count_, 0.0);
    for (long dz = -(box_size[2] - 1); dz < box_size[2]; ++dz)
      for (long dy = -(box_size[1] - 1); dy < box_size[1]; ++dy)
        for (long dx = -(box_size[0] - 1); dx < box_size[0]; ++dx)
          real_[wrapped_index(dx, dy, dz)] = inverse_distance(dx, dy, dz, spacing);
    fftw_execute_dft_r2c(forward_, real_.get(), kernel_.get());
  }
  ~InverseDistanceConvolution() {
    std::lock_guard lock(core::fftw_planner_mutex());
    fftw_destroy_plan(forward_);
    fftw_destroy_plan(backward_);
  }
  InverseDistanceConvolution(const InverseDistanceConvolution&) = delete;
  InverseDistanceConvolution& operator=(const InverseDistanceConvolution&) = delete;

  // (K * f) at each voxel, f given by its value at each voxel (0 elsewhere).
  template <typename Value>
  std::vector<double> at_voxels(const std::vector<MaskedVoxel>& voxels, Value value) {
    std::fill(real_.get(), real_.get() + real_count_, 0.0);
    for (const auto& voxel : voxels) real_[wrapped_index(voxel.x, voxel.y, voxel.z)] = value(voxel);
    fftw_execute_dft_r2c(forward_, real_.get(), spectrum_.get());
    for (std::size_t k = 0; k < complex_count_; ++k) {
      const std::complex<double> product = std::complex<double>(spectrum_[k][0], spectrum_[k][1]) *
                                           std::complex<double>(kernel_[k][0], kernel_[k][1]);
      spectrum_[k][0] = product.real();
      spectrum_[k][1] = product.imag();
    }
    fftw_execute_dft_c2r(backward_, spectrum_.get(), real_.get());
    const double scale = 1.0 / static_cast<double>(real_count_);
    std::vector<double> result;
    result.reserve(voxels.size());
    for (const auto& voxel : voxels)
      result.push_back(real_[wrapped_index(voxel.x, voxel.y, voxel.z)] * scale);
    return result;
  }

 private:
  std::size_t wrapped_index(long x, long y, long z) const {
    auto wrap = [](long value, long size) { return value < 0 ? value + size : value; };
    return static_cast<std::size_t>(wrap(x, padded_[0]) +
                                    padded_[0] * (wrap(y, padded_[1]) + padded_[1] * wrap(z, padded_[2])));
  }

  core::Index3 padded_{1, 1, 1};
  std::size_t real_count_ = 0, complex_count_ = 0;
  FftwBuffer<double> real_;
  FftwBuffer<fftw_complex> spectrum_, kernel_;
  fftw_plan forward_ = nullptr, backward_ = nullptr;
};

}  // namespace

std::pair<double, double> spatial_autocorrelation(const core::IntensityImage& image, const core::Mask& mask) {
  const auto region = centred_region(image, mask);
  const auto& voxels = region.voxels;
  if (voxels.size() < 2 || region.squares == 0) return {std::nan(""), std::nan("")};
  InverseDistanceConvolution convolution(region.box_size, mask.spacing());
  const auto weights_reaching = convolution.at_voxels(voxels, [](const MaskedVoxel&) { return 1.0; });
  const auto weighted_values =
      convolution.at_voxels(voxels, [](const MaskedVoxel& voxel) { return voxel.value; });
  double weight_sum = 0.0, moran_sum = 0.0, squared_weighted = 0.0;
  for (std::size_t i = 0; i < voxels.size(); ++i) {
    weight_sum += weights_reaching[i];
    moran_sum += voxels[i].value * weighted_values[i];
    squared_weighted += voxels[i].value * voxels[i].value * weights_reaching[i];
  }
  return moran_and_geary(static_cast<double>(voxels.size()), weight_sum, moran_sum,
                         2.0 * squared_weighted - 2.0 * moran_sum, region.squares);
}

std::pair<double, double> spatial_autocorrelation_by_pairs(const core::IntensityImage& image,
                                                           const core::Mask& mask) {
  const auto region = centred_region(image, mask);
  const auto& voxels = region.voxels;
  double weight_sum = 0.0, moran_sum = 0.0, geary_sum = 0.0;  // over ordered pairs i != j
  for (std::size_t i = 0; i < voxels.size(); ++i)
    for (std::size_t j = i + 1; j < voxels.size(); ++j) {
      const double weight = inverse_distance(voxels[j].x - voxels[i].x, voxels[j].y - voxels[i].y,
                                             voxels[j].z - voxels[i].z, mask.spacing());
      const double difference = voxels[i].value - voxels[j].value;
      weight_sum += 2 * weight;
      moran_sum += 2 * weight * voxels[i].value * voxels[j].value;
      geary_sum += 2 * weight * difference * difference;
    }
  return moran_and_geary(static_cast<double>(voxels.size()), weight_sum, moran_sum, geary_sum,
                         region.squares);
}

}  // namespace radstudy::features::ibsi
