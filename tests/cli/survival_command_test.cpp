// `radstudy survival` on the STS cohort against R (tests/golden/survival/make_golden.R), and its
// messages for bad input.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>

#include "cli_runner.hpp"
#include "core/csv.hpp"
#include "golden_values.hpp"

namespace radstudy::testing {
namespace {

const std::filesystem::path kGolden = std::filesystem::path(RADSTUDY_SOURCE_DIR) / "tests/golden/survival";

double value_of(const std::string& text) {
  return golden_number(text);
}

void expect_relative(const std::string& actual, const std::string& expected, const std::string& what) {
  const double a = value_of(actual), e = value_of(expected);
  if (std::isnan(e)) {
    EXPECT_TRUE(std::isnan(a)) << what << ": R has NA, radstudy " << actual;
    return;
  }
  EXPECT_NEAR(a, e, 1e-6 * std::abs(e) + 1e-12)
      << what << " (radstudy " << actual << ", R " << expected << ")";
}

// Rows of a CSV keyed by the given columns joined with '|'.
std::map<std::string, std::map<std::string, std::string>> keyed(const core::CsvTable& table,
                                                                const std::vector<std::string>& key_columns) {
  std::map<std::string, std::map<std::string, std::string>> rows;
  for (const auto& row : table.rows) {
    std::string key;
    for (const auto& column : key_columns) key += row[static_cast<std::size_t>(table.column(column))] + "|";
    auto& fields = rows[key];
    for (std::size_t c = 0; c < table.header.size(); ++c) fields[table.header[c]] = row[c];
  }
  return rows;
}

class SurvivalCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    RADSTUDY_REQUIRE_SHARED("data/sts/clinical.csv");
    clinical_ = shared_dir() / "data/sts/clinical.csv";
    out_ = fresh_directory("survival");
  }
  std::filesystem::path clinical_, out_;
};

TEST_F(SurvivalCommand, StsKaplanMeierLogRankAndCoxEqualR) {
  const auto result =
      run_radstudy("survival --clinical " + shell_quoted(clinical_) +
                   " --id-column id --time os_days --event death --group lung_mets,grade"
                   " --cox age,sex,grade,lung_mets,histology --standardize --entry-p 0.1 --out " +
                   shell_quoted(out_));
  ASSERT_EQ(result.exit_code, 0) << result.output;

  // Kaplan-Meier steps and medians of the STS rows of the golden files.
  const auto km = keyed(core::read_csv((out_ / "km.csv").string()), {"variable", "group", "time"});
  std::size_t steps = 0;
  for (const auto& row : core::read_csv((kGolden / "km.csv").string()).rows) {
    if (row[0] != "sts" || (row[1] != "lung_mets" && row[1] != "grade")) continue;
    const std::string key = row[1] + "|" + row[2] + "|" + row[3] + "|";
    ASSERT_TRUE(km.count(key)) << key;
    const auto& ours = km.at(key);
    EXPECT_EQ(ours.at("n_risk"), row[4]) << key;
    EXPECT_EQ(ours.at("n_event"), row[5]) << key;
    EXPECT_EQ(ours.at("n_censor"), row[6]) << key;
    expect_relative(ours.at("survival"), row[7], key + " survival");
    expect_relative(ours.at("std_err"), row[8], key + " std_err");
    expect_relative(ours.at("lower"), row[9], key + " lower");
    expect_relative(ours.at("upper"), row[10], key + " upper");
    ++steps;
  }
  EXPECT_EQ(steps, km.size());
  const auto summary = keyed(core::read_csv((out_ / "km_summary.csv").string()), {"variable", "group"});
  for (const auto& row : core::read_csv((kGolden / "km_summary.csv").string()).rows) {
    if (row[0] != "sts" || (row[1] != "lung_mets" && row[1] != "grade")) continue;
    const auto& ours = summary.at(row[1] + "|" + row[2] + "|");
    EXPECT_EQ(ours.at("n"), row[3]);
    EXPECT_EQ(ours.at("events"), row[4]);
    expect_relative(ours.at("median"), row[5], row[1] + row[2] + " median");
    expect_relative(ours.at("median_lower"), row[6], row[1] + row[2] + " median_lower");
    expect_relative(ours.at("median_upper"), row[7], row[1] + row[2] + " median_upper");
  }
  const auto log_rank = keyed(core::read_csv((out_ / "logrank.csv").string()), {"variable"});
  for (const auto& row : core::read_csv((kGolden / "logrank.csv").string()).rows) {
    if (row[0] != "sts" || (row[1] != "lung_mets" && row[1] != "grade")) continue;
    const auto& ours = log_rank.at(row[1] + "|");
    expect_relative(ours.at("chisq"), row[2], row[1] + " chisq");
    EXPECT_EQ(ours.at("df"), row[3]);
    expect_relative(ours.at("p"), row[4], row[1] + " p");
  }

  // Cox: every estimable term as coxph, the monotone-likelihood variable reported as not estimable.
  for (const std::string kind : {"univariate", "multivariate"}) {
    const auto ours = keyed(core::read_csv((out_ / ("cox_" + kind + ".csv")).string()), {"model", "term"});
    const auto golden = core::read_csv((kGolden / ("sts_cox_" + kind + ".csv")).string());
    for (const auto& row : golden.rows) {
      const std::string key = row[0] + "|" + row[2] + "|";
      ASSERT_TRUE(ours.count(key)) << kind << " " << key;
      const auto& fields = ours.at(key);
      EXPECT_EQ(fields.at("status"), "ok") << key;
      expect_relative(fields.at("coef"), row[3], key + " coef");
      expect_relative(fields.at("se"), row[4], key + " se");
      expect_relative(fields.at("z"), row[5], key + " z");
      expect_relative(fields.at("p"), row[6], key + " p");
      expect_relative(fields.at("p_variable"), row[7], key + " p_variable");
      EXPECT_NEAR(value_of(fields.at("hr")), std::exp(value_of(row[3])), 1e-6 * std::exp(value_of(row[3])))
          << key;
      EXPECT_EQ(fields.at("n"), row[8]) << key;
      EXPECT_EQ(fields.at("events"), row[9]) << key;
    }
    EXPECT_EQ(ours.size(), golden.rows.size() + (kind == "univariate" ? 2 : 0))
        << "grade's two terms are extra";
  }
  const auto univariate = keyed(core::read_csv((out_ / "cox_univariate.csv").string()), {"model", "term"});
  EXPECT_NE(univariate.at("grade|gradeLow|").at("status").find("monotone likelihood"), std::string::npos);
  EXPECT_EQ(univariate.at("grade|gradeLow|").at("coef"), "");
  const auto concordance = keyed(core::read_csv((out_ / "concordance.csv").string()), {"model"});
  for (const auto& row : core::read_csv((kGolden / "sts_concordance.csv").string()).rows) {
    ASSERT_TRUE(concordance.count(row[0] + "|")) << row[0];
    expect_relative(concordance.at(row[0] + "|").at("c_index"), row[1], row[0] + " c-index");
    expect_relative(concordance.at(row[0] + "|").at("se"), row[2], row[0] + " c-index se");
  }
}

TEST_F(SurvivalCommand, BadInputGetsClearMessages) {
  const auto table = out_ / "bad.csv";
  auto run_on = [&](const std::string& csv, const std::string& arguments) {
    std::ofstream(table) << csv;
    return run_radstudy("survival --clinical " + shell_quoted(table) + " " + arguments + " --out " +
                        shell_quoted(out_ / "result"));
  };
  const std::string header = "id,time,event,arm\n";
  struct Case {
    std::string csv, arguments, message;
  };
  const std::vector<Case> cases = {
      {header + "a,1,1,x\nb,-2,0,y\nc,3,1,x\n", "--time time --event event --group arm", "negative for b"},
      {header + "a,1,1,x\nb,,0,y\nc,3,1,x\n", "--time time --event event --group arm", "missing for b"},
      {header + "a,1,2,x\nb,2,0,y\nc,3,1,x\n", "--time time --event event --group arm",
       "must be 0 (censored) or 1"},
      {header + "a,1,1,x\nb,2,0,x\nc,3,1,x\n", "--time time --event event --group arm", "single group"},
      {header + "a,1,0,x\nb,2,0,y\nc,3,0,x\n", "--time time --event event --group arm", "no events"},
      {header + "a,1,1,x\nb,2,0,y\nc,3,1,x\n", "--time time --event event --group stage",
       "no column 'stage'"},
      {header + "a,1,1,x\nb,2,0,y\nc,3,1,x\n", "--time time --event event --group arm --split median",
       "needs a numeric column"},
  };
  for (const auto& bad : cases) {
    const auto result = run_on(bad.csv, bad.arguments);
    EXPECT_EQ(result.exit_code, 1) << bad.arguments << "\n" << result.output;
    EXPECT_NE(result.output.find(bad.message), std::string::npos) << result.output;
    EXPECT_NE(result.output.find("bad.csv"), std::string::npos) << "names the file: " << result.output;
    EXPECT_FALSE(std::filesystem::exists(out_ / "result" / "km.csv"));
  }
  // A group without events is computed and said.
  const auto result =
      run_on(header + "a,1,1,x\nb,2,0,y\nc,3,1,x\nd,4,0,y\n", "--time time --event event --group arm");
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("arm = y: no events"), std::string::npos) << result.output;
}

}  // namespace
}  // namespace radstudy::testing
