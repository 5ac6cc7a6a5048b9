#pragma once
#include <Eigen/Dense>
#include <cstddef>
#include <vector>

namespace radstudy::stats {

// Proportional hazards regression with Efron's handling of tied event times, fitted as R's
// survival::coxph does (Newton-Raphson from 0 with step halving; stop when the relative change of
// the log partial likelihood is <= epsilon).
struct CoxOptions {
  int max_iterations = 20;
  double epsilon = 1e-9;
  double infinite_tolerance = 3.1622776601683795e-05;  // coxph.control's toler.inf = sqrt(epsilon)
};

struct CoxFit {
  Eigen::VectorXd coefficients;
  Eigen::MatrixXd covariance;            // inverse of the information matrix at the estimate
  double log_likelihood_null = 0.0;      // at coefficients 0
  double log_likelihood = 0.0;
  int iterations = 0;
  bool converged = false;
  // Terms whose coefficient diverges (monotone likelihood: coxph warns "coefficient may be
  // infinite"); their estimates, SEs and p-values are not meaningful.
  std::vector<std::size_t> infinite_terms;
  Eigen::VectorXd linear_predictor;       // x_i' beta with the covariates centred on their means
  double likelihood_ratio_test = 0.0;     // 2 (loglik - loglik_null), df = number of terms
  double wald_test = 0.0;
  double score_test = 0.0;
};

// `covariates`: one row per case, one column per term. Throws NumericalError when the
// information matrix is singular (a constant or collinear term).
CoxFit fit_cox_efron(const Eigen::MatrixXd& covariates, const std::vector<double>& time,
                     const std::vector<int>& event, const CoxOptions& options = {});

// The Wald chi-square of the listed terms together: b' V^-1 b (df = terms.size()).
double wald_chi_square(const CoxFit& fit, const std::vector<std::size_t>& terms);

}  // namespace radstudy::stats
