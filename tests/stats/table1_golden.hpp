#pragma once
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <limits>
#include <string>
#include <vector>

#include "core/csv.hpp"
#include "golden_values.hpp"

namespace radstudy::testing {

// Golden files written by tests/golden/table1/make_golden.R.
inline std::filesystem::path table1_golden_dir() {
  return std::filesystem::path(RADSTUDY_SOURCE_DIR) / "tests" / "golden" / "table1";
}

inline core::CsvTable read_table1_golden(const std::string& name) {
  return core::read_csv((table1_golden_dir() / name).string());
}

// Compares to a relative tolerance and remembers the worst relative difference seen.
class RelativeComparison {
 public:
  explicit RelativeComparison(double tolerance) : tolerance_(tolerance) {}
  void expect(double actual, double expected, const std::string& what) {
    ++count_;
    const double scale = std::max(std::abs(expected), std::numeric_limits<double>::min());
    const double difference = std::abs(actual - expected) / scale;
    worst_ = std::max(worst_, difference);
    if (!(difference <= tolerance_))  // NaN fails too
      ADD_FAILURE() << what << ": radstudy " << actual << ", R " << expected << " (relative " << difference
                    << ")";
  }
  int count() const { return count_; }
  double worst() const { return worst_; }
  void report(const std::string& label) const {
    std::cout << "[ golden ] " << label << ": " << count_ << " values, worst relative difference " << worst_
              << "\n";
  }

 private:
  double tolerance_;
  double worst_ = 0.0;
  int count_ = 0;
};

}  // namespace radstudy::testing
