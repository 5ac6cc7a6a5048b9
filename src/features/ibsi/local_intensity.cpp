#include "features/ibsi/local_intensity.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "features/common/feature_table.hpp"

namespace radstudy::features::ibsi {
namespace {

const std::vector<FeatureSpec> kLocFeatures = {
    {"LocalIntensityPeak", "VJGA", ""},   // highest sphere mean centred on a maximum-intensity voxel
    {"GlobalIntensityPeak", "0F91", ""},  // highest sphere mean centred on any intensity-mask voxel
};

std::vector<FeatureDescription> describe(const settings::ExtractionSettings&) {
  return describe_features("loc", kLocFeatures);
}

// Sphere means through per-row prefix sums: the sphere is a set of x-runs, one per (dy, dz).
class SphereMean {
public:
  explicit SphereMean(const core::IntensityImage& image) : image_(image) {
    const auto& size = image.size();
    const auto& spacing = image.spacing();
    const double radius = 10.0 * std::cbrt(3.0 / (4.0 * std::numbers::pi));  // millimetres
    const long reach_y = static_cast<long>(std::floor(radius / spacing[1]));
    const long reach_z = static_cast<long>(std::floor(radius / spacing[2]));
    for (long dz = -reach_z; dz <= reach_z; ++dz)
      for (long dy = -reach_y; dy <= reach_y; ++dy) {
        const double remaining = radius * radius - std::pow(dy * spacing[1], 2) - std::pow(dz * spacing[2], 2);
        if (remaining < 0) continue;
        runs_.push_back({dy, dz, static_cast<long>(std::floor(std::sqrt(remaining) / spacing[0]))});
      }
    row_length_ = size[0] + 1;
    prefix_.assign(row_length_ * size[1] * size[2], 0.0);
    for (std::size_t z = 0; z < size[2]; ++z)
      for (std::size_t y = 0; y < size[1]; ++y) {
        double* row = &prefix_[row_length_ * (y + size[1] * z)];
        for (std::size_t x = 0; x < size[0]; ++x) row[x + 1] = row[x] + image.at(x, y, z);
      }
  }

  double at(long x, long y, long z) const {
    const auto& size = image_.size();
    double sum = 0.0;
    long count = 0;
    for (const auto& run : runs_) {
      const long ry = y + run.dy, rz = z + run.dz;
      if (ry < 0 || rz < 0 || ry >= static_cast<long>(size[1]) || rz >= static_cast<long>(size[2])) continue;
      const long first = std::max(0L, x - run.half_width);
      const long last = std::min(static_cast<long>(size[0]) - 1, x + run.half_width);
      const double* row = &prefix_[row_length_ * static_cast<std::size_t>(ry + static_cast<long>(size[1]) * rz)];
      sum += row[last + 1] - row[first];
      count += last - first + 1;
    }
    return sum / static_cast<double>(count);
  }

private:
  struct Run {
    long dy, dz, half_width;
  };
  const core::IntensityImage& image_;
  std::vector<Run> runs_;
  std::size_t row_length_ = 0;
  std::vector<double> prefix_;
};

FeatureValues compute(const RegionData& region) {
  const SphereMean sphere_mean(region.image);
  const auto& size = region.image.size();
  double maximum = -INFINITY;
  for (std::size_t k = 0; k < region.image.voxel_count(); ++k)
    if (region.intensity_mask.voxels()[k]) maximum = std::max(maximum, static_cast<double>(region.image.voxels()[k]));
  double local_peak = -INFINITY, global_peak = -INFINITY;
  for (std::size_t z = 0; z < size[2]; ++z)
    for (std::size_t y = 0; y < size[1]; ++y)
      for (std::size_t x = 0; x < size[0]; ++x) {
        if (!region.intensity_mask.at(x, y, z)) continue;
        const double mean = sphere_mean.at(static_cast<long>(x), static_cast<long>(y), static_cast<long>(z));
        global_peak = std::max(global_peak, mean);
        if (region.image.at(x, y, z) == maximum) local_peak = std::max(local_peak, mean);
      }
  return name_values(describe(region.settings), {local_peak, global_peak});
}

}  // namespace

FeatureFamily make_loc_family() {
  return {"loc", "IBSI local and global intensity peaks (1 cm^3 sphere)", describe, compute};
}

}  // namespace radstudy::features::ibsi
