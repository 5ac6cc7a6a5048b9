#include "study/model_evaluation.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <map>
#include <set>

#include "core/errors.hpp"
#include "core/seeded_random.hpp"
#include "models/classifier.hpp"

namespace radstudy::study {
namespace {

// Cases with `informative` features shifted by class and the rest pure noise.
ModelingData synthetic_data(int cases, int features, int informative, std::uint64_t seed, double shift = 1.0) {
  core::SeededRandom random(seed);
  ModelingData data;
  data.features.resize(cases, features);
  for (int i = 0; i < cases; ++i) {
    data.ids.push_back("case" + std::to_string(i + 1));
    data.labels.push_back(i % 3 == 0 ? 1 : 0);
    for (int j = 0; j < features; ++j)
      data.features(i, j) = random.normal() + (j < informative && data.labels.back() == 1 ? shift : 0.0);
  }
  for (int j = 0; j < features; ++j) data.feature_names.push_back("f" + std::to_string(j + 1));
  return data;
}

// The pooled out-of-fold AUC, averaged over repeats.
double pooled_auc(const EvaluationResult& result, const std::string& model) {
  double sum = 0.0;
  int count = 0;
  for (const auto& row : result.summary)
    if (row.model == model && row.metric == "pooled_auc") {
      sum += *row.mean;
      ++count;
    }
  return count > 0 ? sum / count : -1.0;
}

TEST(ModelEvaluationTest, StratifiedFoldsBalanceClassesAndFollowTheSeed) {
  std::vector<int> labels;
  for (int i = 0; i < 51; ++i) labels.push_back(i < 19 ? 1 : 0);
  const auto plan = stratified_folds(labels, 5, 3, 42);
  ASSERT_EQ(plan.fold_of_case.size(), 3u);
  for (const auto& folds : plan.fold_of_case) {
    for (int fold = 1; fold <= 5; ++fold) {
      int ones = 0, all = 0;
      for (std::size_t i = 0; i < labels.size(); ++i)
        if (folds[i] == fold) {
          ++all;
          ones += labels[i];
        }
      EXPECT_GE(all, 10);
      EXPECT_LE(all, 11);
      EXPECT_GE(ones, 3);
      EXPECT_LE(ones, 4);
    }
  }
  EXPECT_NE(plan.fold_of_case[0], plan.fold_of_case[1]);
  EXPECT_EQ(stratified_folds(labels, 5, 3, 42).fold_of_case, plan.fold_of_case);
  EXPECT_NE(stratified_folds(labels, 5, 3, 43).fold_of_case, plan.fold_of_case);
  EXPECT_THROW(stratified_folds(labels, 20, 1, 1), ConfigError);  // 19 cases of class 1
}

TEST(ModelEvaluationTest, ScalerUsesTrainingMeanAndSampleSd) {
  Eigen::MatrixXd x(4, 2);
  x << 1, 5, 2, 5, 3, 5, 10, 7;
  const auto scaler = Scaler::fit(x, {0, 1, 2});
  EXPECT_DOUBLE_EQ(scaler.mean[0], 2.0);
  EXPECT_DOUBLE_EQ(scaler.sd[0], 1.0);
  EXPECT_EQ(scaler.sd[1], 0.0);
  const auto z = scaler.apply(x, {3});
  EXPECT_DOUBLE_EQ(z(0, 0), 8.0);
  EXPECT_EQ(z(0, 1), 0.0);  // constant in the training cases: carries nothing
}

TEST(ModelEvaluationTest, OutputDoesNotDependOnTheNumberOfJobs) {
  const auto data = synthetic_data(45, 30, 3, 9);
  const auto plan = stratified_folds(data.labels, 5, 2, 17);
  EvaluationOptions options;
  options.models = {"svm", "naive_bayes", "knn", "logistic"};
  options.selection.lasso_features = 4;
  options.seed = 17;
  options.jobs = 1;
  const auto serial = evaluate_models(data, plan, options);
  options.jobs = 3;
  const auto parallel = evaluate_models(data, plan, options);
  EXPECT_EQ(metrics_csv(serial.metrics), metrics_csv(parallel.metrics));
  EXPECT_EQ(predictions_csv(serial.predictions, data), predictions_csv(parallel.predictions, data));
  EXPECT_EQ(summary_csv(serial), summary_csv(parallel));
  EXPECT_EQ(selected_csv(serial.selected), selected_csv(parallel.selected));
  EXPECT_EQ(serial.metrics.size(), 4u * 2u * 5u * 2u);
  EXPECT_EQ(serial.selected.size(), 2u * 5u * 4u);
}

TEST(ModelEvaluationTest, NestedSelectionOnNoiseIsNearChanceWhileSelectingOnAllCasesIsOptimistic) {
  // 60 cases x 500 pure-noise features: no model can do better than chance on new cases. Three noise
  // tables, two repeats each: one table's nested AUC alone wanders (sd ~0.08).
  const std::vector<std::string> models = {"svm", "logistic", "naive_bayes"};
  std::map<std::string, double> honest, optimistic;
  std::string nested_summary, leaky_summary;
  for (std::uint64_t table_seed : {2024u, 2025u, 2026u}) {
    const auto data = synthetic_data(60, 500, 0, table_seed);
    const auto plan = stratified_folds(data.labels, 5, 2, table_seed);
    EvaluationOptions options;
    options.models = models;
    options.selection.lasso_features = 10;
    options.seed = table_seed;
    options.jobs = 2;
    const auto nested = evaluate_models(data, plan, options);
    options.selection.scope = SelectionScope::kAll;
    const auto leaky = evaluate_models(data, plan, options);
    for (const auto& model : models) {
      honest[model] += pooled_auc(nested, model) / 3.0;
      optimistic[model] += pooled_auc(leaky, model) / 3.0;
    }
    nested_summary = summary_csv(nested);
    leaky_summary = summary_csv(leaky);
  }
  for (const auto& model : models) {
    std::cout << model << ": nested pooled AUC " << honest[model] << ", select-scope all " << optimistic[model] << "\n";
    EXPECT_NEAR(honest[model], 0.5, 0.12) << model;
    EXPECT_GT(optimistic[model], 0.8) << model;
    EXPECT_GT(optimistic[model] - honest[model], 0.25) << model;
  }
  EXPECT_NE(leaky_summary.find("leaks test information"), std::string::npos);
  EXPECT_NE(nested_summary.find("nested"), std::string::npos);
}

TEST(ModelEvaluationTest, SignalIsFound) {
  const auto data = synthetic_data(60, 5, 2, 77, 2.0);
  const auto plan = stratified_folds(data.labels, 5, 1, 5);
  EvaluationOptions options;
  options.models = {"svm", "naive_bayes", "knn", "logistic"};
  const auto result = evaluate_models(data, plan, options);
  for (const auto& model : options.models) EXPECT_GT(pooled_auc(result, model), 0.75) << model;
}

TEST(ModelEvaluationTest, TrainingFoldWithOneCaseOfAClassIsRefused) {
  const auto data = synthetic_data(30, 3, 1, 3);
  FoldPlan plan;
  plan.fold_count = 2;
  std::vector<int> folds;
  int ones_in_fold_two = 0;
  for (int label : data.labels) {
    // Every case of class 1 but one in fold 2: fold 2's training cases (fold 1) have a single one.
    if (label == 1 && ones_in_fold_two++ > 0) folds.push_back(2);
    else folds.push_back(label == 1 ? 1 : static_cast<int>(folds.size() % 2) + 1);
  }
  plan.fold_of_case = {folds};
  EvaluationOptions options;
  options.models = {"logistic"};
  try {
    evaluate_models(data, plan, options);
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("fold 2"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("class 1"), std::string::npos) << error.what();
  }
}

TEST(ModelEvaluationTest, TestFoldWithOneClassHasNoAucAndSaysSo) {
  const auto data = synthetic_data(30, 3, 1, 3);
  FoldPlan plan;
  plan.fold_count = 3;
  std::vector<int> folds;
  for (std::size_t i = 0; i < data.labels.size(); ++i) folds.push_back(data.labels[i] == 0 && i < 12 ? 3 : static_cast<int>(i % 2) + 1);
  plan.fold_of_case = {folds};
  EvaluationOptions options;
  options.models = {"naive_bayes"};
  const auto result = evaluate_models(data, plan, options);
  bool seen = false;
  for (const auto& row : result.metrics)
    if (row.fold == 3 && row.set == "test") {
      seen = true;
      EXPECT_FALSE(row.auc.has_value());
      EXPECT_FALSE(row.sensitivity.has_value());
      EXPECT_NE(row.note.find("one class"), std::string::npos);
    }
  EXPECT_TRUE(seen);
  EXPECT_EQ(metrics_csv(result.metrics).find("nan"), std::string::npos);
  EXPECT_EQ(metrics_csv(result.metrics).find("NaN"), std::string::npos);
}

TEST(ModelEvaluationTest, UnknownModelIsAConfigError) {
  const auto data = synthetic_data(20, 2, 1, 1);
  EvaluationOptions options;
  options.models = {"deep_forest"};
  EXPECT_THROW(evaluate_models(data, stratified_folds(data.labels, 3, 1, 1), options), ConfigError);
}

// A wide table (51 x 2,000): neural_net would need (2000 + 1) x 5 + 6 = 10,011 weights and a
// 400 MB matrix per fit; it is refused before any fold is fitted, with the ways out.
TEST(ModelEvaluationTest, NeuralNetBeyondItsWeightLimitIsRefusedBeforeAnyFit) {
  const auto data = synthetic_data(51, 2000, 5, 3);
  const auto plan = stratified_folds(data.labels, 5, 1, 1);
  EvaluationOptions options;
  options.models = models::classifier_names();  // --models all
  const auto start = std::chrono::steady_clock::now();
  try {
    evaluate_models(data, plan, options);
    FAIL() << "neural_net accepted 10011 weights";
  } catch (const ConfigError& error) {
    const std::string message = error.what();
    for (const char* part :
         {"neural_net", "2000 features", "10011 weights", "limit of 1000", "--select lasso:197",
          "--models svm,naive_bayes,rpart,ctree,random_forest,knn,boosting,bagging,logistic",
          "--nnet-max-weights 10011"})
      EXPECT_NE(message.find(part), std::string::npos) << part << " not in: " << message;
  }
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 2.0);

  // The features the network sees: K with lasso:K.
  options.models = {"neural_net"};
  options.selection.lasso_features = 197;
  EXPECT_NO_THROW(check_models_fit_table(2000, options));
  options.selection.lasso_features = 198;
  try {
    check_models_fit_table(2000, options);
    FAIL() << "lasso:198 accepted";
  } catch (const ConfigError& error) {
    EXPECT_NE(std::string(error.what()).find("198 features (lasso:198) give"), std::string::npos)
        << error.what();
    EXPECT_EQ(std::string(error.what()).find("--models"), std::string::npos) << "no other model to keep";
  }
  EXPECT_NO_THROW(check_models_fit_table(150, options));  // lasso:198 of 150 features: 150
  options.neural_net_max_weights = 1001;
  EXPECT_NO_THROW(check_models_fit_table(2000, options));
  options.models = {"knn", "logistic"};
  options.selection.lasso_features = 0;
  EXPECT_NO_THROW(check_models_fit_table(2000, options));
}

TEST(ModelEvaluationTest, TaskSeedsDifferByRepeatFoldAndModel) {
  std::set<std::uint64_t> seeds;
  for (int repeat = 1; repeat <= 5; ++repeat)
    for (int fold = 1; fold <= 5; ++fold)
      for (const char* model : {"svm", "knn", "random_forest"}) seeds.insert(task_seed(7, repeat, fold, model));
  EXPECT_EQ(seeds.size(), 75u);
  EXPECT_EQ(task_seed(7, 1, 2, "svm"), task_seed(7, 1, 2, "svm"));
  EXPECT_NE(task_seed(7, 1, 2, "svm"), task_seed(8, 1, 2, "svm"));
}

}  // namespace
}  // namespace radstudy::study
