#pragma once
#include "models/classification_tree.hpp"
#include "models/classifier.hpp"

namespace radstudy::models {

// rpart(y ~ ., method = "class") with rpart.control's defaults (minsplit 20, minbucket 7, cp 0.01,
// maxdepth 30; Gini, priors = class frequencies). Score: the class-1 share of the leaf, as
// predict(type = "prob"). Deterministic (rpart's cross-validation only fills its cp table).
class RecursivePartitioning : public Classifier {
 public:
  std::string name() const override { return "rpart"; }
  void fit(const Eigen::MatrixXd& x, const std::vector<int>& y, std::uint64_t seed) override;
  std::vector<double> score(const Eigen::MatrixXd& x) const override;
  nlohmann::json to_json() const override;
  static std::unique_ptr<RecursivePartitioning> from_json(const nlohmann::json& model);

 private:
  ClassificationTree tree_;
};

}  // namespace radstudy::models
