#pragma once
#include <cstddef>
#include <vector>

#include "core/image.hpp"

namespace radstudy::features {

// Central moments of a sample, population definitions (divide by N).
struct SampleMoments {
  double count = 0.0;
  double mean = 0.0;
  double variance = 0.0;  // m2
  double m3 = 0.0;
  double m4 = 0.0;
  // m3 / m2^1.5, 0 for a flat sample.
  double skewness() const;
  // m4 / m2^2 (not excess), 0 for a flat sample.
  double kurtosis() const;
};
SampleMoments sample_moments(const std::vector<double>& values);
// The moments of `values` about `mean` = total / N; also the mean absolute deviation about it.
// Every sum runs in the values' order, as sample_moments and mean_absolute_deviation do.
SampleMoments moments_about_mean(const std::vector<double>& values, double total, double* mean_absolute_deviation);

// Percentiles with linear interpolation between order statistics: position (N - 1) q, as numpy's
// default ("linear") method. `fractions` are in [0, 1]; `values` is reordered (partially sorted).
std::vector<double> linear_percentiles(std::vector<double>& values, const std::vector<double>& fractions);

// Mean absolute deviation around `centre`.
double mean_absolute_deviation(const std::vector<double>& values, double centre);
// Mean absolute deviation around their own mean of the values in [lower, upper].
double robust_mean_absolute_deviation(const std::vector<double>& values, double lower, double upper);

// The intensities of the voxels inside `mask`, in memory order.
std::vector<double> masked_values(const core::IntensityImage& image, const core::Mask& mask);
std::vector<double> masked_values(const core::Image<int>& image, const core::Mask& mask);

}  // namespace radstudy::features
