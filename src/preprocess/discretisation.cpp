#include "preprocess/discretisation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "core/errors.hpp"
#include "core/mask_runs.hpp"

namespace radstudy::preprocess {
namespace {

std::pair<double, double> region_range(const core::IntensityImage& image, const core::Mask& mask) {
  // Over the runs of mask voxels, four independent lanes (the compiler packs them into one vector);
  // the float extremes convert to double exactly. Only the sign of a zero extreme may depend on the
  // lane order, and no level depends on it.
  constexpr std::size_t kLanes = 4;
  constexpr float kInfinity = std::numeric_limits<float>::infinity();
  float lowest[kLanes], highest[kLanes];
  for (std::size_t lane = 0; lane < kLanes; ++lane) {
    lowest[lane] = kInfinity;
    highest[lane] = -kInfinity;
  }
  const float* voxels = image.voxels().data();
  core::for_each_mask_run(mask.voxels().data(), mask.voxel_count(), [&](std::size_t begin, std::size_t end) {
    std::size_t k = begin;
    for (; k + kLanes <= end; k += kLanes)
      for (std::size_t lane = 0; lane < kLanes; ++lane) {
        const float value = voxels[k + lane];
        lowest[lane] = value < lowest[lane] ? value : lowest[lane];
        highest[lane] = value > highest[lane] ? value : highest[lane];
      }
    for (; k < end; ++k) {
      lowest[0] = std::min(lowest[0], voxels[k]);
      highest[0] = std::max(highest[0], voxels[k]);
    }
  });
  const double minimum = *std::min_element(lowest, lowest + kLanes);
  const double maximum = *std::max_element(highest, highest + kLanes);
  if (minimum > maximum) throw InputError("the region holds no voxel to discretise");
  return {minimum, maximum};
}

// The smallest number with two significant digits that is >= value (for "use binWidth >= ...").
double rounded_up(double value) {
  const double scale = std::pow(10.0, std::floor(std::log10(value)) - 1);
  return std::ceil(value / scale) * scale;
}

}  // namespace

void check_grey_level_count(double minimum, double maximum, double lower_bound, double bin_width,
                            const std::string& source) {
  // Both conventions start at or below the region minimum (a tiny width can overflow the start).
  const double start = std::isfinite(lower_bound) ? std::min(lower_bound, minimum) : minimum;
  const double span = maximum - start;
  const double levels = std::floor(span / bin_width) + 1;  // the highest level, computed before any is
  if (levels <= settings::kMaxGreyLevels) return;
  throw ConfigError(fmt::format(
      "{}: setting 'binWidth': {} gives {:.3g} grey levels on this region (intensities {} to {}); the limit "
      "is "
      "{} grey levels; use binWidth >= {:g}, or binCount, or resegmentRange to leave out extreme intensities",
      source.empty() ? std::string("settings") : source, bin_width, levels, minimum, maximum,
      settings::kMaxGreyLevels, rounded_up(span / (settings::kMaxGreyLevels - 1))));
}

DiscretisedImage discretise_fixed_bin_width(const core::IntensityImage& image,
                                            const core::Mask& intensity_mask, double bin_width,
                                            double lower_bound) {
  DiscretisedImage result{core::Image<int>(image.geometry(), 0), 0, lower_bound};
  const auto& voxels = image.voxels();
  const auto& inside = intensity_mask.voxels();
  auto& levels = result.levels.voxels();
  // Voxels outside the mask keep level 0; each run of mask voxels is discretised in a plain loop,
  // which the compiler vectorises. Truncation replaces floor: they differ only for negative
  // quotients, whose levels max(., 1) raises to 1 either way.
  const float* values = voxels.data();
  int* level_out = levels.data();
  int level_count = 0;
  core::for_each_mask_run(inside.data(), inside.size(), [&](std::size_t begin, std::size_t end) {
    for (std::size_t k = begin; k < end; ++k) {
      const double quotient = (static_cast<double>(values[k]) - lower_bound) / bin_width;
      const int level = std::max(static_cast<int>(quotient) + 1, 1);
      level_out[k] = level;
      level_count = std::max(level_count, level);
    }
  });
  result.level_count = level_count;
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
  if (!settings.bin_width)
    throw ConfigError(fmt::format("{}: neither binWidth nor binCount is set", settings.source));
  const double bin_width = *settings.bin_width;
  const auto [minimum, maximum] = region_range(image, intensity_mask);
  double lower_bound;
  if (settings.discretisation == settings::DiscretisationConvention::Ibsi)
    lower_bound = settings.resegment_range.empty() ? minimum : settings.resegment_range[0];
  else
    lower_bound =
        minimum - (minimum - bin_width * std::floor(minimum / bin_width));  // Python's minimum % width
  check_grey_level_count(minimum, maximum, lower_bound, bin_width, settings.source);
  return discretise_fixed_bin_width(image, intensity_mask, bin_width, lower_bound);
}

}  // namespace radstudy::preprocess
