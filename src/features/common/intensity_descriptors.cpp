#include "features/common/intensity_descriptors.hpp"

#include <algorithm>
#include <cmath>

#include "features/common/sample_statistics.hpp"

namespace radstudy::features {

IntensityDescriptors describe_intensities(std::vector<double>& values) {
  IntensityDescriptors d{};
  const SampleMoments moments = sample_moments(values);
  d.mean = moments.mean;
  d.variance = moments.variance;
  d.skewness = moments.skewness();
  d.excess_kurtosis = moments.variance > 0 ? moments.kurtosis() - 3.0 : 0.0;
  d.mean_absolute_deviation = mean_absolute_deviation(values, d.mean);
  const auto [minimum, maximum] = std::minmax_element(values.begin(), values.end());
  d.minimum = *minimum;
  d.maximum = *maximum;
  const std::vector<double> fractions = {0.10, 0.25, 0.50, 0.75, 0.90};
  const auto counts = IntegerValueCounts::of(values, d.minimum, d.maximum);
  const auto percentiles = counts ? counts->linear_percentiles(fractions) : linear_percentiles(values, fractions);
  d.percentile10 = percentiles[0];
  d.percentile25 = percentiles[1];
  d.median = percentiles[2];
  d.percentile75 = percentiles[3];
  d.percentile90 = percentiles[4];
  d.interquartile_range = d.percentile75 - d.percentile25;
  d.range = d.maximum - d.minimum;
  d.robust_mean_absolute_deviation =
      counts ? counts->robust_mean_absolute_deviation(d.percentile10, d.percentile90)
             : robust_mean_absolute_deviation(values, d.percentile10, d.percentile90);
  d.median_absolute_deviation = mean_absolute_deviation(values, d.median);
  d.coefficient_of_variation = std::sqrt(d.variance) / d.mean;
  d.quartile_coefficient_of_dispersion =
      (d.percentile75 - d.percentile25) / (d.percentile75 + d.percentile25);
  return d;
}

}  // namespace radstudy::features
