#pragma once
#include <Eigen/Dense>
#include <cstddef>
#include <optional>
#include <vector>

namespace radstudy::stats {

// Penalised logistic regression as glmnet::glmnet(x, y, family = "binomial", alpha, standardize =
// FALSE) computes it: coordinate descent with glmnet's quadratic approximation, its lambda sequence
// (lambda_count values from lambda_max down to lambda_min_ratio * lambda_max; lambda_min_ratio 0.01
// when n < p, else 1e-4) and its convergence rule (thresh 1e-7). y holds 0/1 (1 = the modelled
// class); each class needs at least 2 cases (glmnet's rule). Columns constant in x are left out of
// the fit (coefficient 0), as glmnet's chkvars does. Errors: InputError naming the case or column.
struct LassoOptions {
  double alpha = 1.0;
  std::size_t lambda_count = 100;
  std::optional<double> lambda_min_ratio;
  double threshold = 1e-7;
  std::size_t max_passes = 100000;
};

struct LassoPath {
  std::vector<double> lambda;        // as glmnet returns it (it may stop early)
  std::vector<double> intercept;     // per lambda
  Eigen::MatrixXd coefficients;      // features x lambdas
  std::vector<std::size_t> nonzero;  // per lambda
  std::vector<double> deviance_ratio;
  double null_deviance = 0.0;  // glmnet's nulldev
};

LassoPath fit_lasso_path(const Eigen::MatrixXd& x, const std::vector<int>& y,
                         const LassoOptions& options = {});

// cv.glmnet(..., foldid, type.measure = "deviance"): the path on all cases, the mean and SE of the
// held-out binomial deviance per lambda, lambda.min and lambda.1se. As cv.glmnet does, each training
// fold is fitted with its own glmnet lambda sequence and its held-out predictions are interpolated
// at the full-data lambdas (lambda.interp); the SE is over folds (grouped) unless there are fewer
// than 3 cases per fold, then over cases.
struct LassoCrossValidation {
  LassoPath path;
  std::vector<double> cvm, cvsd;
  std::size_t index_min = 0, index_1se = 0;
  bool grouped = true;
};
// `fold_of_case[i]` in 1..K, K >= 3, every fold non-empty; every training set (all folds but one)
// needs 2 cases of each class.
LassoCrossValidation cross_validate_lasso(const Eigen::MatrixXd& x, const std::vector<int>& y,
                                          const std::vector<int>& fold_of_case,
                                          const LassoOptions& options = {});

// radstudy select --n K: lambda.min if it keeps >= K non-zero coefficients, else the largest lambda of
// the path with >= K; of its coefficients the K largest in absolute value, as (feature, coefficient),
// largest first. Fewer than K when the whole path never reaches K (all it has).
std::vector<std::pair<std::size_t, double>> top_lasso_features(const LassoCrossValidation& cv, std::size_t k);
// The path index top_lasso_features takes its coefficients from.
std::size_t top_lasso_index(const LassoCrossValidation& cv, std::size_t k);

}  // namespace radstudy::stats
