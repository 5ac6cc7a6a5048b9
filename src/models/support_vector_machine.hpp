#pragma once
#include <Eigen/Dense>
#include <cmath>
#include <utility>
#include <string>
#include <vector>

#include "models/classifier.hpp"

namespace radstudy::models {

// e1071::svm(type = "C-classification", kernel = "radial", cost = 1, gamma = 1 / p, scale = FALSE,
// tolerance = 0.001, shrinking = TRUE, cachesize = 40) trained by libsvm, as e1071 calls it (zero
// values left out of the sparse rows). libsvm orders the labels as they first appear in the training
// rows and its decision value points towards the first: score() is the decision value towards class
// 1 whatever that order, and class 1 is predicted when it is > 0. probability() is Platt's sigmoid
// 1 / (1 + exp(A f + B)) of the decision value f, fitted as libsvm does for e1071's probability = TRUE
// (decision values of a 5-fold cross-validation inside the training cases, targets (N+ + 1) / (N+ + 2)
// and 1 / (N- + 2), Lin, Lin and Weng's Newton method), but with folds from the seed instead of rand().
class SupportVectorMachine : public Classifier {
 public:
  std::string name() const override { return "svm"; }
  void fit(const Eigen::MatrixXd& x, const std::vector<int>& y, std::uint64_t seed) override;
  std::vector<double> score(const Eigen::MatrixXd& x) const override;
  double threshold() const override { return 0.0; }
  std::vector<double> probability(const Eigen::MatrixXd& x) const override;
  nlohmann::json to_json() const override;
  static std::unique_ptr<Classifier> from_json(const nlohmann::json& model);

  std::size_t support_vector_count() const { return static_cast<std::size_t>(support_vectors_.rows()); }
  double platt_a() const { return platt_a_; }
  double platt_b() const { return platt_b_; }

 private:
  void train(const Eigen::MatrixXd& x, const std::vector<int>& y);
  double gamma_ = 0.0;
  double rho_ = 0.0;
  int first_label_ = 0;          // the label libsvm's decision value points towards
  Eigen::MatrixXd support_vectors_;  // in libsvm's model order
  std::vector<double> coefficients_;
  double platt_a_ = std::nan(""), platt_b_ = std::nan("");
};

// Platt's sigmoid fitted to decision values and 0/1 labels (libsvm's sigmoid_train, Lin, Lin and Weng
// 2007): A and B of P(class 1 | f) = 1 / (1 + exp(A f + B)), Newton iterations run to convergence.
std::pair<double, double> fit_platt_sigmoid(const std::vector<double>& decision_values, const std::vector<int>& labels);

}  // namespace radstudy::models
