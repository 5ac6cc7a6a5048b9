#include "stats/lasso_logistic.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <utility>

#include "core/errors.hpp"

namespace radstudy::stats {
namespace {

// glmnet.control() defaults.
constexpr double kInfiniteLambda = 9.9e35;         // big: the first lambda of the path
constexpr double kSmallestLambdaRatio = 1e-6;      // eps
constexpr double kDevianceRatioStep = 1e-5;        // fdev: stop when the deviance ratio gains less
constexpr double kLargestDevianceRatio = 0.999;    // devmax
constexpr double kProbabilityFloor = 1e-9;         // pmin
constexpr std::size_t kLambdasBeforeStopping = 5;  // mnlam
// cv.lognet's clamp of held-out probabilities.
constexpr double kHeldOutProbabilityFloor = 1e-5;

// One fit of glmnet's lognet on a centred design, as its C++/Fortran returns it (before R's fix.lam).
struct CompressedPath {
  std::vector<double> lambda, intercept, deviance_ratio;
  // Per lambda, the coefficients of the features entered so far, in the order they entered (glmnet's
  // `ca`, zeros included).
  std::vector<std::vector<std::pair<std::size_t, double>>> coefficients;
  double null_deviance = 0.0;
};

void check_labels(const std::vector<int>& y, std::size_t rows, const char* what) {
  if (y.size() != rows) throw InputError(fmt::format("{}: {} labels for {} cases", what, y.size(), rows));
  std::size_t ones = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    if (y[i] != 0 && y[i] != 1)
      throw InputError(fmt::format("{}: the label of case {} is {}, not 0 or 1", what, i + 1, y[i]));
    ones += static_cast<std::size_t>(y[i]);
  }
  const std::size_t smallest = std::min(ones, y.size() - ones);
  if (smallest < 2)
    throw InputError(fmt::format(
        "{}: {} case(s) of class 0 and {} of class 1; penalised logistic regression needs at least 2 "
        "of each",
        what, y.size() - ones, ones));
}

void check_finite(const Eigen::MatrixXd& x) {
  for (Eigen::Index j = 0; j < x.cols(); ++j)
    for (Eigen::Index i = 0; i < x.rows(); ++i)
      if (!std::isfinite(x(i, j)))
        throw InputError(fmt::format(
            "penalised logistic regression: feature {} of case {} is not a finite number", j + 1, i + 1));
}

double default_lambda_min_ratio(std::size_t cases, std::size_t features) {
  return cases < features ? 1e-2 : 1e-4;
}

// glmnet's binomial deviance of fitted probabilities (dev2), halved and per unit weight.
double half_deviance(const Eigen::VectorXd& w, const Eigen::VectorXd& y, const Eigen::VectorXd& q) {
  const double largest = 1.0 - kProbabilityFloor;
  double sum = 0.0;
  for (Eigen::Index i = 0; i < w.size(); ++i) {
    const double p = std::min(std::max(kProbabilityFloor, q(i)), largest);
    sum -= w(i) * (y(i) * std::log(p) + (1.0 - y(i)) * std::log(1.0 - p));
  }
  return sum;
}

// glmnet's two-class lognet path (glmnetpp ElnetPath binomial two_class with the Newton weights, i.e.
// type.logistic = "Newton", no offset, unit penalty factors, intercept): the outer loop refits the
// quadratic approximation (IRLS) at the current coefficients; the inner loop runs coordinate descent
// over the strong set, then over the active set until it converges, then over the strong set again;
// once the IRLS step has converged the features outside the strong set are checked against the KKT
// condition and violators join it.
class LognetPathSolver {
 public:
  LognetPathSolver(const Eigen::MatrixXd& centred_x, const std::vector<char>& usable,
                   const Eigen::VectorXd& y, const LassoOptions& options, double lambda_min_ratio)
      : x_(centred_x),
        usable_(usable),
        y_(y),
        options_(options),
        lambda_min_ratio_(lambda_min_ratio),
        cases_(static_cast<std::size_t>(centred_x.rows())),
        features_(static_cast<std::size_t>(centred_x.cols())) {}

  CompressedPath run() {
    initialise();
    CompressedPath path;
    path.null_deviance = null_half_deviance_;
    const double alpha = options_.alpha;
    const std::size_t lambda_count = options_.lambda_count;
    const double step = std::pow(std::max(kSmallestLambdaRatio, lambda_min_ratio_),
                                 1.0 / (static_cast<double>(lambda_count) - 1.0));
    const std::size_t stop_checks_from = std::min(kLambdasBeforeStopping, lambda_count);
    double lambda = 0.0;
    for (std::size_t m = 0; m < lambda_count; ++m) {
      double previous_lambda = lambda;
      if (m > 1) {
        lambda *= step;
      } else if (m == 0) {
        lambda = kInfiniteLambda;
      } else {
        previous_lambda = 0.0;
        for (std::size_t j = 0; j < features_; ++j)
          if (usable_[j]) previous_lambda = std::max(previous_lambda, gradient_[j]);
        previous_lambda /= std::max(alpha, 1e-3);
        lambda = previous_lambda * step;
      }
      if (!fit_lambda(lambda, previous_lambda)) break;  // out of passes: glmnet returns the earlier lambdas

      path.lambda.push_back(lambda);
      path.intercept.push_back(intercept_);
      std::vector<std::pair<std::size_t, double>> entered;
      entered.reserve(active_.size());
      std::size_t nonzero = 0;
      for (std::size_t k : active_) {
        entered.emplace_back(k, beta_[k]);
        if (beta_[k] != 0.0) ++nonzero;
      }
      path.coefficients.push_back(std::move(entered));
      const double ratio = (null_half_deviance_ - half_deviance(w_, y_, q_)) / null_half_deviance_;
      const double previous_ratio = m == 0 ? 0.0 : path.deviance_ratio.back();
      path.deviance_ratio.push_back(ratio);
      if (m + 1 < stop_checks_from) continue;
      if (nonzero > features_ + 1 || ratio - previous_ratio < kDevianceRatioStep ||
          ratio > kLargestDevianceRatio)
        break;
      if (weight_sum_ <= smallest_weight_sum_) break;
    }
    return path;
  }

 private:
  void initialise() {
    const auto n = static_cast<Eigen::Index>(cases_);
    w_ = Eigen::VectorXd::Constant(n, 1.0 / static_cast<double>(cases_));
    const double q0 = w_.dot(y_);
    if (q0 <= kProbabilityFloor || q0 >= 1.0 - kProbabilityFloor)
      throw NumericalError("penalised logistic regression: one class has (almost) no weight");
    const double intercept0 = std::log(q0 / (1.0 - q0));
    const double variance0 = q0 * (1.0 - q0);
    intercept_ = intercept0;
    v_ = variance0 * w_;
    r_ = (w_.array() * (y_.array() - q0)).matrix();
    q_ = Eigen::VectorXd::Constant(n, q0);
    weight_sum_ = variance0;
    null_half_deviance_ = -(intercept0 * q0 + std::log(1.0 - q0));  // y is 0/1: no saturated term
    threshold_ = options_.threshold * null_half_deviance_;
    smallest_weight_sum_ = (1.0 + kProbabilityFloor) * kProbabilityFloor * (1.0 - kProbabilityFloor);

    beta_.assign(features_, 0.0);
    saved_beta_.assign(features_, 0.0);
    x_variance_.assign(features_, 0.0);
    gradient_.assign(features_, 0.0);
    is_active_.assign(features_, 0);
    active_.clear();
    strong_set_.clear();
    outside_strong_set_.clear();
    for (std::size_t j = 0; j < features_; ++j)
      if (usable_[j]) outside_strong_set_.push_back(j);
    passes_ = 0;
    checked_residuals_.assign(1, r_);
    epoch_distance_.assign(1, 0.0);
    largest_residual_norm_ = r_.norm();
    gradient_epoch_.assign(features_, 0);
    column_norm_.assign(features_, 0.0);
    for (std::size_t j = 0; j < features_; ++j) {
      if (!usable_[j]) continue;
      const auto column = x_.col(static_cast<Eigen::Index>(j));
      gradient_[j] = std::abs(r_.dot(column));
      column_norm_[j] = column.norm();
    }
  }

  // The strong set is visited in feature order, as glmnet's full passes do.
  void add_to_strong_set(std::size_t k) {
    strong_set_.insert(std::upper_bound(strong_set_.begin(), strong_set_.end(), k), k);
  }

  // glmnet keeps |x_k . r| of every feature outside the strong set from the residual r of the last
  // KKT check (ga), and compares it with the strong-rule and KKT thresholds. Recomputing all of them
  // at every check is most of the work when p >> n, so each feature's value is kept with the check
  // (epoch) whose residual it was computed from: |x_k . r_now| <= |x_k . r_then| + |x_k| |r_now -
  // r_then|. Only when that bound (with a margin far above rounding) reaches the threshold is the
  // product recomputed, so every decision, and every fitted value, is glmnet's.
  void record_checked_residual(bool recompute_all) {
    checked_residuals_.push_back(r_);
    epoch_distance_.assign(checked_residuals_.size(), -1.0);
    epoch_distance_.back() = 0.0;
    largest_residual_norm_ = std::max(largest_residual_norm_, r_.norm());
    if (!recompute_all) return;
    for (std::size_t k : outside_strong_set_) refresh_gradient(k);
  }

  void refresh_gradient(std::size_t k) {
    gradient_[k] = std::abs(checked_residuals_.back().dot(x_.col(static_cast<Eigen::Index>(k))));
    gradient_epoch_[k] = checked_residuals_.size() - 1;
  }

  // Adds to the strong set the features outside it whose ga(k) (at the last checked residual) exceeds
  // `threshold`; true when there was one.
  bool add_gradients_above(double threshold) {
    const double margin_per_norm = 1e-12 * largest_residual_norm_;
    const double bound_limit = threshold - 1e-12 * std::abs(threshold);
    const std::size_t last_epoch = checked_residuals_.size() - 1;
    bool added = false;
    std::size_t kept = 0;
    for (std::size_t k : outside_strong_set_) {
      const std::size_t epoch = gradient_epoch_[k];
      if (epoch != last_epoch) {
        double& distance = epoch_distance_[epoch];
        if (distance < 0.0) distance = (checked_residuals_.back() - checked_residuals_[epoch]).norm();
        if (gradient_[k] + column_norm_[k] * (distance + margin_per_norm) < bound_limit) {
          outside_strong_set_[kept++] = k;
          continue;
        }
        refresh_gradient(k);
      }
      if (gradient_[k] > threshold) {
        add_to_strong_set(k);
        added = true;
      } else {
        outside_strong_set_[kept++] = k;
      }
    }
    outside_strong_set_.resize(kept);
    return added;
  }

  // Coordinate descent for one lambda; false when the pass limit was reached.
  bool fit_lambda(double lambda, double previous_lambda) {
    const double alpha = options_.alpha;
    const double l1 = lambda * alpha;
    const double l2 = lambda * (1.0 - alpha);
    const double strong_threshold = alpha * (2.0 * lambda - previous_lambda);
    add_gradients_above(strong_threshold);

    while (true) {
      if (passes_ > options_.max_passes) return false;
      saved_intercept_ = intercept_;
      for (std::size_t k : active_) saved_beta_[k] = beta_[k];
      for (std::size_t k : strong_set_)
        x_variance_[k] = v_.dot(x_.col(static_cast<Eigen::Index>(k)).cwiseAbs2());
      if (!weighted_least_squares(l1, l2)) return false;
      if (!update_quadratic_approximation()) break;  // the weights vanished (separation)
      if (!irls_converged()) continue;
      record_checked_residual(lambda == kInfiniteLambda);
      if (!add_gradients_above(l1)) break;
    }
    return true;
  }

  bool weighted_least_squares(double l1, double l2) {
    while (true) {
      ++passes_;
      largest_change_ = 0.0;
      for (std::size_t k : strong_set_) update_coordinate(k, l1, l2);
      update_intercept();
      if (largest_change_ < threshold_) return true;
      if (passes_ > options_.max_passes) return false;
      while (true) {
        ++passes_;
        largest_change_ = 0.0;
        for (std::size_t k : active_) update_coordinate(k, l1, l2);
        update_intercept();
        if (largest_change_ < threshold_) break;
        if (passes_ > options_.max_passes) return false;
      }
    }
  }

  void update_coordinate(std::size_t k, double l1, double l2) {
    const auto column = x_.col(static_cast<Eigen::Index>(k));
    const double old_value = beta_[k];
    const double gradient = r_.dot(column);
    const double u = gradient + old_value * x_variance_[k];
    const double shrunk = std::abs(u) - l1;
    double new_value = 0.0;
    if (shrunk > 0.0)
      new_value = std::max(-kInfiniteLambda,
                           std::min(kInfiniteLambda, std::copysign(shrunk, u) / (x_variance_[k] + l2)));
    beta_[k] = new_value;
    if (new_value == old_value) return;
    if (!is_active_[k]) {
      is_active_[k] = 1;
      active_.push_back(k);
    }
    const double change = new_value - old_value;
    largest_change_ = std::max(x_variance_[k] * change * change, largest_change_);
    r_.noalias() -= change * v_.cwiseProduct(column);
  }

  void update_intercept() {
    const double change = r_.sum() / weight_sum_;
    if (change == 0.0) return;
    intercept_ += change;
    largest_change_ = std::max(weight_sum_ * change * change, largest_change_);
    r_.noalias() -= change * v_;
  }

  // New probabilities, weights and working residuals; false when the weights sum to almost nothing.
  bool update_quadratic_approximation() {
    const double largest_link = std::log(1.0 / kProbabilityFloor - 1.0);
    Eigen::VectorXd link = Eigen::VectorXd::Constant(static_cast<Eigen::Index>(cases_), intercept_);
    for (std::size_t k : active_) link.noalias() += beta_[k] * x_.col(static_cast<Eigen::Index>(k));
    for (Eigen::Index i = 0; i < link.size(); ++i) {
      const double f = link(i);
      q_(i) = f < -largest_link ? 0.0 : f > largest_link ? 1.0 : 1.0 / (1.0 + std::exp(-f));
    }
    v_ = (w_.array() * q_.array() * (1.0 - q_.array())).matrix();
    weight_sum_ = v_.sum();
    if (weight_sum_ <= smallest_weight_sum_) return false;
    r_ = (w_.array() * (y_.array() - q_.array())).matrix();
    return true;
  }

  bool irls_converged() const {
    const double intercept_change = intercept_ - saved_intercept_;
    if (weight_sum_ * intercept_change * intercept_change > threshold_) return false;
    for (std::size_t k : active_) {
      const double change = beta_[k] - saved_beta_[k];
      if (x_variance_[k] * change * change > threshold_) return false;
    }
    return true;
  }

  const Eigen::MatrixXd& x_;
  const std::vector<char>& usable_;
  const Eigen::VectorXd& y_;
  const LassoOptions& options_;
  const double lambda_min_ratio_;
  const std::size_t cases_, features_;

  Eigen::VectorXd w_, v_, r_, q_;
  double intercept_ = 0.0, saved_intercept_ = 0.0;
  double weight_sum_ = 0.0, smallest_weight_sum_ = 0.0;
  double null_half_deviance_ = 0.0, threshold_ = 0.0, largest_change_ = 0.0;
  std::vector<double> beta_, saved_beta_, x_variance_, gradient_;
  // The residuals of the KKT checks (the last is glmnet's), their distances to the last one (-1: not
  // computed yet), the check each gradient_ comes from, the column norms and the largest checked |r|.
  std::vector<Eigen::VectorXd> checked_residuals_;
  std::vector<double> epoch_distance_, column_norm_;
  std::vector<std::size_t> gradient_epoch_;
  double largest_residual_norm_ = 0.0;
  std::vector<char> is_active_;
  std::vector<std::size_t> active_, strong_set_;
  std::vector<std::size_t> outside_strong_set_;  // usable features not in the strong set
  std::size_t passes_ = 0;
};

// A lognet fit in the original scale of x, with R's lambda (fix.lam: the first, infinite lambda
// replaced by its log-linear extrapolation).
struct FittedPath {
  CompressedPath path;
  std::size_t features = 0;
};

FittedPath fit_compressed(const Eigen::MatrixXd& x, const std::vector<int>& y, const LassoOptions& options) {
  const auto n = static_cast<std::size_t>(x.rows());
  const auto p = static_cast<std::size_t>(x.cols());
  if (p == 0) throw InputError("penalised logistic regression: no features");
  if (!(options.alpha >= 0.0 && options.alpha <= 1.0))
    throw ConfigError(fmt::format("penalised logistic regression: alpha {} is not in [0, 1]", options.alpha));
  if (options.lambda_count < 3)
    throw ConfigError("penalised logistic regression: the lambda path needs at least 3 values");
  if (options.lambda_min_ratio && !(*options.lambda_min_ratio > 0.0 && *options.lambda_min_ratio < 1.0))
    throw ConfigError("penalised logistic regression: lambda_min_ratio must be in (0, 1)");

  // chkvars: a column with a single value takes no part.
  std::vector<char> usable(p, 0);
  bool any_usable = false;
  for (std::size_t j = 0; j < p; ++j) {
    const auto column = x.col(static_cast<Eigen::Index>(j));
    for (Eigen::Index i = 1; i < column.size(); ++i)
      if (column(i) != column(0)) {
        usable[j] = 1;
        any_usable = true;
        break;
      }
  }
  if (!any_usable) throw InputError("penalised logistic regression: every feature is constant");

  // lstandard1 with intercept, standardize = FALSE: centre on the weighted means.
  const Eigen::VectorXd w = Eigen::VectorXd::Constant(x.rows(), 1.0 / static_cast<double>(n));
  Eigen::MatrixXd centred = x;
  std::vector<double> means(p, 0.0);
  for (std::size_t j = 0; j < p; ++j) {
    if (!usable[j]) continue;
    auto column = centred.col(static_cast<Eigen::Index>(j));
    means[j] = w.dot(column);
    column.array() -= means[j];
  }
  Eigen::VectorXd response(x.rows());
  for (std::size_t i = 0; i < n; ++i) response(static_cast<Eigen::Index>(i)) = y[i];

  const double ratio = options.lambda_min_ratio.value_or(default_lambda_min_ratio(n, p));
  LognetPathSolver solver(centred, usable, response, options, ratio);
  FittedPath fitted{solver.run(), p};
  auto& path = fitted.path;
  if (path.lambda.empty())
    throw NumericalError("penalised logistic regression: no lambda converged within the pass limit");
  for (std::size_t m = 0; m < path.lambda.size(); ++m)
    for (const auto& [feature, value] : path.coefficients[m]) path.intercept[m] -= value * means[feature];
  if (path.lambda.size() > 2)
    path.lambda[0] = std::exp(2.0 * std::log(path.lambda[1]) - std::log(path.lambda[2]));
  path.null_deviance = 2.0 * static_cast<double>(n) * path.null_deviance;
  return fitted;
}

LassoPath expand(const FittedPath& fitted) {
  const auto& compressed = fitted.path;
  LassoPath path;
  path.lambda = compressed.lambda;
  path.intercept = compressed.intercept;
  path.deviance_ratio = compressed.deviance_ratio;
  path.null_deviance = compressed.null_deviance;
  path.coefficients = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(fitted.features),
                                            static_cast<Eigen::Index>(compressed.lambda.size()));
  for (std::size_t m = 0; m < compressed.lambda.size(); ++m) {
    std::size_t nonzero = 0;
    for (const auto& [feature, value] : compressed.coefficients[m]) {
      path.coefficients(static_cast<Eigen::Index>(feature), static_cast<Eigen::Index>(m)) = value;
      if (value != 0.0) ++nonzero;
    }
    path.nonzero.push_back(nonzero);
  }
  return path;
}

// R's approx(x, y, v) for increasing x (R_approxfun's bisection and formula).
double linear_interpolation(const std::vector<double>& x, const std::vector<double>& y, double v) {
  std::size_t i = 0, j = x.size() - 1;
  while (i + 1 < j) {
    const std::size_t middle = (i + j) / 2;
    if (v < x[middle])
      j = middle;
    else
      i = middle;
  }
  if (v == x[j]) return y[j];
  if (v == x[i]) return y[i];
  return y[i] + (y[j] - y[i]) * ((v - x[i]) / (x[j] - x[i]));
}

// glmnet's lambda.interp: for each target lambda, the two path positions around it and the weight
// of the left one.
struct Interpolation {
  std::size_t left, right;
  double fraction;
};
std::vector<Interpolation> interpolate_lambdas(const std::vector<double>& path_lambda,
                                               const std::vector<double>& targets) {
  std::vector<Interpolation> result;
  result.reserve(targets.size());
  const std::size_t k = path_lambda.size();
  if (k == 1) {
    for (std::size_t s = 0; s < targets.size(); ++s) result.push_back({0, 0, 1.0});
    return result;
  }
  const double first = path_lambda.front(), span = path_lambda.front() - path_lambda.back();
  std::vector<double> scaled(k), positions(k);
  for (std::size_t l = 0; l < k; ++l) {
    scaled[l] = (first - path_lambda[l]) / span;
    positions[l] = static_cast<double>(l + 1);
  }
  const double lowest = *std::min_element(scaled.begin(), scaled.end());
  const double highest = *std::max_element(scaled.begin(), scaled.end());
  for (double target : targets) {
    double fraction = (first - target) / span;
    if (fraction < lowest) fraction = lowest;
    if (fraction > highest) fraction = highest;
    const double coordinate = linear_interpolation(scaled, positions, fraction);
    const auto left = static_cast<std::size_t>(std::floor(coordinate)) - 1;
    const auto right = static_cast<std::size_t>(std::ceil(coordinate)) - 1;
    fraction = (fraction - scaled[right]) / (scaled[left] - scaled[right]);
    if (left == right) fraction = 1.0;
    if (std::abs(scaled[left] - scaled[right]) < 2.220446049250313e-16) fraction = 1.0;
    result.push_back({left, right, fraction});
  }
  return result;
}

// R's sum(): accumulated in long double.
double r_sum(const std::vector<double>& values) {
  long double sum = 0.0L;
  for (double value : values) sum += value;
  return static_cast<double>(sum);
}

}  // namespace

LassoPath fit_lasso_path(const Eigen::MatrixXd& x, const std::vector<int>& y, const LassoOptions& options) {
  check_labels(y, static_cast<std::size_t>(x.rows()), "penalised logistic regression");
  check_finite(x);
  return expand(fit_compressed(x, y, options));
}

LassoCrossValidation cross_validate_lasso(const Eigen::MatrixXd& x, const std::vector<int>& y,
                                          const std::vector<int>& fold_of_case, const LassoOptions& options) {
  const auto n = static_cast<std::size_t>(x.rows());
  check_labels(y, n, "penalised logistic regression");
  check_finite(x);
  if (fold_of_case.size() != n)
    throw InputError(fmt::format("cross-validation: {} fold numbers for {} cases", fold_of_case.size(), n));
  int fold_count = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (fold_of_case[i] < 1)
      throw InputError(fmt::format("cross-validation: case {} has fold {}; folds are numbered from 1", i + 1,
                                   fold_of_case[i]));
    fold_count = std::max(fold_count, fold_of_case[i]);
  }
  if (fold_count < 3)
    throw InputError(fmt::format("cross-validation: {} fold(s); cv.glmnet needs at least 3", fold_count));
  std::vector<std::size_t> fold_size(static_cast<std::size_t>(fold_count), 0);
  for (int fold : fold_of_case) ++fold_size[static_cast<std::size_t>(fold - 1)];
  for (int fold = 1; fold <= fold_count; ++fold)
    if (fold_size[static_cast<std::size_t>(fold - 1)] == 0)
      throw InputError(fmt::format("cross-validation: fold {} of 1..{} has no case", fold, fold_count));

  LassoCrossValidation cv;
  cv.path = expand(fit_compressed(x, y, options));
  const auto& lambda = cv.path.lambda;
  const std::size_t lambda_count = lambda.size();

  // Held-out binomial deviance of every case at every full-data lambda (cv.lognet's cvraw).
  std::vector<std::vector<double>> deviance(n, std::vector<double>(lambda_count, 0.0));
  for (int fold = 1; fold <= fold_count; ++fold) {
    std::vector<Eigen::Index> training, held_out;
    for (std::size_t i = 0; i < n; ++i)
      (fold_of_case[i] == fold ? held_out : training).push_back(static_cast<Eigen::Index>(i));
    std::vector<int> training_labels;
    training_labels.reserve(training.size());
    for (Eigen::Index i : training) training_labels.push_back(y[static_cast<std::size_t>(i)]);
    const std::size_t ones =
        static_cast<std::size_t>(std::count(training_labels.begin(), training_labels.end(), 1));
    if (std::min(ones, training_labels.size() - ones) < 2)
      throw InputError(fmt::format(
          "cross-validation: without fold {} the training cases hold {} of class 0 and {} of class 1; "
          "penalised logistic regression needs at least 2 of each",
          fold, training_labels.size() - ones, ones));
    const Eigen::MatrixXd training_x = x(training, Eigen::all);
    const FittedPath fitted = fit_compressed(training_x, training_labels, options);
    const auto& fold_path = fitted.path;

    // Link of each held-out case at each lambda of the fold's own path, then interpolated.
    const std::size_t fold_lambdas = fold_path.lambda.size();
    const auto interpolation = interpolate_lambdas(fold_path.lambda, lambda);
    for (Eigen::Index i : held_out) {
      std::vector<double> link(fold_lambdas);
      for (std::size_t m = 0; m < fold_lambdas; ++m) {
        double value = fold_path.intercept[m];
        for (const auto& [feature, coefficient] : fold_path.coefficients[m])
          value += coefficient * x(i, static_cast<Eigen::Index>(feature));
        link[m] = value;
      }
      const double label = y[static_cast<std::size_t>(i)];
      auto& row = deviance[static_cast<std::size_t>(i)];
      for (std::size_t s = 0; s < lambda_count; ++s) {
        const auto& at = interpolation[s];
        const double f = link[at.left] * at.fraction + link[at.right] * (1.0 - at.fraction);
        double probability = 1.0 / (1.0 + std::exp(-f));
        probability =
            std::min(std::max(probability, kHeldOutProbabilityFloor), 1.0 - kHeldOutProbabilityFloor);
        const double log_likelihood =
            (1.0 - label) * std::log(1.0 - probability) + label * std::log(probability);
        row[s] = 2.0 * (0.0 - log_likelihood);
      }
    }
  }

  // cvstats (cvcompute when grouped).
  cv.grouped = static_cast<double>(n) / fold_count >= 3.0;
  cv.cvm.assign(lambda_count, 0.0);
  cv.cvsd.assign(lambda_count, 0.0);
  for (std::size_t s = 0; s < lambda_count; ++s) {
    std::vector<double> values, weights;
    if (cv.grouped) {
      for (int fold = 1; fold <= fold_count; ++fold) {
        std::vector<double> in_fold;
        for (std::size_t i = 0; i < n; ++i)
          if (fold_of_case[i] == fold) in_fold.push_back(deviance[i][s]);
        values.push_back(r_sum(in_fold) / static_cast<double>(in_fold.size()));
        weights.push_back(static_cast<double>(in_fold.size()));
      }
    } else {
      for (std::size_t i = 0; i < n; ++i) values.push_back(deviance[i][s]);
      weights.assign(n, 1.0);
    }
    const double weight_total = r_sum(weights);
    std::vector<double> weighted(values.size());
    for (std::size_t g = 0; g < values.size(); ++g) weighted[g] = values[g] * weights[g];
    const double mean = r_sum(weighted) / weight_total;
    for (std::size_t g = 0; g < values.size(); ++g)
      weighted[g] = (values[g] - mean) * (values[g] - mean) * weights[g];
    cv.cvm[s] = mean;
    cv.cvsd[s] = std::sqrt(r_sum(weighted) / weight_total / static_cast<double>(values.size() - 1));
  }

  // getOptcv.glmnet: the largest lambda at the minimum, the largest within one SE of it.
  const double smallest = *std::min_element(cv.cvm.begin(), cv.cvm.end());
  for (std::size_t s = 0; s < lambda_count; ++s)
    if (cv.cvm[s] <= smallest) {
      cv.index_min = s;
      break;
    }
  const double bound = cv.cvm[cv.index_min] + cv.cvsd[cv.index_min];
  for (std::size_t s = 0; s < lambda_count; ++s)
    if (cv.cvm[s] <= bound) {
      cv.index_1se = s;
      break;
    }
  return cv;
}

std::size_t top_lasso_index(const LassoCrossValidation& cv, std::size_t k) {
  const auto& path = cv.path;
  std::size_t index = cv.index_min;
  if (path.nonzero[index] < k) {
    // The largest lambda with >= k; when the path never gets there, the first with the most.
    std::size_t best = 0;
    for (std::size_t s = 0; s < path.lambda.size(); ++s) {
      if (path.nonzero[s] >= k) {
        best = s;
        break;
      }
      if (path.nonzero[s] > path.nonzero[best]) best = s;
    }
    index = best;
  }
  return index;
}

std::vector<std::pair<std::size_t, double>> top_lasso_features(const LassoCrossValidation& cv,
                                                               std::size_t k) {
  const auto& path = cv.path;
  if (path.lambda.empty()) return {};
  const std::size_t index = top_lasso_index(cv, k);
  std::vector<std::pair<std::size_t, double>> chosen;
  for (Eigen::Index j = 0; j < path.coefficients.rows(); ++j) {
    const double value = path.coefficients(j, static_cast<Eigen::Index>(index));
    if (value != 0.0) chosen.emplace_back(static_cast<std::size_t>(j), value);
  }
  std::stable_sort(chosen.begin(), chosen.end(),
                   [](const auto& a, const auto& b) { return std::abs(a.second) > std::abs(b.second); });
  if (chosen.size() > k) chosen.resize(k);
  return chosen;
}

}  // namespace radstudy::stats
