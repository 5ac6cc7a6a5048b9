#include "study/permutation_test.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "core/seeded_random.hpp"

namespace {

using namespace radstudy;

// 40 cases, 6 features; the first carries the outcome with `signal` (0: pure noise).
study::ModelingData make_data(double signal, std::uint64_t seed) {
  study::ModelingData data;
  core::SeededRandom random(seed);
  const int cases = 40, features = 6;
  data.features.resize(cases, features);
  for (int i = 0; i < cases; ++i) {
    data.ids.push_back("P" + std::to_string(i + 1));
    data.labels.push_back(i % 2);
    for (int j = 0; j < features; ++j)
      data.features(i, j) = random.normal() + (j == 0 ? signal * (i % 2) : 0.0);
  }
  for (int j = 0; j < features; ++j) data.feature_names.push_back("f" + std::to_string(j + 1));
  return data;
}

struct Run {
  study::EvaluationResult observed;
  std::vector<study::PermutationSummary> summaries;
};

Run run(const study::ModelingData& data, int jobs, int permutations, std::size_t lasso = 0,
        study::SelectionScope scope = study::SelectionScope::kFold) {
  study::EvaluationOptions options;
  options.models = {"logistic", "naive_bayes"};
  options.jobs = jobs;
  options.seed = 3;
  options.selection.lasso_features = lasso;
  options.selection.scope = scope;
  const auto plan = study::stratified_folds(data.labels, 5, 2, options.seed);
  Run result{study::evaluate_models(data, plan, options), {}};
  study::PermutationOptions permutation;
  permutation.permutations = permutations;
  permutation.seed = 11;
  result.summaries = study::permutation_test(data, options, result.observed, permutation);
  return result;
}

TEST(PermutationTest, ARealSignalBeatsEveryPermutation) {
  const auto result = run(make_data(2.5, 1), 2, 19);
  ASSERT_EQ(result.summaries.size(), 2u);
  for (const auto& summary : result.summaries) {
    EXPECT_GT(summary.auc, 0.85) << summary.model;
    EXPECT_EQ(summary.null_auc.size(), 19u);
    EXPECT_DOUBLE_EQ(summary.p, 1.0 / 20.0) << summary.model;  // the smallest p 19 permutations can give
    EXPECT_LT(std::abs(summary.null_mean - 0.5), 0.12) << summary.model;
  }
}

TEST(PermutationTest, NoSignalGivesALargePValue) {
  const auto result = run(make_data(0.0, 2), 2, 19);
  for (const auto& summary : result.summaries)
    EXPECT_GT(summary.p, 0.05) << summary.model << " " << summary.auc;
}

TEST(PermutationTest, SameSeedSameNullWhateverTheJobs) {
  const auto data = make_data(1.0, 3);
  const auto one = run(data, 1, 5), two = run(data, 2, 5);
  EXPECT_EQ(study::permutation_null_csv(one.summaries), study::permutation_null_csv(two.summaries));
  EXPECT_EQ(study::permutation_csv(one.summaries), study::permutation_csv(two.summaries));
}

TEST(PermutationTest, TheStatisticIsTheMeanPooledAucOverRepeats) {
  const auto result = run(make_data(1.0, 4), 1, 0);
  for (const auto& [model, auc] : study::cross_validated_auc(result.observed)) {
    double sum = 0.0;
    int count = 0;
    for (const auto& row : result.observed.summary)
      if (row.model == model && row.metric == "pooled_auc") {
        sum += *row.mean;
        ++count;
      }
    EXPECT_EQ(count, 2);
    EXPECT_DOUBLE_EQ(auc, sum / count);
  }
  EXPECT_EQ(study::permutation_csv(result.summaries).substr(0, 42),
            "model,auc,null_mean,null_sd,p,permutations");
}

}  // namespace
