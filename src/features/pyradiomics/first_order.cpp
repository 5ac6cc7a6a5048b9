#include "features/pyradiomics/first_order.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "core/mask_runs.hpp"
#include "features/common/feature_table.hpp"
#include "features/common/sample_statistics.hpp"
#include "features/region_cache.hpp"

namespace radstudy::features::pyradiomics {
namespace {

// X: intensities in the intensity mask, N_p their count, c = voxelArrayShift, P_q percentiles
// (numpy linear), p(i) the probability of PyRadiomics grey level i (binWidth / binCount).
// Listed in PyRadiomics' output (alphabetical) order.
const std::vector<FeatureSpec> kFirstOrderFeatures = {
    {"10Percentile", "", ""},                  // P10
    {"90Percentile", "", ""},                  // P90
    {"Energy", "", ""},                        // sum((X + c)^2)
    {"Entropy", "", ""},                       // -sum(p(i) log2(p(i) + eps))
    {"InterquartileRange", "", ""},            // P75 - P25
    {"Kurtosis", "", ""},                      // m4 / m2^2 (not excess)
    {"Maximum", "", ""},                       // max(X)
    {"Mean", "", ""},                          // sum(X) / N_p
    {"MeanAbsoluteDeviation", "", ""},         // sum|X - mean| / N_p
    {"Median", "", ""},                        // P50
    {"Minimum", "", ""},                       // min(X)
    {"Range", "", ""},                         // max - min
    {"RobustMeanAbsoluteDeviation", "", ""},   // MAD of the values in [P10, P90] around their mean
    {"RootMeanSquared", "", ""},               // sqrt(sum((X + c)^2) / N_p)
    {"Skewness", "", ""},                      // m3 / m2^(3/2)
    {"TotalEnergy", "", ""},                   // voxel volume * Energy
    {"Uniformity", "", ""},                    // sum(p(i)^2)
    {"Variance", "", ""},                      // m2
};

std::vector<FeatureDescription> describe(const settings::ExtractionSettings&) {
  return describe_features("firstorder", kFirstOrderFeatures);
}

// The sums of first-order statistics in two passes over the values, each sum accumulated in the
// values' order exactly as sample_moments, mean_absolute_deviation and the plain loops would.
struct FirstOrderSums {
  SampleMoments moments;
  double energy = 0.0;
  double minimum = INFINITY;
  double maximum = -INFINITY;
  double mean_deviation = 0.0;
};

FirstOrderSums first_order_sums(const std::vector<double>& values, double shift) {
  FirstOrderSums sums;
  if (values.empty()) {
    sums.mean_deviation = std::nan("");
    return sums;
  }
  double total = 0.0;
  for (double value : values) {
    total += value;
    sums.energy += (value + shift) * (value + shift);
    sums.minimum = std::min(sums.minimum, value);
    sums.maximum = std::max(sums.maximum, value);
  }
  sums.moments = moments_about_mean(values, total, &sums.mean_deviation);
  return sums;
}

FeatureValues compute(const RegionData& region) {
  std::vector<double> values = masked_values(region.image, region.intensity_mask);
  const double count = static_cast<double>(values.size());
  const FirstOrderSums sums = first_order_sums(values, region.settings.voxel_array_shift);
  const SampleMoments& moments = sums.moments;
  const double energy = sums.energy, minimum = sums.minimum, maximum = sums.maximum;
  const double mean_deviation = sums.mean_deviation;
  const auto& spacing = region.image.spacing();
  const double voxel_volume = spacing[0] * spacing[1] * spacing[2];

  const std::vector<double> fractions = {0.10, 0.25, 0.50, 0.75, 0.90};
  std::vector<double> percentiles;
  double robust_deviation = 0.0;
  if (const auto counts = IntegerValueCounts::of(values, minimum, maximum)) {
    percentiles = counts->linear_percentiles(fractions);
    robust_deviation = counts->robust_mean_absolute_deviation(percentiles[0], percentiles[4]);
  } else {
    percentiles = linear_percentiles(values, fractions);
    robust_deviation = robust_mean_absolute_deviation(values, percentiles[0], percentiles[4]);
  }

  const auto& discretised = region_cache(region).discretised(region);
  // Integer counts (exact, as the double counts were) over the runs of intensity-mask voxels (the
  // voxels with a level); four histograms (summed after) keep equal neighbouring levels from chaining
  // increments.
  constexpr std::size_t kLanes = 4;
  const std::size_t bins = static_cast<std::size_t>(discretised.level_count) + 1;
  std::vector<std::uint32_t> lane_counts(kLanes * bins, 0u);
  const int* levels = discretised.levels.voxels().data();
  const auto& inside = region.intensity_mask.voxels();
  core::for_each_mask_run(inside.data(), inside.size(), [&](std::size_t begin, std::size_t end) {
    for (std::size_t k = begin; k < end; ++k)
      ++lane_counts[(k % kLanes) * bins + static_cast<std::size_t>(levels[k])];
  });
  std::vector<double> counts(bins, 0.0);
  for (std::size_t i = 1; i < bins; ++i)
    counts[i] = static_cast<double>(lane_counts[i] + lane_counts[bins + i] + lane_counts[2 * bins + i] +
                                    lane_counts[3 * bins + i]);
  const double epsilon = std::numeric_limits<double>::epsilon();
  double entropy = 0.0, uniformity = 0.0;
  for (std::size_t i = 1; i < counts.size(); ++i) {
    if (counts[i] == 0) continue;
    const double probability = counts[i] / count;
    entropy -= probability * std::log2(probability + epsilon);
    uniformity += probability * probability;
  }

  return name_values(describe(region.settings),
                     {percentiles[0], percentiles[4], energy, entropy, percentiles[3] - percentiles[1],
                      moments.kurtosis(), maximum, moments.mean, mean_deviation, percentiles[2], minimum,
                      maximum - minimum, robust_deviation, std::sqrt(energy / count), moments.skewness(),
                      voxel_volume * energy, uniformity, moments.variance});
}

}  // namespace

FeatureFamily make_firstorder_family() {
  return {"firstorder", "PyRadiomics first-order statistics", describe, compute};
}

}  // namespace radstudy::features::pyradiomics
