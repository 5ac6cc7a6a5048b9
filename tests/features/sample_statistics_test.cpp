#include "features/common/sample_statistics.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace radstudy::features {
namespace {

const std::vector<double> kFractions = {0.0, 0.10, 0.25, 0.50, 0.75, 0.90, 1.0};

// The numpy "linear" percentile from a fully sorted copy.
double sorted_percentile(std::vector<double> values, double fraction) {
  std::sort(values.begin(), values.end());
  const double position = static_cast<double>(values.size() - 1) * fraction;
  const auto lower = static_cast<std::size_t>(std::floor(position));
  const std::size_t upper = std::min(lower + 1, values.size() - 1);
  return values[lower] + (values[upper] - values[lower]) * (position - static_cast<double>(lower));
}

TEST(SampleStatistics, IntegerCountsGiveTheSelectedPercentilesAndRobustDeviation) {
  std::mt19937 generator(7);
  for (std::size_t size : {1u, 2u, 3u, 10u, 101u, 5000u}) {
    std::normal_distribution<double> hounsfield(40.0, 120.0);
    std::vector<double> values(size);
    for (double& value : values) value = std::round(hounsfield(generator));
    const auto [minimum, maximum] = std::minmax_element(values.begin(), values.end());
    const auto counts = IntegerValueCounts::of(values, *minimum, *maximum);
    ASSERT_TRUE(counts.has_value()) << size;
    const auto from_counts = counts->linear_percentiles(kFractions);
    std::vector<double> reordered = values;
    const auto selected = linear_percentiles(reordered, kFractions);
    for (std::size_t j = 0; j < kFractions.size(); ++j) {
      EXPECT_EQ(from_counts[j], selected[j]) << size << " " << kFractions[j];
      EXPECT_EQ(from_counts[j], sorted_percentile(values, kFractions[j])) << size << " " << kFractions[j];
    }
    const double robust = robust_mean_absolute_deviation(values, selected[1], selected[5]);
    const double robust_from_counts = counts->robust_mean_absolute_deviation(selected[1], selected[5]);
    if (std::isnan(robust))  // no value between two interpolated percentiles
      EXPECT_TRUE(std::isnan(robust_from_counts)) << size;
    else
      EXPECT_NEAR(robust_from_counts, robust, 1e-12 * (1.0 + robust)) << size;
  }
}

TEST(SampleStatistics, IntegerCountsRefuseFractionsAndWideRanges) {
  const std::vector<double> fractional = {1.0, 2.5, 3.0};
  EXPECT_FALSE(IntegerValueCounts::of(fractional, 1.0, 3.0).has_value());
  const std::vector<double> wide = {0.0, 1e9};
  EXPECT_FALSE(IntegerValueCounts::of(wide, 0.0, 1e9).has_value());
  const std::vector<double> not_finite = {0.0, NAN};
  EXPECT_FALSE(IntegerValueCounts::of(not_finite, 0.0, NAN).has_value());
}

}  // namespace
}  // namespace radstudy::features
