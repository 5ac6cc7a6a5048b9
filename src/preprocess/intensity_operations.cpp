#include "preprocess/intensity_operations.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/errors.hpp"

namespace radstudy::preprocess {
namespace {

struct RegionMoments {
  double mean = 0.0;
  double population_sd = 0.0;
  double maximum = -std::numeric_limits<double>::infinity();
  std::size_t count = 0;
};

RegionMoments region_moments(const core::IntensityImage& image, const core::Mask& mask) {
  RegionMoments moments;
  double sum = 0.0;
  const auto& voxels = image.voxels();
  const auto& inside = mask.voxels();
  for (std::size_t k = 0; k < voxels.size(); ++k)
    if (inside[k]) {
      sum += voxels[k];
      moments.maximum = std::max(moments.maximum, static_cast<double>(voxels[k]));
      ++moments.count;
    }
  if (moments.count == 0) throw InputError("the region is empty");
  moments.mean = sum / static_cast<double>(moments.count);
  double squares = 0.0;
  for (std::size_t k = 0; k < voxels.size(); ++k)
    if (inside[k]) squares += (voxels[k] - moments.mean) * (voxels[k] - moments.mean);
  moments.population_sd = std::sqrt(squares / static_cast<double>(moments.count));
  return moments;
}

void keep_within(const core::IntensityImage& image, core::Mask& mask, double lower, double upper) {
  auto& inside = mask.voxels();
  const auto& voxels = image.voxels();
  for (std::size_t k = 0; k < inside.size(); ++k)
    if (inside[k] && !(voxels[k] >= lower && voxels[k] <= upper)) inside[k] = 0;
}

}  // namespace

void normalize_image(core::IntensityImage& image, double scale, std::optional<double> remove_outliers) {
  auto& voxels = image.voxels();
  const double count = static_cast<double>(voxels.size());
  double sum = 0.0, sum_of_squares = 0.0;
  for (float value : voxels) {
    sum += value;
    sum_of_squares += static_cast<double>(value) * value;
  }
  const double mean = sum / count;
  const double variance = (sum_of_squares - sum * sum / count) / (count - 1.0);
  const double sd = std::sqrt(variance);
  if (!(sd > 0.0)) throw NumericalError("normalize: the image has a single intensity");
  for (float& value : voxels) {
    double normalized = (value - mean) * (1.0 / sd);
    if (remove_outliers) normalized = std::clamp(normalized, -*remove_outliers, *remove_outliers);
    value = static_cast<float>(normalized * scale);
  }
  image.set_stored_pixel_type(core::PixelType::Float64);
}

void round_intensities(core::IntensityImage& image) {
  for (float& value : image.voxels()) value = std::nearbyint(value);
}

void resegment_by_range(const core::IntensityImage& image, core::Mask& mask, std::vector<double> range,
                        settings::ResegmentMode mode) {
  if (range.empty()) return;
  std::sort(range.begin(), range.end());
  if (mode != settings::ResegmentMode::Absolute) {
    const RegionMoments moments = region_moments(image, mask);
    for (double& threshold : range)
      threshold = mode == settings::ResegmentMode::Relative ? moments.maximum * threshold
                                                            : moments.mean + moments.population_sd * threshold;
  }
  const double upper = range.size() > 1 ? range[1] : std::numeric_limits<double>::infinity();
  keep_within(image, mask, range[0], upper);
}

void resegment_outliers(const core::IntensityImage& image, core::Mask& mask, double sigma) {
  const RegionMoments moments = region_moments(image, mask);
  keep_within(image, mask, moments.mean - sigma * moments.population_sd, moments.mean + sigma * moments.population_sd);
}

std::size_t count_voxels(const core::Mask& mask) {
  std::size_t count = 0;
  for (auto value : mask.voxels()) count += value != 0;
  return count;
}

}  // namespace radstudy::preprocess
