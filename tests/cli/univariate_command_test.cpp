#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

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
                     shell_quoted(input.clinical_path) + " --id-column " + input.id_column + " --outcome " +
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
                                     " --outcome " + label + " --out " + shell_quoted(dir / bad.name));
    EXPECT_EQ(result.exit_code, bad.expected_exit) << bad.name << ": " << result.output;
    EXPECT_NE(result.output.find(bad.expected_message), std::string::npos)
        << bad.name << ": " << result.output;
    EXPECT_EQ(result.output.find("nan"), std::string::npos) << bad.name << ": " << result.output;
  }
  // Missing --outcome: a usage error.
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
                   shell_quoted(dir / "c.csv") + " --outcome y --out " + shell_quoted(dir / "out"));
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

// Runs `radstudy <arguments>` (output discarded) and returns its exit code and peak resident memory.
std::pair<int, long> run_measured(const std::string& arguments) {
  const std::string command = "exec \"" + binary_path() + "\" " + arguments + " > /dev/null 2>&1";
  const pid_t pid = fork();
  if (pid == 0) {
    execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, usage.ru_maxrss * 1024L};
}

// 51 x 10,000: the full Spearman matrix would be 10^8 numbers (2 GB of text, 6 GB of memory before);
// by default it is left out with a note, and the command stays well under 1 GB.
TEST(UnivariateCommand, WideTableLeavesTheSpearmanMatrixOutAndStaysUnderOneGigabyte) {
  const auto dir = fresh_directory("univariate_wide");
  core::SeededRandom random(8);
  std::string features = "id", clinical = "id,y\n";
  for (int j = 0; j < 10000; ++j) features += ",f" + std::to_string(j);
  features += '\n';
  for (int i = 0; i < 51; ++i) {
    features += "c" + std::to_string(i);
    for (int j = 0; j < 10000; ++j) features += "," + std::to_string(random.normal() + (j < 5 && i % 3 == 0));
    features += '\n';
    clinical += "c" + std::to_string(i) + "," + std::to_string(i % 3 == 0 ? 1 : 0) + "\n";
  }
  write_text(dir / "f.csv", features);
  write_text(dir / "c.csv", clinical);
  const std::string arguments = "univariate --features " + shell_quoted(dir / "f.csv") + " --clinical " +
                                shell_quoted(dir / "c.csv") + " --outcome y ";
  const auto result = run_radstudy(arguments + "--out " + shell_quoted(dir / "auto"));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("spearman.csv not written: 10000 features make a 10000 x 10000 matrix"),
            std::string::npos)
      << result.output;
  EXPECT_NE(result.output.find("--spearman full writes it"), std::string::npos) << result.output;
  EXPECT_FALSE(std::filesystem::exists(dir / "auto" / "spearman.csv"));
  EXPECT_EQ(core::read_csv((dir / "auto" / "univariate.csv").string()).rows.size(), 10000u);
  EXPECT_TRUE(std::filesystem::exists(dir / "auto" / "pca_loadings.csv"));

  const auto [exit_code, peak_bytes] = run_measured(arguments + "--out " + shell_quoted(dir / "measured"));
  EXPECT_EQ(exit_code, 0);
  EXPECT_LT(peak_bytes, 1000L * 1000 * 1000) << "peak resident memory " << peak_bytes << " bytes";

  const auto none = run_radstudy(arguments + "--spearman none --out " + shell_quoted(dir / "none"));
  ASSERT_EQ(none.exit_code, 0) << none.output;
  EXPECT_EQ(none.output.find("spearman.csv"), std::string::npos) << none.output;
  EXPECT_FALSE(std::filesystem::exists(dir / "none" / "spearman.csv"));
  EXPECT_EQ(run_radstudy(arguments + "--spearman some --out " + shell_quoted(dir / "bad")).exit_code, 2);
  std::filesystem::remove_all(dir);
}

// --spearman full writes the matrix whatever the width; the default writes it up to the limit.
TEST(UnivariateCommand, SpearmanFullWritesTheMatrixAndNoneLeavesItOut) {
  const auto dir = fresh_directory("univariate_spearman_option");
  write_text(dir / "f.csv", "id,a,b,c\nA,1,5,2\nB,2,3,1\nC,3,8,4\nD,4,1,3\nE,5,2,6\n");
  write_text(dir / "c.csv", "id,y\nE,1\nD,1\nC,1\nB,0\nA,0\n");
  const std::string arguments = "univariate --features " + shell_quoted(dir / "f.csv") + " --clinical " +
                                shell_quoted(dir / "c.csv") + " --outcome y ";
  for (const std::string option : {"", "--spearman auto ", "--spearman full "}) {
    const auto result = run_radstudy(arguments + option + "--out " + shell_quoted(dir / "out"));
    ASSERT_EQ(result.exit_code, 0) << result.output;
    const auto matrix = core::read_csv((dir / "out" / "spearman.csv").string());
    ASSERT_EQ(matrix.rows.size(), 3u) << option;
    ASSERT_EQ(matrix.rows[0].size(), 4u);
    EXPECT_EQ(matrix.rows[0][0], "a");
    EXPECT_NEAR(std::stod(matrix.rows[0][2]), -0.6, 1e-15) << option;  // cor(a, b, method = "spearman")
    EXPECT_NEAR(std::stod(matrix.rows[0][3]), 0.8, 1e-15) << option;
  }
  ASSERT_EQ(run_radstudy(arguments + "--spearman none --out " + shell_quoted(dir / "none")).exit_code, 0);
  EXPECT_FALSE(std::filesystem::exists(dir / "none" / "spearman.csv"));
  EXPECT_TRUE(std::filesystem::exists(dir / "none" / "univariate.csv"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace radstudy::testing
