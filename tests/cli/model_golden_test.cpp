// radstudy model against R (tests/golden/models/make_golden.R): glm, class::knn, e1071::naiveBayes and
// e1071::svm fitted fold by fold on R's folds; confusion counts equal, AUCs and scores within 1e-9
// relative (glm's scores within 1e-6: on separable or wide folds its coefficients run away for 25
// iterations and probabilities of 1e-12 differ from R's by up to 3e-7 relative). And the saved model (--save,
// then predict) against the same four models fitted by R on all cases.
#include "models/model_golden.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <iostream>

#include "cli/cli_runner.hpp"
#include "golden_values.hpp"
#include "stats/golden_comparison.hpp"

namespace radstudy::testing {
namespace {

constexpr double kTolerance = 1e-9;
constexpr double kLogisticScoreTolerance = 1e-6;

struct GoldenSet {
  std::string name, clinical, label;
};

std::string clinical_path(const GoldenSet& set) {
  return set.clinical.empty() ? models_golden_path(set.name + "_clinical.csv")
                              : (shared_dir() / set.clinical).string();
}

void compare_with_r(const GoldenSet& set) {
  const auto out = fresh_directory("model_golden_" + set.name);
  const auto result = run_radstudy(
      "model --features " + shell_quoted(models_golden_path(set.name + "_features.csv")) + " --clinical " +
      shell_quoted(clinical_path(set)) + " --id-column id --outcome " + set.label +
      " --models svm,naive_bayes,knn,logistic --folds " +
      shell_quoted(models_golden_path(set.name + "_folds.csv")) + " --jobs 2 --out " + shell_quoted(out));
  ASSERT_EQ(result.exit_code, 0) << result.output;

  GoldenComparison comparison(kTolerance), logistic_scores(kLogisticScoreTolerance);
  std::map<std::string, std::map<std::string, std::string>> metrics;
  for (const auto& row : csv_records((out / "metrics.csv").string()))
    metrics[record_key(row, {"model", "repeat", "fold", "set"})] = row;
  const auto expected_metrics = csv_records(models_golden_path(set.name + "_expected_metrics.csv"));
  ASSERT_EQ(metrics.size(), expected_metrics.size());
  int counts = 0;
  for (const auto& expected : expected_metrics) {
    const auto key = record_key(expected, {"model", "repeat", "fold", "set"});
    ASSERT_TRUE(metrics.count(key)) << key;
    const auto& actual = metrics.at(key);
    for (const char* column : {"n", "tp", "fp", "tn", "fn"}) {
      EXPECT_EQ(actual.at(column), expected.at(column)) << set.name << " " << key << " " << column;
      ++counts;
    }
    if (expected.at("auc").empty())
      EXPECT_TRUE(actual.at("auc").empty()) << key;
    else
      comparison.expect(set.name + " auc " + key, golden_number(actual.at("auc")),
                        golden_number(expected.at("auc")));
  }
  std::map<std::string, double> scores;
  for (const auto& row : csv_records((out / "predictions.csv").string()))
    scores[record_key(row, {"id", "model", "repeat", "fold", "set"})] = golden_number(row.at("score"));
  const auto expected_scores = csv_records(models_golden_path(set.name + "_expected_scores.csv"));
  ASSERT_EQ(scores.size(), expected_scores.size());
  for (const auto& expected : expected_scores) {
    const auto key = record_key(expected, {"id", "model", "repeat", "fold", "set"});
    ASSERT_TRUE(scores.count(key)) << key;
    auto& check = expected.at("model") == "logistic" ? logistic_scores : comparison;
    check.expect(set.name + " score " + key, scores.at(key), golden_number(expected.at("score")), 1e-300);
  }
  std::cout << set.name << ": " << counts << " confusion counts equal; " << comparison.compared()
            << " AUCs and svm/naive_bayes/knn scores, worst relative difference " << comparison.worst()
            << " (" << comparison.worst_what() << "); " << logistic_scores.compared() << " glm scores, worst "
            << logistic_scores.worst() << "\n";
}

TEST(ModelGoldenTest, StsSixFeaturesFoldByFold) {
  RADSTUDY_REQUIRE_SHARED("data/sts/clinical.csv");
  compare_with_r({"sts6", "data/sts/clinical.csv", "lung_mets"});
}

TEST(ModelGoldenTest, TiesOnACoarseGrid) {
  compare_with_r({"ties_n40", "", "label"});
}
TEST(ModelGoldenTest, SeparableClasses) {
  compare_with_r({"separable_n30", "", "label"});
}
TEST(ModelGoldenTest, UnbalancedWithOutliers) {
  compare_with_r({"unbalanced_n45", "", "label"});
}
TEST(ModelGoldenTest, ManyFeaturesForFewCases) {
  compare_with_r({"wide_n26", "", "label"});
}

TEST(ModelGoldenTest, SavedModelPredictsAsRFittedOnAllCases) {
  RADSTUDY_REQUIRE_SHARED("data/sts/clinical.csv");
  const auto out = fresh_directory("model_saved_sts6");
  const auto features = models_golden_path("sts6_features.csv");
  const auto saved = out / "model.json";
  auto result = run_radstudy(
      "model --features " + shell_quoted(features) + " --clinical " +
      shell_quoted(shared_dir() / "data/sts/clinical.csv") +
      " --id-column id --outcome lung_mets --models svm,naive_bayes,knn,logistic --k 5 --seed 3 --save " +
      shell_quoted(saved) + " --out " + shell_quoted(out / "cv"));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  result = run_radstudy("predict --model " + shell_quoted(saved) + " --features " + shell_quoted(features) +
                        " --out " + shell_quoted(out / "predictions.csv"));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  std::map<std::string, std::map<std::string, std::string>> predicted;
  for (const auto& row : csv_records((out / "predictions.csv").string()))
    predicted[record_key(row, {"id", "model"})] = row;
  GoldenComparison comparison(kLogisticScoreTolerance);
  const auto expected_rows = csv_records(models_golden_path("sts6_expected_final_scores.csv"));
  ASSERT_EQ(predicted.size(), expected_rows.size());
  for (const auto& expected : expected_rows) {
    const auto key = record_key(expected, {"id", "model"});
    ASSERT_TRUE(predicted.count(key)) << key;
    const double score = golden_number(expected.at("score"));
    comparison.expect("final " + key, golden_number(predicted.at(key).at("score")), score, 1e-300);
    const double threshold = expected.at("model") == "svm" ? 0.0 : 0.5;
    EXPECT_EQ(predicted.at(key).at("predicted"), score > threshold ? "1" : "0") << key;
  }
  std::cout << "saved model: " << comparison.compared() << " scores, worst relative difference "
            << comparison.worst() << "\n";
}

}  // namespace
}  // namespace radstudy::testing
