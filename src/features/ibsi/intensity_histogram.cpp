#include "features/ibsi/intensity_histogram.hpp"

#include <cmath>

#include "features/common/feature_table.hpp"
#include "features/common/intensity_descriptors.hpp"
#include "features/common/sample_statistics.hpp"
#include "features/region_cache.hpp"

namespace radstudy::features::ibsi {
namespace {

// X_d: discretised intensities 1..N_g of the intensity mask; n_i the count and p_i = n_i / N_v the
// probability of grey level i.
const std::vector<FeatureSpec> kHistogramFeatures = {
    {"Mean", "X6K6", ""},                               // sum(i p_i)
    {"Variance", "CH89", ""},                           // sum((i - mu)^2 p_i)
    {"Skewness", "88K1", ""},                           // m3 / m2^(3/2)
    {"Kurtosis", "C3I7", ""},                           // m4 / m2^2 - 3
    {"Median", "WIFQ", ""},                             // P50 of X_d
    {"Minimum", "1PR8", ""},                            // min(X_d)
    {"Percentile10", "GPMT", ""},                       // P10 of X_d
    {"Percentile90", "OZ0C", ""},                       // P90 of X_d
    {"Maximum", "3NCY", ""},                            // max(X_d)
    {"Mode", "AMMC", ""},                               // argmax n_i, ties: nearest the mean, then the lower
    {"InterquartileRange", "WR0O", ""},                 // P75 - P25
    {"Range", "5Z3W", ""},                              // max - min
    {"MeanAbsoluteDeviation", "D2ZX", ""},              // sum|X_d - mu| / N_v
    {"RobustMeanAbsoluteDeviation", "WRZB", ""},        // MAD of the levels in [P10, P90]
    {"MedianAbsoluteDeviation", "4RNL", ""},            // sum|X_d - P50| / N_v
    {"CoefficientOfVariation", "CWYJ", ""},             // sigma / mu
    {"QuartileCoefficientOfDispersion", "SLWD", ""},    // (P75 - P25) / (P75 + P25)
    {"Entropy", "TLU2", ""},                            // -sum(p_i log2 p_i)
    {"Uniformity", "BJ5W", ""},                         // sum(p_i^2)
    {"MaximumHistogramGradient", "12CE", ""},           // max(H'), H'_i = (n_{i+1} - n_{i-1}) / 2
    {"MaximumHistogramGradientIntensity", "8E6O", ""},  // i of max(H')
    {"MinimumHistogramGradient", "VQB3", ""},           // min(H')
    {"MinimumHistogramGradientIntensity", "RHQZ", ""},  // i of min(H')
};

std::vector<FeatureDescription> describe(const settings::ExtractionSettings&) {
  return describe_features("ih", kHistogramFeatures);
}

FeatureValues compute(const RegionData& region) {
  const auto& discretised = region_cache(region).discretised(region);
  std::vector<double> levels = masked_values(discretised.levels, region.intensity_mask);
  const int level_count = discretised.level_count;
  // Non-sparse histogram over 1..N_g (index 0 unused).
  std::vector<double> counts(static_cast<std::size_t>(level_count) + 1, 0.0);
  for (double level : levels) counts[static_cast<std::size_t>(level)] += 1.0;
  const double total = static_cast<double>(levels.size());

  const IntensityDescriptors d = describe_intensities(levels);

  double entropy = 0.0, uniformity = 0.0;
  int mode = 1;
  for (int i = 1; i <= level_count; ++i) {
    const double probability = counts[i] / total;
    if (probability > 0) entropy -= probability * std::log2(probability);
    uniformity += probability * probability;
    const double best = counts[mode];
    if (counts[i] > best || (counts[i] == best && std::abs(i - d.mean) < std::abs(mode - d.mean))) mode = i;
  }

  double max_gradient = -INFINITY, min_gradient = INFINITY;
  int max_gradient_level = 1, min_gradient_level = 1;
  for (int i = 1; i <= level_count; ++i) {
    double gradient;
    if (level_count == 1) gradient = 0.0;
    else if (i == 1) gradient = counts[2] - counts[1];
    else if (i == level_count) gradient = counts[i] - counts[i - 1];
    else gradient = (counts[i + 1] - counts[i - 1]) / 2.0;
    if (gradient > max_gradient) {
      max_gradient = gradient;
      max_gradient_level = i;
    }
    if (gradient < min_gradient) {
      min_gradient = gradient;
      min_gradient_level = i;
    }
  }

  return name_values(describe(region.settings),
                     {d.mean, d.variance, d.skewness, d.excess_kurtosis, d.median, d.minimum, d.percentile10,
                      d.percentile90, d.maximum, static_cast<double>(mode), d.interquartile_range, d.range,
                      d.mean_absolute_deviation, d.robust_mean_absolute_deviation, d.median_absolute_deviation,
                      d.coefficient_of_variation, d.quartile_coefficient_of_dispersion, entropy, uniformity,
                      max_gradient, static_cast<double>(max_gradient_level), min_gradient,
                      static_cast<double>(min_gradient_level)});
}

}  // namespace

FeatureFamily make_ih_family() {
  return {"ih", "IBSI intensity histogram features on the discretised intensity mask", describe, compute};
}

}  // namespace radstudy::features::ibsi
