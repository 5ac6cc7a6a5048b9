#include "stats/calibration.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/csv.hpp"
#include "core/errors.hpp"
#include "golden_comparison.hpp"

namespace {

using namespace radstudy;
using radstudy::testing::golden_number;

std::string golden(const std::string& file) {
  return std::string(RADSTUDY_SOURCE_DIR) + "/tests/golden/calibration/" + file;
}

struct Data {
  std::vector<double> probability;
  std::vector<int> outcome;
};

Data read_set(const std::string& name) {
  const auto table = core::read_csv(golden(name + "_data.csv"));
  Data data;
  for (const auto& row : table.rows) {
    data.probability.push_back(golden_number(row[static_cast<std::size_t>(table.column("probability"))]));
    data.outcome.push_back(
        static_cast<int>(golden_number(row[static_cast<std::size_t>(table.column("outcome"))])));
  }
  return data;
}

TEST(Calibration, BrierInterceptAndSlopeEqualRsGlm) {
  const auto summary = core::read_csv(golden("summary.csv"));
  ASSERT_EQ(summary.rows.size(), 4u);
  radstudy::testing::GoldenComparison comparison(1e-12);
  for (const auto& row : summary.rows) {
    const auto cell = [&](const char* name) { return row[static_cast<std::size_t>(summary.column(name))]; };
    const auto data = read_set(cell("set"));
    const auto result = stats::calibrate(data.probability, data.outcome);
    EXPECT_TRUE(result.converged) << cell("set");
    EXPECT_EQ(result.cases, data.probability.size());
    EXPECT_EQ(static_cast<double>(result.clipped), golden_number(cell("clipped"))) << cell("set");
    comparison.expect(cell("set") + " brier", result.brier, golden_number(cell("brier")));
    comparison.expect(cell("set") + " intercept", result.intercept, golden_number(cell("intercept")), 1e-3);
    comparison.expect(cell("set") + " slope", result.slope, golden_number(cell("slope")));
  }
  comparison.report("calibration vs glm");
}

TEST(Calibration, GroupsEqualRsWilsonIntervals) {
  const auto groups = core::read_csv(golden("groups.csv"));
  radstudy::testing::GoldenComparison comparison(1e-10);
  for (const std::string set : {"calibrated", "extreme", "low", "clipped"}) {
    const auto data = read_set(set);
    const auto result = stats::calibration_groups(data.probability, data.outcome, 5);
    std::size_t k = 0;
    for (const auto& row : groups.rows) {
      const auto cell = [&](const char* name) { return row[static_cast<std::size_t>(groups.column(name))]; };
      if (cell("set") != set) continue;
      ASSERT_LT(k, result.size());
      const auto& group = result[k++];
      EXPECT_EQ(static_cast<double>(group.cases), golden_number(cell("cases")));
      comparison.expect(set + " predicted", group.predicted, golden_number(cell("predicted")));
      comparison.expect(set + " observed", group.observed, golden_number(cell("observed")), 1e-12);
      comparison.expect(set + " lower", group.lower, golden_number(cell("lower")), 1e-12);
      comparison.expect(set + " upper", group.upper, golden_number(cell("upper")), 1e-12);
    }
    EXPECT_EQ(k, result.size()) << set;
  }
  comparison.report("calibration groups vs prop.test");
}

TEST(Calibration, PerfectlyCalibratedPredictionsGiveInterceptZeroAndSlopeOne) {
  // Outcomes whose observed rate in each risk stratum equals its predicted risk exactly.
  std::vector<double> probability;
  std::vector<int> outcome;
  for (const auto& [p, events, cases] :
       std::vector<std::tuple<double, int, int>>{{0.2, 2, 10}, {0.5, 5, 10}, {0.8, 8, 10}})
    for (int i = 0; i < cases; ++i) {
      probability.push_back(p);
      outcome.push_back(i < events ? 1 : 0);
    }
  const auto result = stats::calibrate(probability, outcome);
  EXPECT_NEAR(result.intercept, 0.0, 1e-10);
  EXPECT_NEAR(result.slope, 1.0, 1e-10);
}

TEST(Calibration, SeparationAndBadInputAreReported) {
  const auto separated = stats::calibrate({0.1, 0.2, 0.3, 0.7, 0.8, 0.9}, {0, 0, 0, 1, 1, 1});
  EXPECT_FALSE(separated.converged);
  EXPECT_TRUE(std::isnan(separated.slope));
  EXPECT_THROW(stats::calibrate({0.2, 1.2}, {0, 1}), InputError);
  EXPECT_THROW(stats::calibrate({0.2, 0.3}, {1, 1}), InputError);
  EXPECT_THROW(stats::calibrate({0.2, 0.3}, {0, 2}), InputError);
  EXPECT_THROW(stats::calibration_groups({0.2, 0.3}, {0, 1}, 3), InputError);
}

}  // namespace
