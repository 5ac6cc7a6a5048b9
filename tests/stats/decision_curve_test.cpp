#include "stats/decision_curve.hpp"

#include <gtest/gtest.h>

namespace radstudy::stats {
namespace {

// Ten cases, four with the outcome. Worked by hand from NB = TP/n - FP/n * pt / (1 - pt), treating
// the cases with probability >= pt.
const std::vector<double> kProbability = {0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05};
const std::vector<int> kOutcome = {1, 1, 0, 1, 0, 0, 1, 0, 0, 0};

TEST(DecisionCurve, NetBenefitByHand) {
  const auto curve = net_benefit_curve(kProbability, kOutcome, {0.25, 0.5, 0.75, 0.95});
  // pt 0.25: treated 0.9..0.3 (7 cases): TP 4, FP 3 -> 4/10 - 3/10 * (0.25/0.75) = 0.4 - 0.1 = 0.3
  EXPECT_EQ(curve[0].true_positives, 4);
  EXPECT_EQ(curve[0].false_positives, 3);
  EXPECT_NEAR(curve[0].net_benefit, 0.3, 1e-15);
  // pt 0.5: treated 0.9..0.5 (5): TP 3, FP 2 -> 0.3 - 0.2 * 1 = 0.1
  EXPECT_NEAR(curve[1].net_benefit, 0.1, 1e-15);
  // pt 0.75: treated 0.9, 0.8: TP 2, FP 0 -> 0.2
  EXPECT_NEAR(curve[2].net_benefit, 0.2, 1e-15);
  // pt 0.95: nobody treated -> 0
  EXPECT_EQ(curve[3].net_benefit, 0.0);
}

TEST(DecisionCurve, TreatAllIsPrevalenceMinusWeightedComplement) {
  const auto curve = treat_all_curve(kOutcome, {0.2, 0.4});
  // 0.4 - 0.6 * 0.2/0.8 = 0.25; 0.4 - 0.6 * 0.4/0.6 = 0
  EXPECT_NEAR(curve[0].net_benefit, 0.25, 1e-15);
  EXPECT_NEAR(curve[1].net_benefit, 0.0, 1e-15);
}

TEST(DecisionCurve, ThresholdsArePercents) {
  const auto thresholds = percent_thresholds();
  ASSERT_EQ(thresholds.size(), 99u);
  EXPECT_EQ(thresholds.front(), 0.01);
  EXPECT_EQ(thresholds[49], 0.5);
  EXPECT_EQ(thresholds.back(), 0.99);
}

}  // namespace
}  // namespace radstudy::stats
