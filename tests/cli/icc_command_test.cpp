#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "cli_runner.hpp"
#include "core/csv.hpp"
#include "golden_values.hpp"
#include "stats/golden_comparison.hpp"

namespace radstudy::testing {
namespace {

std::filesystem::path icc_golden(const std::string& name) {
  return std::filesystem::path(RADSTUDY_SOURCE_DIR) / "tests" / "golden" / "icc" / name;
}

void write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream stream(path, std::ios::binary);
  stream << text;
}

// The golden rows of one dataset and ICC type, by feature.
std::map<std::string, std::vector<std::string>> golden_rows(const std::string& dataset,
                                                            const std::string& type) {
  std::map<std::string, std::vector<std::string>> rows;
  for (const auto& row : core::read_csv(icc_golden("icc_results.csv").string()).rows)
    if (row[0] == dataset && row[2] == type) rows[row[1]] = row;
  return rows;
}

// The STS features against their perturbed, row-shuffled re-extraction (k = 2, ICC2) and the synthetic
// three raters (ICC1, kept on the lower bound): icc.csv against psych::ICC(lmer = FALSE).
TEST(IccCommand, OutputsMatchPsych) {
  GoldenComparison compare(1e-9);
  const auto sts_features =
      std::filesystem::path(RADSTUDY_SOURCE_DIR) / "tests" / "golden" / "sts_features.csv";
  const auto out = fresh_directory("icc_sts");
  auto result = run_radstudy("icc --features " + shell_quoted(sts_features) + " " +
                             shell_quoted(icc_golden("sts_extraction_b.csv")) +
                             " --id-column id --type ICC2 --out " + shell_quoted(out));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("agree exactly across the tables"), std::string::npos) << result.output;
  auto table = core::read_csv((out / "icc.csv").string());
  EXPECT_EQ(table.header,
            (std::vector<std::string>{"feature", "icc", "lower", "upper", "kept", "f", "df1", "df2", "p"}));
  auto expected = golden_rows("sts_ab", "ICC2");
  ASSERT_EQ(table.rows.size(), expected.size());
  int kept = 0;
  for (const auto& row : table.rows) {
    const auto& r = expected.at(row[0]);
    const double icc = golden_number(row[1]);
    if (row[0] == "original_shape_MeshVolume") {  // identical in both files
      EXPECT_EQ(row[1], "1");
      EXPECT_EQ(row[2], "1");
      EXPECT_EQ(row[3], "1");
    } else {
      compare.expect("sts " + row[0] + " icc", icc, golden_number(r[3]));
      compare.expect("sts " + row[0] + " lower", golden_number(row[2]), golden_number(r[4]));
      compare.expect("sts " + row[0] + " upper", golden_number(row[3]), golden_number(r[5]));
      compare.expect("sts " + row[0] + " p", golden_number(row[8]), golden_number(r[9]), 1e-300);
    }
    EXPECT_EQ(row[4], icc >= 0.9 ? "true" : "false") << row[0];
    kept += row[4] == "true";
  }
  EXPECT_GT(kept, 5);
  EXPECT_LT(kept, static_cast<int>(table.rows.size()) - 5);

  result = run_radstudy(
      "icc --features " + shell_quoted(icc_golden("raters_1.csv")) + " " +
      shell_quoted(icc_golden("raters_2.csv")) + " " + shell_quoted(icc_golden("raters_3.csv")) +
      " --id-column case --type ICC1 --threshold 0.5 --keep-on lower --out " + shell_quoted(out));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("constant feature(s)"), std::string::npos) << result.output;
  table = core::read_csv((out / "icc.csv").string());
  expected = golden_rows("raters", "ICC1");
  ASSERT_EQ(table.rows.size(), expected.size());
  for (const auto& row : table.rows) {
    if (row[0] == "constant") {
      EXPECT_EQ(row[1], "NaN");
      EXPECT_EQ(row[4], "false");
      continue;
    }
    const auto& r = expected.at(row[0]);
    compare.expect("raters " + row[0] + " icc", golden_number(row[1]), golden_number(r[3]));
    compare.expect("raters " + row[0] + " lower", golden_number(row[2]), golden_number(r[4]));
    compare.expect("raters " + row[0] + " upper", golden_number(row[3]), golden_number(r[5]));
    EXPECT_EQ(row[4], golden_number(r[4]) >= 0.5 ? "true" : "false") << row[0];
  }
  std::cout << "[icc CLI golden] " << compare.compared() << " values, worst relative " << compare.worst()
            << "\n";
  std::filesystem::remove_all(out);
}

TEST(IccCommand, BadInputGivesClearMessages) {
  const auto dir = fresh_directory("icc_bad");
  write_text(dir / "a.csv", "id,f1,f2,f3\nA,1,5,1\nB,2,3,2\nC,3,8,3\nD,4,1,4\n");
  write_text(dir / "b.csv", "id,f1,f2,f3\nD,4.2,1,\nC,2.9,8,\nB,2.1,3,\nA,1.1,5,\n");
  write_text(dir / "other_ids.csv", "id,f1,f2\nA,1,5\nB,2,3\nC,3,8\nZ,4,1\n");
  write_text(dir / "text.csv", "id,f1,f2\nA,1,5\nB,two,3\nC,3,8\nD,4,1\n");
  write_text(dir / "holes.csv", "id,f1,f2\nA,1,5\nB,NA,3\nC,3,8\nD,4,1\n");
  const auto run = [&](const std::string& arguments) {
    return run_radstudy("icc " + arguments + " --out " + shell_quoted(dir / "out"));
  };
  const auto a = shell_quoted(dir / "a.csv");

  auto result = run("--features " + a + " " + shell_quoted(dir / "other_ids.csv") + " --type ICC2");
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_NE(result.output.find("only in " + (dir / "a.csv").string() + ": D"), std::string::npos)
      << result.output;
  EXPECT_NE(result.output.find(": Z"), std::string::npos) << result.output;

  result = run("--features " + a + " " + shell_quoted(dir / "text.csv") + " --type ICC2");
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_NE(result.output.find("case B has 'two'"), std::string::npos) << result.output;

  result = run("--features " + a + " " + shell_quoted(dir / "holes.csv") + " --type ICC3");
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("feature 'f1' skipped: missing for B"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("not in every table, ignored: f3"), std::string::npos) << result.output;

  // f3 is empty in b.csv: skipped as missing for every case; f1, f2 analysed.
  result = run("--features " + a + " " + shell_quoted(dir / "b.csv") + " --type ICC1");
  EXPECT_EQ(result.exit_code, 0) << result.output;
  const auto table = core::read_csv((dir / "out" / "icc.csv").string());
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_GT(golden_number(table.rows[0][1]), 0.9);
  EXPECT_DOUBLE_EQ(golden_number(table.rows[1][1]), 1.0);  // f2 identical in both

  EXPECT_EQ(run("--features " + a + " --type ICC2").exit_code, 2);
  EXPECT_EQ(run("--features " + a + " " + a + " --type ICC4").exit_code, 2);
  EXPECT_EQ(run("--features " + a + " " + a).exit_code, 2);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace radstudy::testing
