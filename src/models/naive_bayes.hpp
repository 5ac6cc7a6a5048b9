#pragma once
#include <Eigen/Dense>
#include <string>
#include <vector>

#include "models/classifier.hpp"

namespace radstudy::models {

// e1071::naiveBayes on numeric features (Gaussian): per class the mean and sd (n - 1) of each feature,
// prior = the class counts; predict(type = "raw") with its defaults threshold = 0.001, eps = 0: an sd
// <= 0 is replaced by 0.001, and so is a density <= 0 (an underflow far in a tail). score = the
// posterior probability of class 1.
class NaiveBayes : public Classifier {
 public:
  std::string name() const override { return "naive_bayes"; }
  void fit(const Eigen::MatrixXd& x, const std::vector<int>& y, std::uint64_t seed) override;
  std::vector<double> score(const Eigen::MatrixXd& x) const override;
  nlohmann::json to_json() const override;
  static std::unique_ptr<Classifier> from_json(const nlohmann::json& model);

 private:
  double class_counts_[2] = {0.0, 0.0};
  Eigen::MatrixXd means_;  // 2 x features
  Eigen::MatrixXd sds_;    // 2 x features
};

// R's dnorm(x, mean, sd) (dnorm4, with its split of the exponent beyond 5 sd).
double r_normal_density(double x, double mean, double sd);

}  // namespace radstudy::models
