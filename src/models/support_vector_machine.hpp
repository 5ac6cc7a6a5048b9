#pragma once
#include <Eigen/Dense>
#include <string>
#include <vector>

#include "models/classifier.hpp"

namespace radstudy::models {

// e1071::svm(type = "C-classification", kernel = "radial", cost = 1, gamma = 1 / p, scale = FALSE,
// tolerance = 0.001, shrinking = TRUE, cachesize = 40) trained by libsvm, as e1071 calls it (zero
// values left out of the sparse rows). libsvm orders the labels as they first appear in the training
// rows and its decision value points towards the first: score() is the decision value towards class
// 1 whatever that order, and class 1 is predicted when it is > 0.
class SupportVectorMachine : public Classifier {
 public:
  std::string name() const override { return "svm"; }
  void fit(const Eigen::MatrixXd& x, const std::vector<int>& y, std::uint64_t seed) override;
  std::vector<double> score(const Eigen::MatrixXd& x) const override;
  double threshold() const override { return 0.0; }
  nlohmann::json to_json() const override;
  static std::unique_ptr<Classifier> from_json(const nlohmann::json& model);

  std::size_t support_vector_count() const { return static_cast<std::size_t>(support_vectors_.rows()); }

 private:
  double gamma_ = 0.0;
  double rho_ = 0.0;
  int first_label_ = 0;          // the label libsvm's decision value points towards
  Eigen::MatrixXd support_vectors_;  // in libsvm's model order
  std::vector<double> coefficients_;
};

}  // namespace radstudy::models
