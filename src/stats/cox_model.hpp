#pragma once
#include <Eigen/Dense>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "core/errors.hpp"

namespace radstudy::stats {

// Proportional hazards regression with Efron's handling of tied event times, fitted as R's
// survival::coxph does (coxph.fit + coxfit6.c): times within aeqSurv's tolerance merged (timefix);
// every column centred on its mean and scaled by n / sum|x - mean| unless all its values are -1, 0
// or 1 (coxph's nocenter); Newton-Raphson from 0 with step halving when the log partial likelihood
// falls; stop when |1 - loglik_old / loglik_new| <= epsilon.
struct CoxOptions {
  int max_iterations = 20;
  double epsilon = 1e-9;
  double infinite_tolerance = 3.1622776601683795e-05;  // coxph.control's toler.inf = sqrt(epsilon)
  double cholesky_tolerance = 1.8189894035458565e-12;  // coxph.control's toler.chol = eps^0.75
};

struct CoxFit {
  Eigen::VectorXd coefficients;
  Eigen::MatrixXd covariance;        // inverse of the information matrix at the estimate
  Eigen::VectorXd std_errors;        // sqrt(diag(covariance))
  Eigen::VectorXd z_scores;          // coefficient / std_error
  Eigen::VectorXd p_values;          // P(chi-square_1 > z^2), as summary.coxph
  Eigen::VectorXd means;             // centring of each column (0 for columns within {-1, 0, 1})
  double log_likelihood_null = 0.0;  // at coefficients 0
  double log_likelihood = 0.0;
  // coxph's fit$iter: Newton steps taken; max_iterations + 1 when it did not converge.
  int iterations = 0;
  bool converged = false;
  // Terms whose coefficient diverges (monotone likelihood: coxph warns "Loglik converged before
  // variable k; coefficient may be infinite"), plus any term whose information became numerically
  // singular at the estimate (coxph's NA); their estimates, SEs and p-values are not meaningful.
  // Only judged after convergence, as coxph does.
  std::vector<std::size_t> infinite_terms;
  // x_i' beta - means' beta (predict(fit, type = "lp"): centred as coxph centres, see `means`).
  Eigen::VectorXd linear_predictor;
  double likelihood_ratio_test = 0.0;  // 2 (loglik - loglik_null), df = number of terms
  double wald_test = 0.0;              // b' V^-1 b
  double score_test = 0.0;             // U(0)' I(0)^-1 U(0)
  std::size_t events = 0;
};

// The information matrix is singular at the start (beta = 0): the listed terms (0-based columns)
// are constant or linear combinations of earlier columns. coxph would drop them with NA; we refuse.
class SingularCoxModelError : public NumericalError {
 public:
  SingularCoxModelError(const std::string& message, std::vector<std::size_t> terms)
      : NumericalError(message), singular_terms(std::move(terms)) {}
  std::vector<std::size_t> singular_terms;
};

// `covariates`: one row per case, one column per term; events coded 0/1. Throws InputError for
// mismatched sizes, non-finite values or events other than 0/1 (naming the case), NumericalError
// when there is no event, SingularCoxModelError for a constant or collinear term.
// When the fit does not converge (converged = false), `covariance` and the tests derived from it
// are the inverse information at the last accepted iterate (coxph returns a matrix that is not that
// inverse in this case).
CoxFit fit_cox_efron(const Eigen::MatrixXd& covariates, const std::vector<double>& time,
                     const std::vector<int>& event, const CoxOptions& options = {});

// The Wald chi-square of the listed terms together: b' V^-1 b (df = terms.size()).
double wald_chi_square(const CoxFit& fit, const std::vector<std::size_t>& terms);

}  // namespace radstudy::stats
