#include "stats/contingency_tests.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <vector>

#include "core/data_table.hpp"
#include "table1_golden.hpp"
#include "test_data.hpp"

namespace radstudy::stats {
namespace {

using testing::golden_number;
using testing::read_table1_golden;
using testing::GoldenComparison;

constexpr double kTolerance = 1e-9;

std::map<std::string, CountTable> golden_tables() {
  const auto csv = read_table1_golden("tables.csv");
  std::map<std::string, CountTable> tables;
  for (const auto& row : csv.rows) {
    auto& table = tables[row[0]];
    const auto r = static_cast<std::size_t>(std::stoi(row[1]) - 1),
               c = static_cast<std::size_t>(std::stoi(row[2]) - 1);
    if (table.size() <= r) table.resize(r + 1);
    if (table[r].size() <= c) table[r].resize(c + 1, 0);
    table[r][c] = std::stoll(row[3]);
  }
  return tables;
}

TEST(ContingencyTestsGolden, ChiSquareAndFisherMatchR) {
  const auto tables = golden_tables();
  const auto results = read_table1_golden("table_results.csv");
  GoldenComparison compare(kTolerance);
  int fisher_rxc = 0;
  for (const auto& row : results.rows) {
    const auto& table = tables.at(row[0]);
    const std::string label = "table " + row[0] + " (" + std::to_string(table.size()) + " x " +
                              std::to_string(table.front().size()) + ")";
    if (!std::isnan(golden_number(row[1]))) {
      const auto chi = pearson_chi_square_test(table);
      compare.expect(label + " chi-square", chi.statistic, golden_number(row[1]));
      compare.expect(label + " df", chi.degrees_of_freedom, golden_number(row[2]));
      compare.expect(label + " chi-square p", chi.p, golden_number(row[3]));
      EXPECT_EQ(chi.method, row[4]) << label;
      const auto plain = pearson_chi_square_test(table, false);
      compare.expect(label + " uncorrected chi-square", plain.statistic, golden_number(row[5]));
      compare.expect(label + " uncorrected chi-square p", plain.p, golden_number(row[6]));
    } else {
      EXPECT_THROW(pearson_chi_square_test(table), InputError) << label;
    }
    compare.expect(label + " Fisher p", fisher_exact_test(table).p, golden_number(row[7]));
    if (table.size() * table.front().size() > 4) ++fisher_rxc;
  }
  EXPECT_GE(fisher_rxc, 8);
  compare.report("chi-square and Fisher");
}

// The brief's STS checks: lung_mets against age, sex, grade, histology, site, treatment.
TEST(ContingencyTestsGolden, StsClinicalTablesMatchR) {
  RADSTUDY_REQUIRE_SHARED("data/sts/clinical.csv");
  const auto data = core::DataTable::read((testing::shared_dir() / "data/sts/clinical.csv").string(), "id");
  const auto results = read_table1_golden("sts_tests.csv");
  std::map<std::string, std::pair<double, double>> expected;
  for (const auto& row : results.rows) expected[row[0]] = {golden_number(row[1]), golden_number(row[2])};
  const auto& group = data.column("lung_mets");
  GoldenComparison compare(kTolerance);

  std::vector<double> age0, age1, days0, days1;
  for (std::size_t r = 0; r < data.row_count(); ++r) {
    const bool mets = *group.labels[r] == "1";
    (mets ? age1 : age0).push_back(data.numbers("age")[r]);
    (mets ? days1 : days0).push_back(data.numbers("os_days")[r]);
  }
  compare.expect("age Welch p", welch_t_test(age0, age1).p, expected["age_welch"].second);
  compare.expect("age Welch t", welch_t_test(age0, age1).statistic, expected["age_welch"].first);
  compare.expect("age Student p", student_t_test(age0, age1).p, expected["age_student"].second);
  compare.expect("age W", wilcoxon_rank_sum_test(age0, age1).statistic, expected["age_wilcox"].first);
  compare.expect("age Wilcoxon p", wilcoxon_rank_sum_test(age0, age1).p, expected["age_wilcox"].second);
  compare.expect("age Shapiro W (no mets)", shapiro_wilk_test(age0).w, expected["age_shapiro_0"].first);
  compare.expect("age Shapiro p (no mets)", shapiro_wilk_test(age0).p, expected["age_shapiro_0"].second);
  compare.expect("age Shapiro p (mets)", shapiro_wilk_test(age1).p, expected["age_shapiro_1"].second);
  compare.expect("os_days Wilcoxon p", wilcoxon_rank_sum_test(days0, days1).p, expected["os_days_wilcox"].second);

  for (const std::string variable : {"sex", "grade", "histology", "site", "treatment"}) {
    const auto& column = data.column(variable);
    std::map<std::string, std::vector<long long>> counts;  // level -> (no mets, mets); R's table() drops NA
    for (std::size_t r = 0; r < data.row_count(); ++r) {
      if (!column.labels[r]) continue;
      auto& line = counts[*column.labels[r]];
      line.resize(2, 0);
      ++line[*group.labels[r] == "1" ? 1 : 0];
    }
    CountTable table;
    for (const auto& [level, line] : counts) table.push_back(line);
    compare.expect(variable + " Fisher p", fisher_exact_test(table).p, expected[variable + "_fisher"].second);
    compare.expect(variable + " chi-square p", pearson_chi_square_test(table).p, expected[variable + "_chisq"].second);
    compare.expect(variable + " chi-square", pearson_chi_square_test(table).statistic, expected[variable + "_chisq"].first);
  }
  compare.report("STS clinical by lung_mets");
}

TEST(ContingencyTests, FisherTwoByTwoByHand) {
  // Tea tasting: 3 1 / 1 3; tables as or more extreme: 4 0 / 0 4, 3 1 / 1 3, and mirrored: (1 + 16) * 2 / 70.
  EXPECT_NEAR(fisher_exact_test({{3, 1}, {1, 3}}).p, 34.0 / 70.0, 1e-15);
  EXPECT_NEAR(fisher_exact_test({{4, 0}, {0, 4}}).p, 2.0 / 70.0, 1e-15);
  // Transposing, permuting rows or columns does not change the p-value.
  const CountTable table{{2, 5, 0, 1}, {3, 1, 4, 2}, {0, 2, 2, 6}};
  const CountTable transposed{{2, 3, 0}, {5, 1, 2}, {0, 4, 2}, {1, 2, 6}};
  const CountTable permuted{{3, 1, 4, 2}, {0, 2, 2, 6}, {2, 5, 0, 1}};
  EXPECT_NEAR(fisher_exact_test(table).p, fisher_exact_test(transposed).p, 1e-12);
  EXPECT_NEAR(fisher_exact_test(table).p, fisher_exact_test(permuted).p, 1e-12);
}

TEST(ContingencyTests, FisherRefusesAnEnumerationBeyondItsLimit) {
  const CountTable large{
      {20, 15, 22, 18, 25}, {17, 24, 19, 21, 16}, {23, 18, 20, 22, 19}, {15, 21, 24, 17, 20}};
  EXPECT_THROW(fisher_exact_test(large, 1000), FisherEnumerationTooLarge);
}

TEST(ContingencyTests, BadTablesAreRefused) {
  EXPECT_THROW(pearson_chi_square_test({{1, 2}}), InputError);
  EXPECT_THROW(pearson_chi_square_test({{1, 2}, {3}}), InputError);
  EXPECT_THROW(pearson_chi_square_test({{1, -2}, {3, 4}}), InputError);
  EXPECT_THROW(pearson_chi_square_test({{0, 0}, {3, 4}}), InputError);
  EXPECT_THROW(fisher_exact_test({{1}, {2}}), InputError);
  EXPECT_EQ(fisher_exact_test({{0, 0}, {3, 4}}).p, 1.0);
}

}  // namespace
}  // namespace radstudy::stats
