#pragma once
#include <Eigen/Dense>
#include <string>
#include <vector>

#include "models/classifier.hpp"

namespace radstudy::models {

// glm(y ~ ., family = binomial) as R's glm.fit computes it: IRLS from mustart = (y + 0.5) / 2,
// weighted least squares by Householder QR with LINPACK dqrdc2's limited column pivoting (tolerance
// 1e-11; columns found collinear get no coefficient, as NA in R), convergence when
// |dev - dev_old| / (|dev| + 0.1) < 1e-8, at most 25 iterations. Like glm, a separable training set
// or p >= n still gives a fit (fitted probabilities 0 or 1): fit_notes() says so, and says when the
// iterations did not converge.
class LogisticRegression : public Classifier {
 public:
  std::string name() const override { return "logistic"; }
  void fit(const Eigen::MatrixXd& x, const std::vector<int>& y, std::uint64_t seed) override;
  std::vector<double> score(const Eigen::MatrixXd& x) const override;
  nlohmann::json to_json() const override;
  std::vector<std::string> fit_notes() const override { return notes_; }
  static std::unique_ptr<Classifier> from_json(const nlohmann::json& model);

  double intercept() const { return intercept_; }
  // One per feature; NaN for a feature glm leaves out as collinear (counted as 0 when scoring).
  const std::vector<double>& coefficients() const { return coefficients_; }
  int iterations() const { return iterations_; }
  bool converged() const { return converged_; }

 private:
  double intercept_ = 0.0;
  std::vector<double> coefficients_;
  int iterations_ = 0;
  bool converged_ = false;
  std::vector<std::string> notes_;
};

// binomial()$linkinv as R's C code computes it (logit_linkinv: exp(eta) clamped to
// [DBL_EPSILON, 1/DBL_EPSILON] beyond |eta| > 30).
double logistic_inverse_link(double eta);

}  // namespace radstudy::models
