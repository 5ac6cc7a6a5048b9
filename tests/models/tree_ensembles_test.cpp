// Bagging, random forest and AdaBoost.M1 against the seed-to-seed spread of R's on the same folds
// (tests/golden/trees/make_ensemble_golden.R), and their determinism.
#include "models/tree_ensembles.hpp"

#include <algorithm>
#include <numeric>

#include "core/errors.hpp"
#include "fold_golden_data.hpp"
#include "tree_golden.hpp"

namespace radstudy::models {
namespace {

template <typename Model>
double mean_fold_auc(const testing::LabelledTable& data,
                     const std::map<std::pair<int, int>, testing::FoldData>& folds, std::uint64_t seed) {
  std::map<std::string, int> label_of;
  for (std::size_t r = 0; r < data.ids.size(); ++r) label_of[data.ids[r]] = data.labels[r];
  double sum = 0.0;
  for (const auto& [key, fold] : folds) {
    Model model;
    model.fit(fold.train, fold.train_labels, seed * 1000 + static_cast<std::uint64_t>(key.first * 10 + key.second));
    std::vector<int> labels;
    for (const auto& id : fold.test_ids) labels.push_back(label_of.at(id));
    sum += testing::pairwise_auc(model.score(fold.test), labels);
  }
  return sum / static_cast<double>(folds.size());
}

template <typename Model>
void expect_within_r_spread(const std::string& name) {
  const auto data = testing::golden_data_set("sts8");
  const auto folds = testing::golden_folds(data, "sts8");
  std::vector<double> r_means;
  for (const auto& row : core::read_csv((testing::trees_golden_dir() / "sts8_ensemble_mean_auc.csv").string()).rows)
    if (row[0] == name) r_means.push_back(std::stod(row[2]));
  ASSERT_GE(r_means.size(), 5u);
  const double r_mean = std::accumulate(r_means.begin(), r_means.end(), 0.0) / static_cast<double>(r_means.size());
  double squares = 0.0;
  for (double value : r_means) squares += (value - r_mean) * (value - r_mean);
  const double r_sd = std::sqrt(squares / static_cast<double>(r_means.size() - 1));
  std::vector<double> ours;
  for (std::uint64_t seed = 1; seed <= 5; ++seed) ours.push_back(mean_fold_auc<Model>(data, folds, seed));
  const double our_mean = std::accumulate(ours.begin(), ours.end(), 0.0) / static_cast<double>(ours.size());
  std::cout << name << ": radstudy mean fold AUC " << our_mean << " over 5 seeds; R " << r_mean << " (sd " << r_sd
            << ", range " << *std::min_element(r_means.begin(), r_means.end()) << " - "
            << *std::max_element(r_means.begin(), r_means.end()) << ") over " << r_means.size() << " seeds\n";
  // Our seeds' average against R's: within three standard errors of the two averages.
  const double tolerance = 3.0 * r_sd * std::sqrt(1.0 / 5.0 + 1.0 / static_cast<double>(r_means.size())) + 0.01;
  EXPECT_NEAR(our_mean, r_mean, tolerance) << name;
}

TEST(TreeEnsembles, BaggingWithinRSpread) {
  RADSTUDY_REQUIRE_SHARED("data/sts/clinical.csv");
  expect_within_r_spread<BaggedTrees>("bagging");
}

TEST(TreeEnsembles, RandomForestWithinRSpread) {
  RADSTUDY_REQUIRE_SHARED("data/sts/clinical.csv");
  expect_within_r_spread<RandomForest>("random_forest");
}

TEST(TreeEnsembles, BoostingWithinRSpread) {
  RADSTUDY_REQUIRE_SHARED("data/sts/clinical.csv");
  expect_within_r_spread<AdaptiveBoosting>("boosting");
}

TEST(TreeEnsembles, SameSeedSameModelAndSavedModelsScoreTheSame) {
  RADSTUDY_REQUIRE_SHARED("data/sts/clinical.csv");
  const auto data = testing::golden_data_set("sts8");
  const auto fold = testing::golden_folds(data, "sts8").begin()->second;
  RandomForest first, second;
  first.fit(fold.train, fold.train_labels, 7);
  second.fit(fold.train, fold.train_labels, 7);
  EXPECT_EQ(first.score(fold.test), second.score(fold.test));
  EXPECT_EQ(RandomForest::from_json(first.to_json())->score(fold.test), first.score(fold.test));
  AdaptiveBoosting boosted;
  boosted.fit(fold.train, fold.train_labels, 7);
  EXPECT_EQ(AdaptiveBoosting::from_json(boosted.to_json())->score(fold.test), boosted.score(fold.test));
  BaggedTrees bagged;
  bagged.fit(fold.train, fold.train_labels, 7);
  EXPECT_EQ(BaggedTrees::from_json(bagged.to_json())->score(fold.test), bagged.score(fold.test));
}

}  // namespace
}  // namespace radstudy::models

namespace radstudy::models {
namespace {

// R's loop gives NaN scores (votes / 0) when no stump beats chance; radstudy gives the null model.
TEST(TreeEnsembles, BoostingWithoutAUsefulStumpIsTheNullModel) {
  Eigen::MatrixXd x = Eigen::MatrixXd::Constant(10, 2, 3.0);  // nothing to split on
  const std::vector<int> y = {1, 0, 1, 0, 1, 0, 1, 0, 1, 0};  // a root-only tree errs on half the weight
  AdaptiveBoosting boosted;
  boosted.fit(x, y, 3);
  const auto scores = boosted.score(x);
  for (double score : scores) EXPECT_EQ(score, 0.5);
  ASSERT_EQ(boosted.fit_notes().size(), 1u);
  EXPECT_NE(boosted.fit_notes().front().find("no stump did better than chance"), std::string::npos);
  EXPECT_EQ(AdaptiveBoosting::from_json(boosted.to_json())->score(x), scores);
  EXPECT_THROW(boosted.score(Eigen::MatrixXd::Zero(2, 3)), InputError);
}

}  // namespace
}  // namespace radstudy::models
