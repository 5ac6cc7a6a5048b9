#include <gtest/gtest.h>

#include <cmath>
#include <iostream>
#include <string>
#include <vector>

#include "golden_comparison.hpp"
#include "stats/group_tests.hpp"
#include "stats/roc_curve.hpp"
#include "univariate_golden.hpp"

namespace radstudy::stats {
namespace {

using testing::golden_number;
using testing::GoldenComparison;

constexpr double kTolerance = 1e-9;
const std::vector<std::string> kTables{"sts", "small", "large", "tiny"};

std::vector<double> negated(std::vector<double> values) {
  for (double& value : values) value = -value;
  return values;
}

bool shared_data_present() {
  return std::filesystem::exists(testing::shared_dir() / "data/sts/clinical.csv");
}

// pROC::roc + ci.auc(method = "delong") in direction "<" and in the direction giving AUC >= 0.5, var(),
// wilcox.test and t.test p, per feature.
TEST(RocCurveGolden, AucDelongCiAndTestsMatchPRoc) {
  RADSTUDY_REQUIRE_SHARED("data/sts/clinical.csv");
  GoldenComparison compare(kTolerance);
  int flipped = 0, features = 0;
  for (const auto& table : kTables) {
    const auto input = testing::load_univariate_input(table);
    const auto golden = testing::read_univariate_golden(table + "_univariate.csv");
    for (std::size_t row = 0; row < golden.rows.size(); ++row) {
      auto expected = testing::golden_row(golden, row);
      const std::string what = table + " " + expected["feature"];
      const auto values = input.column(expected["feature"]);
      const auto raw = roc_auc(values, input.labels);
      compare.expect(what + " auc (<)", raw.auc, golden_number(expected["auc_raw"]));
      compare.expect(what + " lower (<)", raw.lower, golden_number(expected["auc_raw_lower"]), 1e-12);
      compare.expect(what + " upper (<)", raw.upper, golden_number(expected["auc_raw_upper"]));
      const bool higher_in_1 = expected["direction"] == "higher_in_1";
      EXPECT_EQ(higher_in_1, raw.auc >= 0.5) << what;
      flipped += higher_in_1 ? 0 : 1;
      ++features;
      const auto oriented = higher_in_1 ? raw : roc_auc(negated(values), input.labels);
      compare.expect(what + " auc", oriented.auc, golden_number(expected["auc"]));
      compare.expect(what + " lower", oriented.lower, golden_number(expected["auc_lower"]), 1e-12);
      compare.expect(what + " upper", oriented.upper, golden_number(expected["auc_upper"]));
      compare.expect(what + " variance", oriented.variance, golden_number(expected["auc_variance"]), 1e-15);
      EXPECT_NEAR(oriented.variance, raw.variance, 1e-12 * raw.variance) << what;
      EXPECT_DOUBLE_EQ(area_under_roc(values, input.labels), raw.auc) << what;

      std::vector<double> cases, controls;
      for (std::size_t i = 0; i < values.size(); ++i)
        (input.labels[i] ? cases : controls).push_back(values[i]);
      // The sample whose W is below mn / 2 first: wilcoxon_rank_sum_test takes an exact upper tail as
      // 1 - P(W <= w - 1), which loses digits below p ~ 1e-7 (R sums the upper tail).
      const auto mann_whitney =
          raw.auc > 0.5 ? wilcoxon_rank_sum_test(controls, cases) : wilcoxon_rank_sum_test(cases, controls);
      compare.expect(what + " Mann-Whitney p", mann_whitney.p, golden_number(expected["p_mannwhitney"]));
      compare.expect(what + " t-test p", welch_t_test(cases, controls).p, golden_number(expected["p_ttest"]));
    }
  }
  EXPECT_GE(flipped, 10);
  std::cout << "[ROC golden] " << features << " features, " << compare.compared()
            << " values, worst relative " << compare.worst() << " (" << compare.worst_what() << ")\n";
}

TEST(RocCurveGolden, DelongTestOfTwoCorrelatedAucsMatchesRocTest) {
  const auto golden = testing::read_univariate_golden("delong_tests.csv");
  GoldenComparison compare(kTolerance);
  for (std::size_t row = 0; row < golden.rows.size(); ++row) {
    auto expected = testing::golden_row(golden, row);
    if (expected["table"] == "sts" && !shared_data_present()) continue;
    const auto input = testing::load_univariate_input(expected["table"]);
    const std::string what = expected["table"] + " " + expected["feature1"] + " vs " + expected["feature2"];
    const auto test =
        delong_test(input.column(expected["feature1"]), input.column(expected["feature2"]), input.labels);
    compare.expect(what + " auc1", test.auc1, golden_number(expected["auc1"]));
    compare.expect(what + " auc2", test.auc2, golden_number(expected["auc2"]));
    compare.expect(what + " z", test.z, golden_number(expected["z"]));
    compare.expect(what + " p", test.p, golden_number(expected["p"]));
    compare.expect(what + " lower", test.lower, golden_number(expected["lower"]));
    compare.expect(what + " upper", test.upper, golden_number(expected["upper"]));
  }
  EXPECT_GE(compare.compared(), 48);
  std::cout << "[DeLong test golden] " << compare.compared() << " values, worst relative " << compare.worst()
            << "\n";
}

TEST(RocCurveGolden, CurvePointsMatchPRocThresholds) {
  const auto golden = testing::read_univariate_golden("roc_points.csv");
  GoldenComparison compare(kTolerance);
  std::map<std::pair<std::string, std::string>, std::vector<std::size_t>> rows_of_curve;
  for (std::size_t row = 0; row < golden.rows.size(); ++row)
    rows_of_curve[{golden.rows[row][0], golden.rows[row][1]}].push_back(row);
  for (const auto& [curve_key, rows] : rows_of_curve) {
    if (curve_key.first == "sts" && !shared_data_present()) continue;
    const auto input = testing::load_univariate_input(curve_key.first);
    const auto curve = roc_curve(input.column(curve_key.second), input.labels);
    ASSERT_EQ(curve.size(), rows.size()) << curve_key.second;
    for (std::size_t k = 0; k < rows.size(); ++k) {
      const auto& expected = golden.rows[rows[k]];
      const std::string what = curve_key.first + " " + curve_key.second + " point " + std::to_string(k);
      const double threshold = golden_number(expected[2]);
      if (std::isinf(threshold))
        EXPECT_EQ(curve[k].threshold, threshold) << what;
      else
        compare.expect(what + " threshold", curve[k].threshold, threshold, 1e-12);
      compare.expect(what + " sensitivity", curve[k].sensitivity, golden_number(expected[3]));
      compare.expect(what + " specificity", curve[k].specificity, golden_number(expected[4]));
    }
  }
  std::cout << "[ROC points golden] " << compare.compared() << " values, worst relative " << compare.worst()
            << "\n";
}

}  // namespace
}  // namespace radstudy::stats
