#pragma once
#include <Eigen/Dense>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "models/classifier.hpp"

namespace radstudy::models {

// party::ctree's ctree_control() for a two-class response and numeric features.
struct ConditionalInferenceTreeSettings {
  double mincriterion = 0.95;  // split when max (1 - p)^m > mincriterion (Bonferroni over m features)
  double minsplit = 20;        // a node with fewer cases is not tested
  double minbucket = 7;        // cases on each side of a split, at least
  bool stump = false;          // only the root may split
  int maxdepth = 0;            // 0: unlimited; the root has depth 1
};

// A conditional inference tree as party::ctree(y ~ ., data) grows it (Hothorn, Hornik & Zeileis 2006):
// in each node, for each feature, the linear statistic of x and the class indicators with its
// conditional expectation and covariance (Strasser & Weber), the quadratic form through the
// Moore-Penrose inverse and its chi-square p-value; criterion (1 - p)^m; the feature with the largest
// criterion is split at the observed value maximising the standardized two-sample statistic subject
// to minbucket (x <= cutpoint goes left). score() is the class-1 share of the case's terminal node,
// as predict(fit, type = "prob").
class ConditionalInferenceTree : public Classifier {
 public:
  struct Node {
    int feature = -1;       // -1 for a terminal node
    double cutpoint = 0.0;  // x <= cutpoint goes to `left`
    int left = -1, right = -1;
    double class1_share = 0.0;   // the node's prediction
    double case_count = 0.0;     // sum of the training weights in the node
    double max_criterion = 0.0;  // largest (1 - p)^m among the features
  };

  explicit ConditionalInferenceTree(ConditionalInferenceTreeSettings settings = {});

  std::string name() const override { return "ctree"; }
  void fit(const Eigen::MatrixXd& x, const std::vector<int>& y, std::uint64_t seed) override;
  std::vector<double> score(const Eigen::MatrixXd& x) const override;
  nlohmann::json to_json() const override;
  static std::unique_ptr<ConditionalInferenceTree> from_json(const nlohmann::json& model);

  // Nodes in pre-order (party's node numbering minus one); empty before fit().
  const std::vector<Node>& nodes() const { return nodes_; }
  Eigen::Index feature_count() const { return feature_count_; }

 private:
  ConditionalInferenceTreeSettings settings_;
  std::vector<Node> nodes_;
  Eigen::Index feature_count_ = 0;
};

}  // namespace radstudy::models
