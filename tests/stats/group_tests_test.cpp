#include "stats/group_tests.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <vector>

#include "core/errors.hpp"
#include "table1_golden.hpp"

namespace radstudy::stats {
namespace {

using testing::golden_number;
using testing::read_table1_golden;
using testing::GoldenComparison;

constexpr double kTolerance = 1e-9;

// case -> group -> values, from a long golden table (case,group,value).
std::map<std::string, std::map<std::string, std::vector<double>>> grouped_samples(const std::string& name) {
  const auto csv = read_table1_golden(name);
  std::map<std::string, std::map<std::string, std::vector<double>>> samples;
  for (const auto& row : csv.rows) samples[row[0]][row[1]].push_back(golden_number(row[2]));
  return samples;
}

TEST(GroupTestsGolden, TwoSampleTestsMatchR) {
  const auto samples = grouped_samples("two_sample_samples.csv");
  const auto results = read_table1_golden("two_sample_results.csv");
  GoldenComparison compare(kTolerance);
  int exact_cases = 0, normal_cases = 0;
  for (const auto& row : results.rows) {
    const auto& sample = samples.at(row[0]);
    const auto& x = sample.at("x");
    const auto& y = sample.at("y");
    const std::string label = "case " + row[0];
    const auto welch = welch_t_test(x, y);
    compare.expect(label + " Welch t", welch.statistic, golden_number(row[1]));
    compare.expect(label + " Welch df", welch.degrees_of_freedom, golden_number(row[2]));
    compare.expect(label + " Welch p", welch.p, golden_number(row[3]));
    const auto student = student_t_test(x, y);
    compare.expect(label + " Student t", student.statistic, golden_number(row[4]));
    compare.expect(label + " Student df", student.degrees_of_freedom, golden_number(row[5]));
    compare.expect(label + " Student p", student.p, golden_number(row[6]));
    const auto wilcoxon = wilcoxon_rank_sum_test(x, y);
    compare.expect(label + " W", wilcoxon.statistic, golden_number(row[7]));
    compare.expect(label + " Wilcoxon p (R's default path)", wilcoxon.p, golden_number(row[8]));
    EXPECT_EQ(wilcoxon.method, row[9]) << label;
    (wilcoxon.method == "Wilcoxon rank sum exact test" ? exact_cases : normal_cases)++;
    if (!std::isnan(golden_number(row[10])))
      compare.expect(label + " exact Wilcoxon p", wilcoxon_rank_sum_test(x, y, WilcoxonMethod::exact).p, golden_number(row[10]));
    else
      EXPECT_THROW(wilcoxon_rank_sum_test(x, y, WilcoxonMethod::exact), InputError) << label;
    compare.expect(label + " normal Wilcoxon p", wilcoxon_rank_sum_test(x, y, WilcoxonMethod::normal).p, golden_number(row[11]));
    compare.expect(label + " uncorrected normal Wilcoxon p", wilcoxon_rank_sum_test(x, y, WilcoxonMethod::normal, false).p, golden_number(row[12]));
  }
  EXPECT_GE(exact_cases, 5);
  EXPECT_GE(normal_cases, 5);
  compare.report("two-sample t and Wilcoxon");
}

TEST(GroupTestsGolden, WilcoxonDistributionMatchesPwilcox) {
  const auto results = read_table1_golden("pwilcox_results.csv");
  GoldenComparison compare(kTolerance);
  for (const auto& row : results.rows) {
    const double expected = golden_number(row[3]);
    const double actual = wilcoxon_rank_sum_cdf(golden_number(row[0]), std::stoi(row[1]), std::stoi(row[2]));
    if (expected == 0.0)
      EXPECT_EQ(actual, 0.0);
    else
      compare.expect("pwilcox(" + row[0] + ", " + row[1] + ", " + row[2] + ")", actual, expected);
  }
  compare.report("pwilcox");
}

TEST(GroupTestsGolden, ShapiroWilkMatchesR) {
  std::map<std::string, std::vector<double>> samples;  // sample,value
  for (const auto& row : read_table1_golden("shapiro_samples.csv").rows)
    samples[row[0]].push_back(golden_number(row[1]));
  const auto results = read_table1_golden("shapiro_results.csv");
  GoldenComparison compare(kTolerance);
  for (const auto& row : results.rows) {
    const auto& values = samples.at(row[0]);
    ASSERT_EQ(values.size(), static_cast<std::size_t>(std::stoi(row[1])));
    const auto result = shapiro_wilk_test(values);
    compare.expect("sample " + row[0] + " (n = " + row[1] + ") W", result.w, golden_number(row[2]));
    compare.expect("sample " + row[0] + " (n = " + row[1] + ") p", result.p, golden_number(row[3]));
  }
  compare.report("Shapiro-Wilk W and p");
}

TEST(GroupTestsGolden, KSampleTestsMatchR) {
  const auto samples = grouped_samples("multi_group_samples.csv");
  const auto results = read_table1_golden("multi_group_results.csv");
  GoldenComparison compare(kTolerance);
  for (const auto& row : results.rows) {
    std::vector<std::vector<double>> groups;
    for (const auto& [group, values] : samples.at(row[0])) groups.push_back(values);
    const std::string label = "case " + row[0];
    const auto kruskal = kruskal_wallis_test(groups);
    compare.expect(label + " Kruskal-Wallis H", kruskal.statistic, golden_number(row[1]));
    compare.expect(label + " Kruskal-Wallis df", kruskal.degrees_of_freedom, golden_number(row[2]));
    compare.expect(label + " Kruskal-Wallis p", kruskal.p, golden_number(row[3]));
    const auto welch = welch_anova(groups);
    compare.expect(label + " Welch F", welch.statistic, golden_number(row[4]));
    compare.expect(label + " Welch df1", welch.degrees_of_freedom, golden_number(row[5]));
    compare.expect(label + " Welch df2", welch.denominator_degrees_of_freedom, golden_number(row[6]));
    compare.expect(label + " Welch p", welch.p, golden_number(row[7]));
    const auto anova = one_way_anova(groups);
    compare.expect(label + " ANOVA F", anova.statistic, golden_number(row[8]));
    compare.expect(label + " ANOVA df2", anova.denominator_degrees_of_freedom, golden_number(row[9]));
    compare.expect(label + " ANOVA p", anova.p, golden_number(row[10]));
  }
  compare.report("Kruskal-Wallis, Welch ANOVA, ANOVA");
}

TEST(GroupTests, QuantilesFollowRType7) {
  const std::vector<double> values{7, 1, 3, 10, 2, 2};  // sorted: 1 2 2 3 7 10
  EXPECT_DOUBLE_EQ(sample_quantile(values, 0.5), 2.5);
  EXPECT_DOUBLE_EQ(sample_quantile(values, 0.25), 2.0);
  EXPECT_DOUBLE_EQ(sample_quantile(values, 0.75), 6.0);
  EXPECT_DOUBLE_EQ(sample_quantile(values, 0.0), 1.0);
  EXPECT_DOUBLE_EQ(sample_quantile(values, 1.0), 10.0);
  const std::vector<double> ranks = average_ranks(values);
  EXPECT_EQ(ranks, (std::vector<double>{5, 1, 4, 6, 2.5, 2.5}));
}

TEST(GroupTests, MissingValuesAreIgnoredAsNaOmit) {
  const double nan = std::nan("");
  const std::vector<double> x{1.0, nan, 2.5, 3.0}, y{4.0, 5.5, nan, 6.0, 7.0};
  const std::vector<double> x_clean{1.0, 2.5, 3.0}, y_clean{4.0, 5.5, 6.0, 7.0};
  EXPECT_EQ(welch_t_test(x, y).p, welch_t_test(x_clean, y_clean).p);
  EXPECT_EQ(wilcoxon_rank_sum_test(x, y).p, wilcoxon_rank_sum_test(x_clean, y_clean).p);
  EXPECT_DOUBLE_EQ(sample_mean(x), 6.5 / 3);
}

TEST(GroupTests, BadInputIsRefusedWithAMessage) {
  const std::vector<double> one{1.0}, two{1.0, 2.0}, constant{3.0, 3.0, 3.0}, infinite{1.0, INFINITY, 2.0};
  EXPECT_THROW(welch_t_test(one, two), InputError);
  EXPECT_THROW(welch_t_test(infinite, two), InputError);
  EXPECT_THROW(welch_t_test(constant, constant), NumericalError);
  EXPECT_THROW(wilcoxon_rank_sum_test(std::vector<double>{}, two), InputError);
  EXPECT_THROW(wilcoxon_rank_sum_test(constant, constant, WilcoxonMethod::normal), NumericalError);
  EXPECT_THROW(shapiro_wilk_test(two), InputError);
  EXPECT_THROW(shapiro_wilk_test(constant), InputError);
  EXPECT_THROW(kruskal_wallis_test({two, {}}), InputError);
  EXPECT_THROW(welch_anova({two, one, two}), InputError);
  try {
    shapiro_wilk_test(two);
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("between 3 and 5000"), std::string::npos) << error.what();
  }
}

TEST(GroupTests, ExactWilcoxonKeepsTheDigitsOfTinyUpperTails) {
  // Two samples of 20 separated completely, x above y: p = 2 / choose(40, 20) exactly.
  std::vector<double> x, y;
  for (int k = 0; k < 20; ++k) {
    x.push_back(100.0 + k);
    y.push_back(k);
  }
  const double expected = 2.0 / 137846528820.0;
  EXPECT_NEAR(wilcoxon_rank_sum_test(x, y).p, expected, 1e-12 * expected);
  EXPECT_NEAR(wilcoxon_rank_sum_test(y, x).p, expected, 1e-12 * expected);
}

}  // namespace
}  // namespace radstudy::stats
