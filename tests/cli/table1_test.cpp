#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <string>

#include "cli_runner.hpp"
#include "core/csv.hpp"
#include "core/data_table.hpp"
#include "stats/table1_golden.hpp"
#include "study/cohort_table.hpp"
#include "test_data.hpp"

namespace radstudy::testing {
namespace {

// R's htest method names and the test column of table1.csv.
std::string radstudy_test_name(const std::string& r_method) {
  static const std::map<std::string, std::string> names{
      {"Welch Two Sample t-test", "Welch's t-test"},
      {"Wilcoxon rank sum exact test", "Mann-Whitney U test (exact)"},
      {"Wilcoxon rank sum test with continuity correction",
       "Mann-Whitney U test (normal approximation, continuity correction)"},
      {"Kruskal-Wallis rank sum test", "Kruskal-Wallis test"},
      {"One-way analysis of means (not assuming equal variances)", "Welch's one-way ANOVA"},
      {"Pearson's Chi-squared test with Yates' continuity correction",
       "Pearson's chi-square test (Yates' correction)"},
      {"Pearson's Chi-squared test", "Pearson's chi-square test"},
      {"Fisher's Exact Test for Count Data", "Fisher's exact test"}};
  const auto found = names.find(r_method);
  return found == names.end() ? r_method : found->second;
}

// The first line of each variable in table1.csv: the variable's test and p.
std::map<std::string, std::vector<std::string>> first_line_per_variable(const core::CsvTable& table) {
  std::map<std::string, std::vector<std::string>> lines;
  for (const auto& row : table.rows) lines.emplace(row[0], row);
  return lines;
}

// Runs table1 and compares every variable's test and p to the R rule's in `expected_name`.
void expect_table1_matches(const std::string& data, const std::string& group,
                           const std::string& expected_name, const std::string& label,
                           const std::string& extra_arguments = "") {
  const auto out = fresh_directory("table1_" + label);
  const auto result = run_radstudy("table1 --clinical " + shell_quoted(data) + " --group " + group +
                                   " --out " + shell_quoted(out) + " " + extra_arguments);
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto table = core::read_csv((out / "table1.csv").string());
  ASSERT_TRUE(std::filesystem::exists(out / "table1.html"));
  const int test_column = table.column("test"), p_column = table.column("p");
  ASSERT_GE(test_column, 0);
  ASSERT_GE(p_column, 0);
  const auto lines = first_line_per_variable(table);
  const auto expected = read_table1_golden(expected_name);
  GoldenComparison compare(1e-9);
  for (const auto& row : expected.rows) {
    const auto line = lines.find(row[0]);
    ASSERT_NE(line, lines.end()) << "no line for " << row[0];
    EXPECT_EQ(line->second[static_cast<std::size_t>(test_column)], radstudy_test_name(row[1])) << row[0];
    compare.expect(label + " " + row[0] + " p",
                   golden_number(line->second[static_cast<std::size_t>(p_column)]), golden_number(row[3]));
  }
  EXPECT_EQ(lines.size(), expected.rows.size() + 1);  // + the line of group sizes
  compare.report("table1 " + label);
  std::filesystem::remove_all(out);
}

TEST(Table1Cli, StsCohortByLungMetastasesMatchesR) {
  RADSTUDY_REQUIRE_SHARED("data/sts/clinical.csv");
  const auto clinical = (shared_dir() / "data/sts/clinical.csv").string();
  expect_table1_matches(clinical, "lung_mets", "sts_table1_expected.csv", "sts");

  const auto out = fresh_directory("table1_sts_counts");
  const auto result =
      run_radstudy("table1 --clinical " + shell_quoted(clinical) +
                   " --group lung_mets --variables age,grade" + " --out " + shell_quoted(out));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto table = core::read_csv((out / "table1.csv").string());
  ASSERT_EQ(table.header,
            (std::vector<std::string>{"variable", "level", "overall", "0", "1", "test", "statistic", "p",
                                      "missing_overall", "missing_0", "missing_1"}));
  ASSERT_EQ(table.rows.size(), 5u);  // n, age, grade High / Intermediate / Low
  EXPECT_EQ(table.rows[0][2], "51");
  EXPECT_EQ(table.rows[1][1], "mean (SD)");
  EXPECT_EQ(table.rows[2][0], "grade");
  EXPECT_EQ(table.rows[2][1], "High");
  EXPECT_EQ(table.rows[2][8], "3");  // three cases without a grade
  const int sum_missing = std::stoi(table.rows[2][9]) + std::stoi(table.rows[2][10]);
  EXPECT_EQ(sum_missing, 3);
  // Percentages are of the non-missing: 48 cases with a grade.
  const std::string html = read_text(out / "table1.html");
  EXPECT_NE(html.find("<caption>Table 1."), std::string::npos);
  EXPECT_NE(html.find("Fisher's exact test"), std::string::npos);
  EXPECT_NE(html.find("Welch's t-test"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  std::filesystem::remove_all(out);
}

TEST(Table1Cli, SyntheticThreeArmsWithAlbiMatchR) {
  const auto data = (table1_golden_dir() / "synthetic_clinical.csv").string();
  expect_table1_matches(data, "arm", "synthetic_arm_table1_expected.csv", "arm");
  expect_table1_matches(data, "responder", "synthetic_responder_table1_expected.csv", "responder");

  const auto out = fresh_directory("table1_albi");
  const auto result =
      run_radstudy("table1 --clinical " + shell_quoted(data) + " --group arm --out " + shell_quoted(out));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("2 case(s) without a value of arm were excluded"), std::string::npos)
      << result.output;
  const auto csv = read_text(out / "table1.csv");
  EXPECT_NE(csv.find("ALBI grade,1 (ALBI <= -2.60)"), std::string::npos) << csv;
  const auto html = read_text(out / "table1.html");
  EXPECT_NE(html.find("ALBI = 0.66 x log10(bilirubin, umol/L) - 0.085 x albumin (g/L)"), std::string::npos);
  EXPECT_NE(html.find("without a value of arm were excluded"), std::string::npos);
  std::filesystem::remove_all(out);
}

TEST(Table1Cli, CategoricalCanBeForced) {
  const auto data = (table1_golden_dir() / "synthetic_clinical.csv").string();
  const auto out = fresh_directory("table1_forced");
  const auto result =
      run_radstudy("table1 --clinical " + shell_quoted(data) +
                   " --group responder --variables psa,sex --categorical psa --out " + shell_quoted(out));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto table = core::read_csv((out / "table1.csv").string());
  const auto lines = first_line_per_variable(table);
  EXPECT_EQ(lines.at("psa")[static_cast<std::size_t>(table.column("test"))].rfind("Fisher", 0), 0u);
  EXPECT_GT(table.rows.size(), 6u);  // one line per psa value
  std::filesystem::remove_all(out);
}

class Table1BadInput : public ::testing::Test {
 protected:
  void SetUp() override { directory_ = fresh_directory("table1_bad"); }
  void TearDown() override { std::filesystem::remove_all(directory_); }
  std::string write(const std::string& name, const std::string& content) {
    const auto path = directory_ / name;
    core::write_file_atomically(path.string(), content);
    return path.string();
  }
  CommandResult run(const std::string& data, const std::string& arguments) {
    return run_radstudy("table1 --clinical " + shell_quoted(data) + " " + arguments + " --out " +
                        shell_quoted(directory_ / "out"));
  }
  std::filesystem::path directory_;
};

TEST_F(Table1BadInput, SingleGroupIsRefused) {
  const auto data = write("one_group.csv", "id,group,age\na,x,1\nb,x,2\nc,,3\n");
  const auto result = run(data, "--group group");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.output.find("one_group.csv"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("'group' has one group only, 'x'"), std::string::npos) << result.output;
}

TEST_F(Table1BadInput, UnknownVariableIsNamed) {
  const auto data = write("clinical.csv", "id,group,age\na,x,1\nb,y,2\n");
  const auto result = run(data, "--group group --variables age,weight");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.output.find("no column 'weight'"), std::string::npos) << result.output;
  const auto missing_group = run(data, "--group arm");
  EXPECT_EQ(missing_group.exit_code, 1);
  EXPECT_NE(missing_group.output.find("no column 'arm'"), std::string::npos) << missing_group.output;
}

TEST_F(Table1BadInput, AllMissingVariableIsRefused) {
  const auto data = write("clinical.csv", "id,group,age,weight\na,x,1,NA\nb,y,2,\nc,x,3,NA\n");
  const auto result = run(data, "--group group");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.output.find("column 'weight' has no values"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("clinical.csv"), std::string::npos) << result.output;
}

TEST_F(Table1BadInput, EmptyTableIsRefused) {
  const auto header_only = write("empty.csv", "id,group,age\n");
  const auto result = run(header_only, "--group group");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.output.find("empty.csv"), std::string::npos) << result.output;
  const auto no_variables = write("bare.csv", "id,group\na,x\nb,y\n");
  const auto bare = run(no_variables, "--group group");
  EXPECT_EQ(bare.exit_code, 1);
  EXPECT_NE(bare.output.find("no variable"), std::string::npos) << bare.output;
}

TEST_F(Table1BadInput, NonPositiveBilirubinNamesTheCase) {
  const auto data =
      write("liver.csv", "id,group,bilirubin,albumin\na,x,10,40\nb,y,0,38\nc,x,12,35\nd,y,9,41\n");
  const auto result = run(data, "--group group");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.output.find("case b"), std::string::npos) << result.output;
}

TEST_F(Table1BadInput, InvalidOptionsAreUsageErrors) {
  const auto data = write("clinical.csv", "id,group,age\na,x,1\nb,y,2\n");
  EXPECT_EQ(run(data, "--group group --normality-alpha 1.5").exit_code, 2);
  EXPECT_EQ(run(data, "--group group --variables group").exit_code, 2);
  EXPECT_EQ(run_radstudy("table1 --clinical " + shell_quoted(data)).exit_code, 2);
}

}  // namespace
}  // namespace radstudy::testing

namespace radstudy::testing {
namespace {

TEST(Table1Library, FisherBeyondItsLimitFallsBackToChiSquareWithANote) {
  std::string csv = "id,group,stage\n";
  const char* stages[] = {"I", "II", "III"};
  for (int k = 0; k < 40; ++k)
    csv += "c" + std::to_string(k) + "," + (k % 2 ? "x" : "y") + "," + stages[(k * 7 / 3) % 3] + "\n";
  csv += "c40,x,IV\n";  // a rare level: an expected count < 5
  const auto data = core::DataTable::from_csv(csv, "inline.csv", "id");
  study::CohortTableOptions options;
  options.group_column = "group";
  options.fisher_work_limit = 3;
  const auto table = study::build_cohort_table(data, options);
  ASSERT_FALSE(table.rows.empty());
  EXPECT_EQ(table.rows.front().test,
            "Pearson's chi-square test (Fisher's exact test too large to enumerate)");
  EXPECT_FALSE(std::isnan(table.rows.front().p));
  ASSERT_FALSE(table.notes.empty());
  EXPECT_NE(table.notes.back().find("exceeds the enumeration limit"), std::string::npos);
  options.fisher_work_limit = 100'000'000;
  EXPECT_EQ(study::build_cohort_table(data, options).rows.front().test, "Fisher's exact test");
}

}  // namespace
}  // namespace radstudy::testing
