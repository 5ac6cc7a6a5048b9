#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "cli_runner.hpp"
#include "core/csv.hpp"
#include "core/data_table.hpp"
#include "core/seeded_random.hpp"
#include "stats/golden_comparison.hpp"
#include "stats/univariate_golden.hpp"
#include "study/univariate_analysis.hpp"

namespace radstudy::testing {
namespace {

void write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream stream(path, std::ios::binary);
  stream << text;
}

std::map<std::string, std::vector<std::string>> rows_by_first_column(const core::CsvTable& table) {
  std::map<std::string, std::vector<std::string>> rows;
  for (const auto& row : table.rows) rows[row[0]] = row;
  return rows;
}

// `radstudy univariate` on the STS features (lung_mets) and the synthetic tables: every column of
// univariate.csv, the Spearman matrix and the PCA variance against tests/golden/univariate.
TEST(UnivariateCommand, OutputsMatchR) {
  std::vector<std::string> tables{"small", "large", "tiny"};
  if (std::filesystem::exists(shared_dir() / "data/sts/clinical.csv") || running_in_ci())
    tables.push_back("sts");
  GoldenComparison compare(1e-9);
  for (const auto& table : tables) {
    const auto input = load_univariate_input(table);
    const auto out = fresh_directory("univariate_" + table);
    const auto result =
        run_radstudy("univariate --features " + shell_quoted(input.features_path) + " --clinical " +
                     shell_quoted(input.clinical_path) + " --id " + input.id_column + " --label " +
                     input.label_column + " --out " + shell_quoted(out));
    ASSERT_EQ(result.exit_code, 0) << result.output;

    const auto actual = core::read_csv((out / "univariate.csv").string());
    const auto golden = read_univariate_golden(table + "_univariate.csv");
    ASSERT_EQ(actual.rows.size(), golden.rows.size()) << table;
    const std::vector<std::string> numeric{
        "auc",      "auc_lower", "auc_upper", "p_mannwhitney", "p_ttest",          "mean_0",    "mean_1",
        "median_0", "median_1",  "n_0",       "n_1",           "p_mannwhitney_bh", "p_ttest_bh"};
    for (std::size_t row = 0; row < golden.rows.size(); ++row) {
      auto expected = golden_row(golden, row);
      auto got = golden_row(actual, row);
      const std::string what = table + " " + expected["feature"];
      ASSERT_EQ(got["feature"], expected["feature"]);
      EXPECT_EQ(got["direction"], expected["direction"]) << what;
      for (const auto& column : numeric)
        compare.expect(what + " " + column, golden_number(got[column]), golden_number(expected[column]),
                       column.starts_with("mean") || column.starts_with("median") ? 1e-300 : 1e-12);
    }
    const auto spearman = rows_by_first_column(core::read_csv((out / "spearman.csv").string()));
    const auto spearman_golden = read_univariate_golden(table + "_spearman.csv");
    for (const auto& row : spearman_golden.rows)
      for (std::size_t j = 1; j < row.size(); ++j)
        compare.expect(table + " spearman " + row[0], golden_number(spearman.at(row[0])[j]),
                       golden_number(row[j]), 1e-3);
    const auto variance = core::read_csv((out / "pca_variance.csv").string());
    const auto variance_golden = read_univariate_golden(table + "_pca_variance.csv");
    ASSERT_EQ(variance.rows.size(), variance_golden.rows.size());
    for (std::size_t k = 0; k < variance.rows.size(); ++k)
      compare.expect(table + " PCA proportion " + variance.rows[k][0], golden_number(variance.rows[k][2]),
                     golden_number(variance_golden.rows[k][2]), 1e-12);
    EXPECT_TRUE(std::filesystem::exists(out / "pca_scores.csv"));
    EXPECT_TRUE(std::filesystem::exists(out / "pca_loadings.csv"));
    std::filesystem::remove_all(out);
  }
  std::cout << "[univariate CLI golden] " << compare.compared() << " values, worst relative "
            << compare.worst() << " (" << compare.worst_what() << ")\n";
}

struct BadInputCase {
  std::string name, features, clinical, extra_arguments, expected_message;
  int expected_exit;
};

TEST(UnivariateCommand, BadInputGivesClearMessages) {
  const auto dir = fresh_directory("univariate_bad");
  const std::string features = "id,f1,f2\nA,1,5\nB,2,3\nC,3,8\nD,4,1\nE,5,2\n";
  const std::string clinical = "id,y\nA,0\nB,0\nC,1\nD,1\nE,1\n";
  const std::vector<BadInputCase> cases{
      {"label_not_binary", features, "id,y\nA,0\nB,2\nC,1\nD,1\nE,1\n", "", "'y' must be 0 or 1; B (2)", 1},
      {"label_missing", features, "id,y\nA,0\nB,NA\nC,1\nD,1\nE,1\n", "", "'y' is missing for B", 1},
      {"label_text", features, "id,y\nA,no\nB,no\nC,yes\nD,yes\nE,yes\n", "", "case A has 'no'", 1},
      {"one_class", features, "id,y\nA,1\nB,1\nC,1\nD,1\nE,1\n", "", "0 case(s) of class 0", 1},
      {"single_case_class", features, "id,y\nA,0\nB,1\nC,1\nD,1\nE,1\n", "", "1 case(s) of class 0", 1},
      {"ids_differ", features, "id,y\nA,0\nB,0\nC,1\nD,1\nX,1\n", "", "only in", 1},
      {"non_numeric", "id,f1,f2\nA,1,5\nB,2,3\nC,abc,8\nD,4,1\nE,5,2\n", clinical, "", "case C has 'abc'", 1},
      {"no_label_column", features, clinical, "", "no column 'outcome'", 1},
      {"no_usable_feature", "id,f1\nA,1\nB,1\nC,1\nD,1\nE,1\n", clinical, "", "no feature", 1},
  };
  for (const auto& bad : cases) {
    write_text(dir / (bad.name + "_f.csv"), bad.features);
    write_text(dir / (bad.name + "_c.csv"), bad.clinical);
    const std::string label = bad.name == "no_label_column" ? "outcome" : "y";
    const auto result = run_radstudy("univariate --features " + shell_quoted(dir / (bad.name + "_f.csv")) +
                                     " --clinical " + shell_quoted(dir / (bad.name + "_c.csv")) +
                                     " --label " + label + " --out " + shell_quoted(dir / bad.name));
    EXPECT_EQ(result.exit_code, bad.expected_exit) << bad.name << ": " << result.output;
    EXPECT_NE(result.output.find(bad.expected_message), std::string::npos)
        << bad.name << ": " << result.output;
    EXPECT_EQ(result.output.find("nan"), std::string::npos) << bad.name << ": " << result.output;
  }
  // Missing --label: a usage error.
  EXPECT_EQ(
      run_radstudy("univariate --features x.csv --clinical y.csv --out " + shell_quoted(dir / "z")).exit_code,
      2);
  std::filesystem::remove_all(dir);
}

// Features with missing values and constant features are skipped with a note naming them (and the cases).
TEST(UnivariateCommand, SkippedFeaturesAreNamed) {
  const auto dir = fresh_directory("univariate_skip");
  write_text(dir / "f.csv",
             "id,good,holes,flat,other\nA,1,5,7,2\nB,2,NA,7,1\nC,3,8,7,4\nD,4,,7,3\nE,5,2,7,6\n");
  write_text(dir / "c.csv", "id,y\nE,1\nD,1\nC,1\nB,0\nA,0\n");
  const auto result =
      run_radstudy("univariate --features " + shell_quoted(dir / "f.csv") + " --clinical " +
                   shell_quoted(dir / "c.csv") + " --label y --out " + shell_quoted(dir / "out"));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("feature 'holes' skipped: missing for B, D"), std::string::npos)
      << result.output;
  EXPECT_NE(result.output.find("constant feature(s) skipped"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("flat"), std::string::npos) << result.output;
  const auto table = core::read_csv((dir / "out" / "univariate.csv").string());
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_EQ(table.rows[0][0], "good");
  EXPECT_EQ(table.rows[0][1], "1");  // perfectly separated, higher in class 1
  EXPECT_EQ(table.rows[0][4], "higher_in_1");
  EXPECT_EQ(table.rows[1][0], "other");
  std::filesystem::remove_all(dir);
}


}  // namespace
}  // namespace radstudy::testing
