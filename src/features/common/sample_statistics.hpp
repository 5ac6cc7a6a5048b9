#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
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

// The values counted per integer, for samples of integers (CT in HU) whose range is not much wider
// than the sample: order statistics and sums over a value range then need no sorting.
class IntegerValueCounts {
 public:
  // Nothing when a value is not an integer or the range [minimum, maximum] is too wide.
  static std::optional<IntegerValueCounts> of(const std::vector<double>& values, double minimum, double maximum);
  // Equal to linear_percentiles() of the same values.
  std::vector<double> linear_percentiles(const std::vector<double>& fractions) const;
  // robust_mean_absolute_deviation() of the same values, its deviations summed per value.
  double robust_mean_absolute_deviation(double lower, double upper) const;

 private:
  double value_of_rank(std::size_t rank) const;
  double minimum_ = 0.0;
  std::size_t total_ = 0;
  std::vector<std::uint32_t> counts_;      // counts_[i]: how many values equal minimum_ + i
  std::vector<std::size_t> cumulative_;   // cumulative_[i]: how many values are <= minimum_ + i
};

// The intensities of the voxels inside `mask`, in memory order.
std::vector<double> masked_values(const core::IntensityImage& image, const core::Mask& mask);
std::vector<double> masked_values(const core::Image<int>& image, const core::Mask& mask);

}  // namespace radstudy::features
