#include "models/conditional_inference_tree.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <ctime>
#include <limits>
#include <map>
#include <sstream>

#include "core/errors.hpp"
#include "core/seeded_random.hpp"
#include "models/fold_golden_data.hpp"
#include "test_data.hpp"

namespace radstudy::models {
namespace {

using testing::golden_number;
using testing::model_golden_path;

std::string ctree_golden(const std::string& file) {
  return model_golden_path("ctree", file);
}

struct FoldKey {
  std::string dataset;
  int repeat;
  int fold;
  auto operator<=>(const FoldKey&) const = default;
};

struct Confusion {
  int tp = 0, fp = 0, tn = 0, fn = 0;
  bool operator==(const Confusion&) const = default;
};

Confusion confusion(const std::vector<double>& score, const std::vector<int>& label, double threshold) {
  Confusion counts;
  for (std::size_t i = 0; i < score.size(); ++i) {
    const bool positive = score[i] > threshold;
    if (positive)
      (label[i] == 1 ? counts.tp : counts.fp)++;
    else
      (label[i] == 1 ? counts.fn : counts.tn)++;
  }
  return counts;
}

// Golden values from tests/golden/ctree/make_golden.R (party::ctree with ctree_control() defaults).
TEST(ConditionalInferenceTreeGolden, EqualsPartyCtreeFoldByFold) {
  RADSTUDY_REQUIRE_SHARED("data/sts/clinical.csv");
  // R's scores: (dataset, repeat, fold, set) -> id -> score.
  std::map<std::pair<FoldKey, std::string>, std::map<std::string, double>> expected_scores;
  for (const auto& row : core::read_csv(ctree_golden("scores.csv")).rows)
    expected_scores[{{row[0], std::stoi(row[1]), std::stoi(row[2])}, row[4]}][row[3]] = golden_number(row[5]);
  std::map<FoldKey, std::pair<int, std::string>> expected_trees;  // terminal nodes, splits
  for (const auto& row : core::read_csv(ctree_golden("trees.csv")).rows)
    expected_trees[{row[0], std::stoi(row[1]), std::stoi(row[2])}] = {std::stoi(row[3]),
                                                                      row.size() > 4 ? row[4] : ""};

  int folds_compared = 0, scores_compared = 0, splits_compared = 0;
  double worst_auc_difference = 0.0, worst_cutpoint_difference = 0.0;
  for (const auto& dataset : core::read_csv(ctree_golden("datasets.csv")).rows) {
    const testing::LabelledTable table = testing::read_labelled_table(ctree_golden(dataset[1]));
    for (const auto& [repeat_fold, in_test] : testing::read_folds(ctree_golden(dataset[2]), table)) {
      const FoldKey key{dataset[0], repeat_fold.first, repeat_fold.second};
      const std::string where =
          dataset[0] + " repeat " + std::to_string(key.repeat) + " fold " + std::to_string(key.fold);
      const testing::FoldData fold = testing::split_and_standardize(table, in_test);
      ConditionalInferenceTree tree;
      tree.fit(fold.train, fold.train_labels, 1);

      for (const std::string set : {"train", "test"}) {
        const bool is_train = set == "train";
        const std::vector<double> score = tree.score(is_train ? fold.train : fold.test);
        const std::vector<int>& labels = is_train ? fold.train_labels : fold.test_labels;
        const std::vector<std::string>& ids = is_train ? fold.train_ids : fold.test_ids;
        const auto& expected = expected_scores[{key, set}];
        ASSERT_EQ(expected.size(), ids.size()) << where << " " << set;
        std::vector<double> r_score;
        for (std::size_t i = 0; i < ids.size(); ++i) {
          r_score.push_back(expected.at(ids[i]));
          EXPECT_NEAR(score[i], r_score.back(), 1e-12) << where << " " << set << " case " << ids[i];
          ++scores_compared;
        }
        EXPECT_EQ(confusion(score, labels, tree.threshold()), confusion(r_score, labels, 0.5))
            << where << " " << set;
        const bool both_classes = std::count(labels.begin(), labels.end(), 1) > 0 &&
                                  std::count(labels.begin(), labels.end(), 0) > 0;
        if (both_classes) {
          const double difference =
              std::abs(testing::pairwise_auc(score, labels) - testing::pairwise_auc(r_score, labels));
          worst_auc_difference = std::max(worst_auc_difference, difference);
          EXPECT_LE(difference, 1e-6) << where << " " << set;
        }
      }

      // The tree itself: terminal nodes, split features and cut-points in pre-order.
      const auto& [terminal_nodes, splits] = expected_trees.at(key);
      int terminal = 0;
      std::istringstream expected_splits(splits);
      for (const auto& node : tree.nodes()) {
        if (node.feature < 0) {
          ++terminal;
          continue;
        }
        std::string split;
        ASSERT_TRUE(expected_splits >> split) << where << ": radstudy has more splits than party";
        const auto at = split.find("<=");
        EXPECT_EQ(table.feature_names[static_cast<std::size_t>(node.feature)], split.substr(0, at)) << where;
        const double cutpoint = golden_number(split.substr(at + 2));
        const double difference = std::abs(node.cutpoint - cutpoint) / std::max(std::abs(cutpoint), 1e-300);
        worst_cutpoint_difference = std::max(worst_cutpoint_difference, difference);
        EXPECT_LE(difference, 1e-9) << where << " " << split;
        ++splits_compared;
      }
      EXPECT_EQ(terminal, terminal_nodes) << where;
      ++folds_compared;
    }
  }
  EXPECT_GE(folds_compared, 90);
  EXPECT_GE(splits_compared, 60);
  std::cout << "ctree vs party: " << folds_compared << " folds, " << scores_compared
            << " scores (|difference| <= 1e-12), " << splits_compared
            << " splits (worst relative cut-point difference " << worst_cutpoint_difference
            << "), worst AUC difference " << worst_auc_difference << "\n";
}

using testing::labels_from;
using testing::noisy_features;

TEST(ConditionalInferenceTree, JsonRoundTripScoresIdentically) {
  core::SeededRandom random(7);
  const Eigen::MatrixXd x = noisy_features(random, 120, 4);
  const std::vector<int> y = labels_from(x, random);
  ConditionalInferenceTree tree;
  tree.fit(x, y, 3);
  ASSERT_GT(tree.nodes().size(), 1u);
  const auto restored = ConditionalInferenceTree::from_json(nlohmann::json::parse(tree.to_json().dump()));
  EXPECT_EQ(restored->score(x), tree.score(x));
  EXPECT_EQ(restored->to_json(), tree.to_json());
}

TEST(ConditionalInferenceTree, StumpAndMaxdepthLimitTheTree) {
  core::SeededRandom random(8);
  const Eigen::MatrixXd x = noisy_features(random, 300, 3);
  const std::vector<int> y = labels_from(x, random);
  ConditionalInferenceTree full;
  full.fit(x, y, 1);
  ConditionalInferenceTreeSettings stump;
  stump.stump = true;
  ConditionalInferenceTree stump_tree(stump);
  stump_tree.fit(x, y, 1);
  ConditionalInferenceTreeSettings shallow;
  shallow.maxdepth = 2;
  ConditionalInferenceTree shallow_tree(shallow);
  shallow_tree.fit(x, y, 1);
  EXPECT_GT(full.nodes().size(), 7u);
  EXPECT_EQ(stump_tree.nodes().size(), 3u);
  EXPECT_LE(shallow_tree.nodes().size(), 7u);
  EXPECT_EQ(stump_tree.nodes()[0].cutpoint, full.nodes()[0].cutpoint);
}

TEST(ConditionalInferenceTree, SingleClassGivesOneNode) {
  core::SeededRandom random(9);
  const Eigen::MatrixXd x = noisy_features(random, 30, 3);
  ConditionalInferenceTree tree;
  tree.fit(x, std::vector<int>(30, 1), 1);
  ASSERT_EQ(tree.nodes().size(), 1u);
  EXPECT_EQ(tree.score(x)[0], 1.0);
}

TEST(ConditionalInferenceTree, RejectsBadInput) {
  core::SeededRandom random(10);
  Eigen::MatrixXd x = noisy_features(random, 80, 3);
  std::vector<int> y = labels_from(x, random);
  ConditionalInferenceTree tree;
  EXPECT_THROW(tree.score(x), InputError);  // not fitted
  EXPECT_THROW(tree.fit(x, std::vector<int>(29, 0), 1), InputError);
  std::vector<int> bad_label = y;
  bad_label[4] = 2;
  EXPECT_THROW(tree.fit(x, bad_label, 1), InputError);
  Eigen::MatrixXd with_nan = x;
  with_nan(3, 1) = std::numeric_limits<double>::quiet_NaN();
  try {
    tree.fit(with_nan, y, 1);
    FAIL() << "NaN accepted";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("case 4, feature 2"), std::string::npos) << error.what();
  }
  tree.fit(x, y, 1);
  EXPECT_THROW(tree.score(x.leftCols(2)), InputError);
  EXPECT_THROW(tree.score(with_nan), InputError);
  EXPECT_THROW(ConditionalInferenceTree::from_json(nlohmann::json{{"name", "ctree"}}), InputError);
  nlohmann::json broken = tree.to_json();
  broken["nodes"][0]["left"] = 0;  // a cycle
  ASSERT_GE(tree.nodes()[0].feature, 0);
  EXPECT_THROW(ConditionalInferenceTree::from_json(broken), InputError);
  ConditionalInferenceTreeSettings bad;
  bad.mincriterion = 1.5;
  EXPECT_THROW(ConditionalInferenceTree{bad}, ConfigError);
}


}  // namespace
}  // namespace radstudy::models
