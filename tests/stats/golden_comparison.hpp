#pragma once
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <string>

#include "core/csv.hpp"
#include "golden_values.hpp"

namespace radstudy::testing {

inline std::string cox_golden_path(const std::string& file) {
  return std::string(RADSTUDY_SOURCE_DIR) + "/tests/golden/cox/" + file;
}

// Relative comparison against R; `floor` is the magnitude below which the difference is taken as
// absolute (values that are 0 up to rounding in R, e.g. a centred linear predictor). Tracks how
// many values were compared and the worst relative difference.
class GoldenComparison {
 public:
  explicit GoldenComparison(double tolerance) : tolerance_(tolerance) {}

  void expect(const std::string& what, double actual, double expected, double floor = 0.0) {
    ++compared_;
    if (expected == 0.0 && floor == 0.0) {
      EXPECT_EQ(actual, expected) << what;
      return;
    }
    const double difference = std::abs(actual - expected) / std::max(std::abs(expected), floor);
    if (difference > worst_) {
      worst_ = difference;
      worst_what_ = what;
    }
    EXPECT_LE(difference, tolerance_) << what << ": radstudy " << actual << ", R " << expected;
  }

  int compared() const { return compared_; }
  double worst() const { return worst_; }
  const std::string& worst_what() const { return worst_what_; }
  void report(const std::string& label) const {
    std::cout << "[ golden ] " << label << ": " << compared_ << " values, worst relative difference " << worst_
              << (worst_what_.empty() ? "" : " (" + worst_what_ + ")") << "\n";
  }

 private:
  double tolerance_;
  int compared_ = 0;
  double worst_ = 0.0;
  std::string worst_what_;
};

}  // namespace radstudy::testing
