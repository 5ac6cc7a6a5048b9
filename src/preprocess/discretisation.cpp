#include "preprocess/discretisation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/errors.hpp"

namespace radstudy::preprocess {
namespace {

std::pair<double, double> region_range(const core::IntensityImage& image, const core::Mask& mask) {
  double minimum = std::numeric_limits<double>::infinity();
  double maximum = -minimum;
  const auto& voxels = image.voxels();
  const auto& inside = mask.voxels();
  for (std::size_t k = 0; k < voxels.size(); ++k)
    if (inside[k]) {
      minimum = std::min(minimum, static_cast<double>(voxels[k]));
      maximum = std::max(maximum, static_cast<double>(voxels[k]));
    }
  if (minimum > maximum) throw InputError("the region holds no voxel to discretise");
  return {minimum, maximum};
}

}  // namespace

DiscretisedImage discretise_fixed_bin_width(const core::IntensityImage& image, const core::Mask& intensity_mask,
                                            double bin_width, double lower_bound) {
  DiscretisedImage result{core::Image<int>(image.geometry(), 0), 0, lower_bound};
  const auto& voxels = image.voxels();
  const auto& inside = intensity_mask.voxels();
  auto& levels = result.levels.voxels();
  for (std::size_t k = 0; k < voxels.size(); ++k) {
    if (!inside[k]) continue;
    const int level = static_cast<int>(std::floor((voxels[k] - lower_bound) / bin_width)) + 1;
    levels[k] = std::max(level, 1);
    result.level_count = std::max(result.level_count, levels[k]);
  }
  return result;
}

DiscretisedImage discretise_fixed_bin_count(const core::IntensityImage& image, const core::Mask& intensity_mask,
                                            int bin_count, settings::DiscretisationConvention convention) {
  const auto [minimum, maximum] = region_range(image, intensity_mask);
  DiscretisedImage result{core::Image<int>(image.geometry(), 0), 0, minimum};
  const auto& voxels = image.voxels();
  const auto& inside = intensity_mask.voxels();
  auto& levels = result.levels.voxels();
  const double range = maximum - minimum;
  // PyRadiomics: numpy.histogram edges (linspace), the last edge raised by 1, numpy.digitize.
  std::vector<double> edges(bin_count + 1);
  for (int b = 0; b <= bin_count; ++b) edges[b] = minimum + range * b / bin_count;
  if (range == 0) {
    for (int b = 0; b <= bin_count; ++b) edges[b] = minimum - 0.5 + static_cast<double>(b) / bin_count;
  }
  edges[bin_count] += 1.0;
  for (std::size_t k = 0; k < voxels.size(); ++k) {
    if (!inside[k]) continue;
    int level;
    if (convention == settings::DiscretisationConvention::Ibsi) {
      level = range == 0 ? 1 : static_cast<int>(std::floor(bin_count * (voxels[k] - minimum) / range)) + 1;
      level = std::min(level, bin_count);
    } else {
      level = static_cast<int>(std::upper_bound(edges.begin(), edges.end(), static_cast<double>(voxels[k])) -
                               edges.begin());
    }
    levels[k] = level;
    result.level_count = std::max(result.level_count, level);
  }
  return result;
}

DiscretisedImage discretise(const core::IntensityImage& image, const core::Mask& intensity_mask,
                            const settings::ExtractionSettings& settings) {
  if (settings.bin_count)
    return discretise_fixed_bin_count(image, intensity_mask, *settings.bin_count, settings.discretisation);
  if (!settings.bin_width) throw ConfigError("neither binWidth nor binCount is set");
  const double bin_width = *settings.bin_width;
  const auto [minimum, maximum] = region_range(image, intensity_mask);
  double lower_bound;
  if (settings.discretisation == settings::DiscretisationConvention::Ibsi)
    lower_bound = settings.resegment_range.empty() ? minimum : settings.resegment_range[0];
  else
    lower_bound = minimum - (minimum - bin_width * std::floor(minimum / bin_width));  // Python's minimum % width
  (void)maximum;
  return discretise_fixed_bin_width(image, intensity_mask, bin_width, lower_bound);
}

}  // namespace radstudy::preprocess
