#include "features/ibsi/intensity_statistics.hpp"

#include <cmath>

#include "features/common/feature_table.hpp"
#include "features/common/intensity_descriptors.hpp"
#include "features/common/sample_statistics.hpp"

namespace radstudy::features::ibsi {
namespace {

// X_gl: the intensities in the intensity mask, N_v their count, mu their mean, P_q percentiles.
const std::vector<FeatureSpec> kStatFeatures = {
    {"Mean", "Q4LE", ""},                              // mu = sum(X_gl) / N_v
    {"Variance", "ECT3", ""},                          // sum((X_gl - mu)^2) / N_v
    {"Skewness", "KE2A", ""},                          // m3 / m2^(3/2)
    {"Kurtosis", "IPH6", ""},                          // m4 / m2^2 - 3 (excess)
    {"Median", "Y12H", ""},                            // P50
    {"Minimum", "1GSF", ""},                           // min(X_gl)
    {"Percentile10", "QG58", ""},                      // P10
    {"Percentile90", "8DWT", ""},                      // P90
    {"Maximum", "84IY", ""},                           // max(X_gl)
    {"InterquartileRange", "SALO", ""},                // P75 - P25
    {"Range", "2OJQ", ""},                             // max - min
    {"MeanAbsoluteDeviation", "4FUA", ""},             // sum|X_gl - mu| / N_v
    {"RobustMeanAbsoluteDeviation", "1128", ""},       // MAD of the values in [P10, P90] around their mean
    {"MedianAbsoluteDeviation", "N72L", ""},           // sum|X_gl - P50| / N_v
    {"CoefficientOfVariation", "7TET", ""},            // sigma / mu
    {"QuartileCoefficientOfDispersion", "9S40", ""},   // (P75 - P25) / (P75 + P25)
    {"Energy", "N8CA", ""},                            // sum(X_gl^2)
    {"RootMeanSquare", "5ZWQ", ""},                    // sqrt(sum(X_gl^2) / N_v)
};

std::vector<FeatureDescription> describe(const settings::ExtractionSettings&) {
  return describe_features("stat", kStatFeatures);
}

FeatureValues compute(const RegionData& region) {
  std::vector<double> values = masked_values(region.image, region.intensity_mask);
  double energy = 0.0;
  for (double value : values) energy += value * value;
  const double count = static_cast<double>(values.size());
  const IntensityDescriptors d = describe_intensities(values);
  return name_values(describe(region.settings),
                     {d.mean, d.variance, d.skewness, d.excess_kurtosis, d.median, d.minimum, d.percentile10,
                      d.percentile90, d.maximum, d.interquartile_range, d.range, d.mean_absolute_deviation,
                      d.robust_mean_absolute_deviation, d.median_absolute_deviation, d.coefficient_of_variation,
                      d.quartile_coefficient_of_dispersion, energy, std::sqrt(energy / count)});
}

}  // namespace

FeatureFamily make_stat_family() {
  return {"stat", "IBSI intensity-based statistics on the intensity mask", describe, compute};
}

}  // namespace radstudy::features::ibsi
