#pragma once
#include <Eigen/Dense>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace radstudy::models {

// A binary classifier of the modelling stage. The caller z-scores the features (training fold's
// mean and sd) before fit() and score(); labels are 0/1. Each model reproduces the R function and
// defaults the seed paper used (see make_classifier).
class Classifier {
 public:
  virtual ~Classifier() = default;
  virtual std::string name() const = 0;
  // `seed` drives every random choice (bootstrap, initial weights...): same seed, same model.
  virtual void fit(const Eigen::MatrixXd& x, const std::vector<int>& y, std::uint64_t seed) = 0;
  // One score per row of `x`, larger meaning class 1: the probability of class 1, or for svm the
  // decision value towards class 1.
  virtual std::vector<double> score(const Eigen::MatrixXd& x) const = 0;
  // Class 1 when score > threshold(): 0.5, or 0 for svm's decision value.
  virtual double threshold() const { return 0.5; }
  // The probability of class 1 per row: the score itself, except for svm (Platt's sigmoid of the
  // decision value, as e1071's probability = TRUE).
  virtual std::vector<double> probability(const Eigen::MatrixXd& x) const { return score(x); }
  // Everything predict needs to score a new case, and from_json() reads back.
  virtual nlohmann::json to_json() const = 0;
  // What the last fit() reported that the caller should pass on (e.g. glm's non-convergence or
  // fitted probabilities of 0 or 1); empty when nothing.
  virtual std::vector<std::string> fit_notes() const { return {}; }
};

// The ten models, by name: svm, naive_bayes, rpart, ctree, random_forest, knn, neural_net,
// boosting, bagging, logistic. Throws ConfigError for an unknown name.
std::unique_ptr<Classifier> make_classifier(const std::string& name);
std::unique_ptr<Classifier> classifier_from_json(const nlohmann::json& model);
const std::vector<std::string>& classifier_names();

}  // namespace radstudy::models
