#pragma once
#include <Eigen/Dense>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/seeded_random.hpp"

namespace radstudy::models {

// How a classification tree grows: rpart.control's minsplit, minbucket, cp and maxdepth, and for
// random forests the number of features drawn at each node (0: all, in order, as rpart).
struct TreeGrowth {
  int min_split = 20;
  int min_bucket = 7;
  double complexity = 0.01;
  int max_depth = 30;
  int features_per_split = 0;
  // rpart keeps a split only when it lowers the risk by more than cp (collapsing it afterwards
  // otherwise); randomForest grows every node until it is pure or cannot be split.
  bool collapse_by_complexity = true;
};

// A binary classification tree grown as rpart(method = "class") grows it with the Gini index, equal
// misclassification costs and priors equal to the class frequencies, no missing values: at each node
// the first feature (in column order) with the largest impurity decrease, cut halfway between two
// distinct values, each side keeping at least min_bucket cases; a split is kept only if it (with its
// subtree) lowers the misclassification risk by more than cp times the root's (rpart's partition()).
class ClassificationTree {
 public:
  // `rows`: the training cases (indices into x; repeats allowed, for bootstrap samples). `random` is
  // used only when growth.features_per_split > 0.
  void fit(const Eigen::MatrixXd& x, const std::vector<int>& y, const std::vector<std::size_t>& rows,
           const TreeGrowth& growth, core::SeededRandom* random = nullptr);
  // The share of class 1 among the training cases of the leaf the case reaches.
  double probability(const Eigen::MatrixXd& x, Eigen::Index row) const;
  std::size_t node_count() const { return nodes_.size(); }
  Eigen::Index feature_count() const { return feature_count_; }
  // Throws InputError unless `x` has the columns the tree was grown on (`model` names it).
  void check_width(const Eigen::MatrixXd& x, const std::string& model) const;

  nlohmann::json to_json() const;
  static ClassificationTree from_json(const nlohmann::json& tree);

 private:
  struct Node {
    int feature = -1;  // -1: a leaf
    double cut = 0.0;
    bool below_goes_left = true;  // cases with x < cut go to `left`
    int left = -1, right = -1;
    double probability = 0.0;     // share of class 1 at this node
  };
  std::vector<Node> nodes_;
  Eigen::Index feature_count_ = 0;
  friend class TreeBuilder;
};

}  // namespace radstudy::models
