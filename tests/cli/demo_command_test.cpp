// `radstudy demo`: the generated cohort, its features, robustness, cohort statistics, models, decision
// curves and a new patient scored with the saved model.
#include <gtest/gtest.h>

#include "cli_runner.hpp"
#include "core/csv.hpp"

namespace radstudy::testing {
namespace {

TEST(DemoCommand, RunsTheStudyOnAGeneratedCohort) {
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

  // Robustness: four perturbed tables and the ICC; the robust features are a strict subset.
  const auto icc = core::read_csv((directory / "demo/robustness/icc.csv").string());
  EXPECT_EQ(icc.rows.size(), features.header.size() - 2) << "every feature (not id and error)";
  const auto robust = core::read_csv((directory / "demo/features_robust.csv").string());
  std::size_t kept = 0;
  for (const auto& row : icc.rows) kept += row[4] == "true";
  EXPECT_EQ(robust.header.size(), kept + 1);
  EXPECT_GT(kept, 0u);
  EXPECT_LT(kept, icc.rows.size());
  for (const char* name : {"erode.csv", "dilate.csv", "shift.csv", "noise.csv", "perturbations.csv"})
    EXPECT_TRUE(std::filesystem::exists(directory / "demo/robustness" / name)) << name;

  // Univariate screening and the ten models with nested LASSO.
  const auto univariate = core::read_csv((directory / "demo/univariate/univariate.csv").string());
  EXPECT_EQ(univariate.rows.size(), kept);
  const auto metrics = core::read_csv((directory / "demo/model/metrics.csv").string());
  EXPECT_EQ(metrics.rows.size(), 10u * 5u * 5u * 2u) << "ten models, 5 repeats, 5 folds, train and test";
  EXPECT_TRUE(std::filesystem::exists(directory / "demo/model/model.json"));
  EXPECT_TRUE(std::filesystem::exists(directory / "demo/model/selected.csv"));
  const auto dca = core::read_csv((directory / "demo/dca/dca.csv").string());
  EXPECT_EQ(dca.rows.size(), 99u * 12u) << "treat_all, treat_none and the ten models (svm by Platt)";

  // The saved model scores a new patient from its image and mask, as `radstudy predict` does.
  const auto prediction = core::read_csv((directory / "demo/new_patient/prediction.csv").string());
  ASSERT_EQ(prediction.rows.size(), 10u);
  const auto again = run_radstudy("predict --model " + shell_quoted(directory / "demo/model/model.json") +
                                  " --image " + shell_quoted(directory / "demo/new_patient/image.nii.gz") +
                                  " --mask " + shell_quoted(directory / "demo/new_patient/mask.nii.gz") +
                                  " --case-id " + prediction.rows[0][0] + " --out " +
                                  shell_quoted(directory / "predicted.csv"));
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_EQ(read_text(directory / "predicted.csv"), read_text(directory / "demo/new_patient/prediction.csv"));
}

}  // namespace
}  // namespace radstudy::testing
