#include "stats/roc_curve.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "core/errors.hpp"
#include "stats/group_tests.hpp"
#include "stats/rank_sum_distribution.hpp"

namespace radstudy::stats {
namespace {

// Two controls (0.1, 0.4) and two cases (0.35, 0.8): case placements 1/2 and 1, control placements
// 1 and 1/2, AUC 3/4, DeLong variance 0.125 / 2 + 0.125 / 2.
TEST(RocCurve, HandWorkedDelongVariance) {
  const std::vector<double> score{0.1, 0.4, 0.35, 0.8};
  const std::vector<int> label{0, 0, 1, 1};
  const auto result = roc_auc(score, label);
  EXPECT_DOUBLE_EQ(result.auc, 0.75);
  EXPECT_DOUBLE_EQ(result.variance, 0.125);
  EXPECT_DOUBLE_EQ(result.lower, std::max(0.0, 0.75 - 1.959963984540054 * std::sqrt(0.125)));
  EXPECT_DOUBLE_EQ(result.upper, 1.0);
  EXPECT_DOUBLE_EQ(area_under_roc(score, label), 0.75);
}

TEST(RocCurve, TiesCountHalfAndAucIsNotFlipped) {
  // Every case below every control: AUC 0, not 1.
  EXPECT_DOUBLE_EQ(area_under_roc({5, 6, 1, 2}, {0, 0, 1, 1}), 0.0);
  // All scores equal: every pair tied.
  const auto tied = roc_auc({3, 3, 3, 3, 3}, {0, 1, 0, 1, 1});
  EXPECT_DOUBLE_EQ(tied.auc, 0.5);
  EXPECT_DOUBLE_EQ(tied.variance, 0.0);
  EXPECT_DOUBLE_EQ(tied.lower, 0.5);
  EXPECT_DOUBLE_EQ(tied.upper, 0.5);
}

TEST(RocCurve, BadInputThrows) {
  EXPECT_THROW(roc_auc({1, 2, 3}, {1, 1, 1}), InputError);
  EXPECT_THROW(roc_auc({1, 2, 3}, {0, 1, 1}), InputError);  // one control: no DeLong variance
  EXPECT_NO_THROW(area_under_roc({1, 2, 3}, {0, 1, 1}));
  EXPECT_THROW(area_under_roc({1, 2, 3}, {0, 0, 0}), InputError);
  EXPECT_THROW(area_under_roc({1, 2, 3}, {0, 2, 1}), InputError);
  EXPECT_THROW(area_under_roc({1, std::numeric_limits<double>::quiet_NaN(), 3}, {0, 1, 1}), InputError);
  EXPECT_THROW(area_under_roc({1, 2}, {0, 1, 1}), InputError);
  EXPECT_THROW(roc_auc({1, 2, 3, 4}, {0, 0, 1, 1}, 1.5), ConfigError);
}

TEST(RocCurve, DelongTestOfIdenticalScoresIsNull) {
  const std::vector<double> score{0.1, 0.4, 0.35, 0.8, 0.5};
  const std::vector<int> label{0, 0, 1, 1, 0};
  const auto test = delong_test(score, score, label);
  EXPECT_EQ(test.difference, 0.0);
  EXPECT_EQ(test.z, 0.0);
  EXPECT_DOUBLE_EQ(test.p, 1.0);
}

TEST(RocCurve, CurveHasThresholdsAtMidpoints) {
  const auto curve = roc_curve({0.1, 0.4, 0.35, 0.8}, {0, 0, 1, 1});
  ASSERT_EQ(curve.size(), 5u);
  EXPECT_EQ(curve.front().threshold, -std::numeric_limits<double>::infinity());
  EXPECT_DOUBLE_EQ(curve[1].threshold, 0.225);
  EXPECT_DOUBLE_EQ(curve[1].sensitivity, 1.0);
  EXPECT_DOUBLE_EQ(curve[1].specificity, 0.5);
  EXPECT_EQ(curve.back().threshold, std::numeric_limits<double>::infinity());
  EXPECT_DOUBLE_EQ(curve.back().sensitivity, 0.0);
  EXPECT_DOUBLE_EQ(curve.back().specificity, 1.0);
}

// The shared exact distribution gives wilcox.test's exact p: against wilcoxon_rank_sum_cdf (itself
// checked against pwilcox) on the lower side, and the two sides mirror each other.
TEST(RankSumExactDistribution, AgreesWithPwilcoxAndIsSymmetric) {
  for (const auto& [m, n] :
       std::vector<std::pair<int, int>>{{1, 1}, {2, 3}, {5, 5}, {12, 18}, {19, 32}, {49, 40}}) {
    const RankSumExactDistribution distribution(m, n);
    for (int w = 0; w <= m * n / 2; w += std::max(1, m * n / 37)) {
      const double expected = std::min(1.0, 2.0 * wilcoxon_rank_sum_cdf(w, m, n));
      EXPECT_NEAR(distribution.two_sided_p(w), expected, 1e-12 * expected) << m << " x " << n << " w " << w;
      EXPECT_NEAR(distribution.two_sided_p(m * n - w), distribution.two_sided_p(w), 1e-13 * expected);
    }
  }
  // Perfect separation of 12 and 18: 2 / choose(30, 12) exactly.
  EXPECT_NEAR(RankSumExactDistribution(12, 18).two_sided_p(216), 2.0 / 86493225.0, 1e-22);
  EXPECT_THROW(RankSumExactDistribution(0, 3), InputError);
  EXPECT_THROW(RankSumExactDistribution(2, 3).two_sided_p(7), InputError);
}

}  // namespace
}  // namespace radstudy::stats
