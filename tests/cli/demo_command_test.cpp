// `radstudy demo`: the generated cohort, its features and its cohort statistics.
#include <gtest/gtest.h>

#include "cli_runner.hpp"
#include "core/csv.hpp"

namespace radstudy::testing {
namespace {

TEST(DemoCommand, GeneratesCohortFeaturesTableOneAndSurvival) {
  const auto directory = fresh_directory("demo");
  const auto result = run_radstudy("demo --out " + shell_quoted(directory / "demo") + " --cases 12 --jobs 2");
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto features = core::read_csv((directory / "demo/features.csv").string());
  EXPECT_EQ(features.rows.size(), 12u);
  const auto table1 = core::read_csv((directory / "demo/table1/table1.csv").string());
  ASSERT_GE(table1.rows.size(), 6u);
  EXPECT_EQ(table1.rows[0][0], "n");
  EXPECT_TRUE(std::filesystem::exists(directory / "demo/table1/table1.html"));
  const auto log_rank = core::read_csv((directory / "demo/survival/logrank.csv").string());
  ASSERT_EQ(log_rank.rows.size(), 1u);
  const double p = std::stod(log_rank.rows[0][static_cast<std::size_t>(log_rank.column("p"))]);
  EXPECT_GT(p, 0.0);
  EXPECT_LE(p, 1.0);
  const auto cox = core::read_csv((directory / "demo/survival/cox_univariate.csv").string());
  EXPECT_EQ(cox.rows.size(), 4u) << "age, sex, pd and the tumour volume";
}

}  // namespace
}  // namespace radstudy::testing
