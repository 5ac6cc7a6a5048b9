#pragma once
#include <vector>

#include "models/classification_tree.hpp"
#include "models/classifier.hpp"

namespace radstudy::models {

// An ensemble of equal-weight trees: the score is the share of trees voting class 1 (a leaf votes 1 when
// more than half of its cases are class 1). Saved and read back as its list of trees.
class VotingTrees : public Classifier {
 public:
  std::vector<double> score(const Eigen::MatrixXd& x) const override;
  nlohmann::json to_json() const override;

 protected:
  template <typename Ensemble>
  static std::unique_ptr<Ensemble> read_trees(const nlohmann::json& model) {
    auto result = std::make_unique<Ensemble>();
    result->trees_ = trees_from_saved(model);
    return result;
  }
  std::vector<ClassificationTree> trees_;

 private:
  static std::vector<ClassificationTree> trees_from_saved(const nlohmann::json& model);
};

// ipred::bagging(y ~ ., data) with its defaults: 25 trees, each grown as rpart(control =
// rpart.control(minsplit = 2, cp = 0, xval = 0)) on a bootstrap sample of the n cases. Score: the
// share of trees voting class 1 (predict(type = "prob"), aggregation "majority").
class BaggedTrees : public VotingTrees {
 public:
  std::string name() const override { return "bagging"; }
  void fit(const Eigen::MatrixXd& x, const std::vector<int>& y, std::uint64_t seed) override;
  static std::unique_ptr<BaggedTrees> from_json(const nlohmann::json& model) { return read_trees<BaggedTrees>(model); }
};

// randomForest(x, y) with its classification defaults: 500 trees, each on a bootstrap sample of the
// n cases, floor(sqrt(p)) features drawn at each node, grown until the nodes are pure (nodesize 1),
// Gini splits halfway between values. Score: the share of trees voting class 1 (predict(type =
// "prob")). randomForest breaks ties at random; here a leaf with exactly half of each class votes 0.
class RandomForest : public VotingTrees {
 public:
  std::string name() const override { return "random_forest"; }
  void fit(const Eigen::MatrixXd& x, const std::vector<int>& y, std::uint64_t seed) override;
  static std::unique_ptr<RandomForest> from_json(const nlohmann::json& model) { return read_trees<RandomForest>(model); }
};

// AdaBoost.M1 as adabag::boosting(boos = TRUE, mfinal = 100, coeflearn = "Breiman") with rpart stumps
// (rpart.control(maxdepth = 1), otherwise rpart's defaults): each round draws a bootstrap sample
// with the current case weights (again while the stump does not split), fits a stump on it, and
// weighs it by alpha = log((1 - err) / err) / 2 of its weighted error on all training cases; the
// weights of the misclassified cases grow by exp(alpha). A round with err >= 0.5 or err = 0 resets the
// weights to 1/n (err = 0 keeps the stump with the weight of err = 1/(2n), err >= 0.5 drops it).
// Score: the alpha-weighted share of votes for class 1.
class AdaptiveBoosting : public Classifier {
 public:
  std::string name() const override { return "boosting"; }
  void fit(const Eigen::MatrixXd& x, const std::vector<int>& y, std::uint64_t seed) override;
  std::vector<double> score(const Eigen::MatrixXd& x) const override;
  nlohmann::json to_json() const override;
  static std::unique_ptr<AdaptiveBoosting> from_json(const nlohmann::json& model);
  std::vector<std::string> fit_notes() const override { return notes_; }

 private:
  std::vector<ClassificationTree> stumps_;
  std::vector<double> weights_;
  // When no stump beats chance in any round: the null model, the training share of class 1 for every case.
  std::optional<double> null_share_;
  Eigen::Index feature_count_ = 0;
  std::vector<std::string> notes_;
};

}  // namespace radstudy::models
