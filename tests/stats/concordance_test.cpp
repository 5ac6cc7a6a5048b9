#include "stats/concordance.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>

#include "core/csv.hpp"
#include "core/errors.hpp"
#include "stats/golden_comparison.hpp"
#include "test_data.hpp"

namespace radstudy::stats {
namespace {

using testing::cox_golden_path;
using testing::golden_number;

// concordance(Surv(time, event) ~ risk, reverse = TRUE) from tests/golden/cox/make_golden.R.
TEST(ConcordanceTest, AgreesWithSurvivalConcordanceOnEveryGoldenScore) {
  RADSTUDY_REQUIRE_SHARED("data/sts/clinical.csv");
  const core::CsvTable cases = core::read_csv(cox_golden_path("concordance_cases.csv"));
  const core::CsvTable expected_table = core::read_csv(cox_golden_path("concordance_expected.csv"));
  ASSERT_GE(cases.rows.size(), 7u);
  testing::GoldenComparison compare(1e-12);
  for (const auto& row : cases.rows) {
    SCOPED_TRACE(row[0]);
    const core::CsvTable data = core::read_csv(cox_golden_path(row[1]));
    std::vector<double> time, risk;
    std::vector<int> event;
    for (const auto& values : data.rows) {
      time.push_back(golden_number(values[0]));
      event.push_back(std::stoi(values[1]));
      risk.push_back(golden_number(values[2]));
    }
    std::map<std::string, double> expected;
    for (const auto& values : expected_table.rows)
      if (values[0] == row[0]) expected[values[1]] = golden_number(values[2]);
    ASSERT_EQ(expected.size(), 7u);

    const Concordance c = harrell_concordance(time, event, risk);
    compare.expect(row[0] + " concordance", c.c_index, expected["concordance"]);
    compare.expect(row[0] + " concordance_se", c.std_err, expected["concordance_se"]);
    compare.expect(row[0] + " concordant", c.concordant, expected["concordant"]);
    compare.expect(row[0] + " discordant", c.discordant, expected["discordant"]);
    compare.expect(row[0] + " tied.x", c.tied_risk, expected["tied.x"]);
    compare.expect(row[0] + " tied.y", c.tied_time, expected["tied.y"]);
    compare.expect(row[0] + " tied.xy", c.tied_both, expected["tied.xy"]);
  }
  std::cout << "[ golden   ] " << compare.compared() << " concordance values; worst relative difference "
            << compare.worst() << " (" << compare.worst_what() << ")\n";
}

// The pair-by-pair definition (n^2) with concordancefit's jackknife, against the O(n log n) sweeps.
Concordance concordance_by_pairs(const std::vector<double>& time, const std::vector<int>& event,
                                 const std::vector<double>& risk) {
  const std::size_t n = time.size();
  Concordance result;
  std::vector<double> own_concordant(n), own_discordant(n), own_tied(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (event[i] != 1) continue;
    for (std::size_t j = 0; j < n; ++j) {
      if (j == i) continue;
      if (time[j] == time[i] && event[j] == 1) {
        if (j > i) (risk[i] == risk[j] ? result.tied_both : result.tied_time) += 1;
        continue;
      }
      if (time[j] < time[i]) continue;
      double* outcome = risk[i] > risk[j]   ? &result.concordant
                        : risk[i] < risk[j] ? &result.discordant
                                            : &result.tied_risk;
      std::vector<double>& own = risk[i] > risk[j]   ? own_concordant
                                 : risk[i] < risk[j] ? own_discordant
                                                     : own_tied;
      *outcome += 1;
      own[i] += 1;
      own[j] += 1;
    }
  }
  const double pairs = result.concordant + result.discordant + result.tied_risk;
  const double d = (result.concordant - result.discordant) / pairs;
  double variance = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double influence = (own_concordant[i] - own_discordant[i]) / pairs -
                             d / pairs * (own_concordant[i] + own_discordant[i] + own_tied[i]);
    variance += influence * influence;
  }
  result.c_index = (d + 1) / 2;
  result.std_err = std::sqrt(variance / 4);
  return result;
}

TEST(ConcordanceTest, SweepsEqualThePairByPairDefinitionWithTies) {
  std::mt19937 generator(3);
  for (int trial = 0; trial < 20; ++trial) {
    const int n = 20 + 37 * trial;
    std::uniform_int_distribution<int> time_level(1, 2 + trial);      // heavy ties in time
    std::uniform_int_distribution<int> risk_level(0, 1 + trial % 7);  // and in the score
    std::bernoulli_distribution dies(0.2 + 0.03 * trial);
    std::vector<double> time, risk;
    std::vector<int> event;
    for (int i = 0; i < n; ++i) {
      time.push_back(time_level(generator));
      event.push_back(dies(generator) ? 1 : 0);
      risk.push_back(0.5 * risk_level(generator));
    }
    event[0] = 1;
    time[0] = 1;
    time[1] = 3 + trial;
    const Concordance fast = harrell_concordance(time, event, risk);
    const Concordance slow = concordance_by_pairs(time, event, risk);
    EXPECT_EQ(fast.concordant, slow.concordant) << trial;
    EXPECT_EQ(fast.discordant, slow.discordant) << trial;
    EXPECT_EQ(fast.tied_risk, slow.tied_risk) << trial;
    EXPECT_EQ(fast.tied_time, slow.tied_time) << trial;
    EXPECT_EQ(fast.tied_both, slow.tied_both) << trial;
    EXPECT_NEAR(fast.c_index, slow.c_index, 1e-14) << trial;
    EXPECT_NEAR(fast.std_err, slow.std_err, 1e-13 * slow.std_err) << trial;
  }
}

TEST(ConcordanceTest, ReversingTheScoreMirrorsTheIndex) {
  const std::vector<double> time{2, 4, 4, 5, 7, 9, 9, 12};
  const std::vector<int> event{1, 1, 0, 1, 0, 1, 1, 0};
  const std::vector<double> risk{3, 2.5, 2.5, 1, 4, 0, 0.5, -1};
  std::vector<double> reversed;
  for (double value : risk) reversed.push_back(-value);
  const Concordance c = harrell_concordance(time, event, risk);
  const Concordance r = harrell_concordance(time, event, reversed);
  EXPECT_DOUBLE_EQ(c.c_index, 1.0 - r.c_index);
  EXPECT_DOUBLE_EQ(c.std_err, r.std_err);
  EXPECT_EQ(c.concordant, r.discordant);
  EXPECT_EQ(c.tied_risk, r.tied_risk);
}

TEST(ConcordanceTest, BadInputIsNamed) {
  const auto message_of = [](const std::vector<double>& time, const std::vector<int>& event,
                             const std::vector<double>& risk) {
    try {
      harrell_concordance(time, event, risk);
    } catch (const InputError& error) {
      return std::string("InputError: ") + error.what();
    } catch (const NumericalError& error) {
      return std::string("NumericalError: ") + error.what();
    }
    return std::string("accepted");
  };
  EXPECT_NE(message_of({1, 2, 3}, {1, 1, 0}, {0.1, std::nan(""), 0.3})
                .find("InputError: concordance: case 2 has a missing or infinite score"),
            std::string::npos);
  EXPECT_NE(
      message_of({1, HUGE_VAL, 3}, {1, 1, 0}, {0.1, 0.2, 0.3}).find("case 2 has a missing or infinite time"),
      std::string::npos);
  EXPECT_NE(message_of({1, 2, 3}, {1, -1, 0}, {0.1, 0.2, 0.3}).find("case 2 has event code -1"),
            std::string::npos);
  EXPECT_NE(message_of({1, 2}, {1, 1, 0}, {0.1, 0.2, 0.3}).find("InputError"), std::string::npos);
  EXPECT_NE(message_of({1, 2, 3}, {0, 0, 0}, {0.1, 0.2, 0.3})
                .find("NumericalError: concordance: no comparable pair"),
            std::string::npos);
  EXPECT_NE(message_of({1, 2, 3}, {0, 0, 1}, {0.1, 0.2, 0.3}).find("NumericalError"), std::string::npos);
}

}  // namespace
}  // namespace radstudy::stats
