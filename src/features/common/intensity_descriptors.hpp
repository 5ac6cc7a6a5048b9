#pragma once
#include <vector>

namespace radstudy::features {

// The descriptors that IBSI's intensity statistics (stat) and intensity histogram (ih) families
// share, computed on a sample of (raw or discretised) intensities. Population moments; kurtosis
// is the excess kurtosis; percentiles interpolate linearly between order statistics.
struct IntensityDescriptors {
  double mean, variance, skewness, excess_kurtosis;
  double median, minimum, percentile10, percentile25, percentile75, percentile90, maximum;
  double interquartile_range, range;
  double mean_absolute_deviation, robust_mean_absolute_deviation, median_absolute_deviation;
  double coefficient_of_variation, quartile_coefficient_of_dispersion;
};

// `values` is reordered.
IntensityDescriptors describe_intensities(std::vector<double>& values);

}  // namespace radstudy::features
