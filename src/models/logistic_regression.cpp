#include "models/logistic_regression.hpp"

#include <fmt/format.h>

#include <cfloat>
#include <cmath>
#include <numeric>

#include "core/errors.hpp"

namespace radstudy::models {
namespace {

constexpr double kThreshold = 30.0;  // THRESH and MTHRESH of R's family.c
constexpr double kInverseEpsilon = 1.0 / DBL_EPSILON;

double mu_eta(double eta) {
  const double one_plus_exp = 1.0 + std::exp(eta);
  return (eta > kThreshold || eta < -kThreshold) ? DBL_EPSILON : std::exp(eta) / (one_plus_exp * one_plus_exp);
}

double y_log_y(double y, double mu) { return y != 0.0 ? y * std::log(y / mu) : 0.0; }

double binomial_deviance(const std::vector<int>& y, const Eigen::VectorXd& mu) {
  // sum() of binomial()$dev.resids: R sums in long double.
  long double sum = 0.0L;
  for (Eigen::Index i = 0; i < mu.size(); ++i) {
    const double yi = y[static_cast<std::size_t>(i)];
    sum += 2.0 * (y_log_y(yi, mu(i)) + y_log_y(1.0 - yi, 1.0 - mu(i)));
  }
  return static_cast<double>(sum);
}

// Least squares as R's Cdqrls (LINPACK dqrls: dqrdc2 then dqrsl): Householder QR with limited pivoting
// (a column whose remaining norm falls below tol times its original norm moves to the end). Returns
// the coefficients in original column order, NaN for the columns beyond the rank.
std::vector<double> least_squares_dqrls(Eigen::MatrixXd x, Eigen::VectorXd y, double tolerance) {
  const Eigen::Index n = x.rows(), p = x.cols();
  std::vector<Eigen::Index> pivot(static_cast<std::size_t>(p));
  std::iota(pivot.begin(), pivot.end(), 0);
  Eigen::VectorXd qraux(p), norm_now(p), norm_original(p);
  for (Eigen::Index j = 0; j < p; ++j) {
    qraux(j) = x.col(j).norm();
    norm_now(j) = qraux(j);
    norm_original(j) = qraux(j) == 0.0 ? 1.0 : qraux(j);
  }
  const Eigen::Index steps = std::min(n, p);
  Eigen::Index rank_limit = p + 1;  // dqrdc2's k (1-based)
  for (Eigen::Index l = 0; l < steps; ++l) {
    // Cycle negligible columns to the end (l + 1 < k avoids cycling for ever).
    while (l + 1 < rank_limit && qraux(l) < norm_original(l) * tolerance) {
      const Eigen::VectorXd column = x.col(l);
      for (Eigen::Index j = l + 1; j < p; ++j) x.col(j - 1) = x.col(j);
      x.col(p - 1) = column;
      const auto moved_pivot = pivot[static_cast<std::size_t>(l)];
      const double moved_qraux = qraux(l), moved_now = norm_now(l), moved_original = norm_original(l);
      for (Eigen::Index j = l + 1; j < p; ++j) {
        pivot[static_cast<std::size_t>(j - 1)] = pivot[static_cast<std::size_t>(j)];
        qraux(j - 1) = qraux(j);
        norm_now(j - 1) = norm_now(j);
        norm_original(j - 1) = norm_original(j);
      }
      pivot[static_cast<std::size_t>(p - 1)] = moved_pivot;
      qraux(p - 1) = moved_qraux;
      norm_now(p - 1) = moved_now;
      norm_original(p - 1) = moved_original;
      --rank_limit;
    }
    if (l == n - 1) break;
    const Eigen::Index length = n - l;
    double column_norm = x.col(l).tail(length).norm();
    if (column_norm == 0.0) continue;
    if (x(l, l) != 0.0) column_norm = std::copysign(column_norm, x(l, l));
    x.col(l).tail(length) /= column_norm;
    x(l, l) += 1.0;
    for (Eigen::Index j = l + 1; j < p; ++j) {
      const double t = -x.col(l).tail(length).dot(x.col(j).tail(length)) / x(l, l);
      x.col(j).tail(length) += t * x.col(l).tail(length);
      if (qraux(j) == 0.0) continue;
      double ratio = std::abs(x(l, j)) / qraux(j);
      const double remaining = std::max(1.0 - ratio * ratio, 0.0);
      if (std::abs(remaining) < 1e-6) {
        qraux(j) = x.col(j).tail(length - 1).norm();
        norm_now(j) = qraux(j);
      } else {
        qraux(j) *= std::sqrt(remaining);
      }
    }
    qraux(l) = x(l, l);
    x(l, l) = -column_norm;
  }
  const Eigen::Index rank = std::min(rank_limit - 1, n);
  // Q'y (dqrsl), then back substitution with R.
  for (Eigen::Index j = 0; j < std::min(rank, n - 1); ++j) {
    if (qraux(j) == 0.0) continue;
    const double diagonal = x(j, j);
    x(j, j) = qraux(j);
    const Eigen::Index length = n - j;
    const double t = -x.col(j).tail(length).dot(y.tail(length)) / x(j, j);
    y.tail(length) += t * x.col(j).tail(length);
    x(j, j) = diagonal;
  }
  Eigen::VectorXd solution = Eigen::VectorXd::Zero(p);
  for (Eigen::Index j = rank - 1; j >= 0; --j) {
    double sum = y(j);
    for (Eigen::Index k = j + 1; k < rank; ++k) sum -= x(j, k) * solution(k);
    solution(j) = sum / x(j, j);
  }
  std::vector<double> coefficients(static_cast<std::size_t>(p), std::nan(""));
  for (Eigen::Index j = 0; j < rank; ++j) coefficients[static_cast<std::size_t>(pivot[static_cast<std::size_t>(j)])] = solution(j);
  return coefficients;
}

}  // namespace

double logistic_inverse_link(double eta) {
  const double exp_eta = eta < -kThreshold ? DBL_EPSILON : (eta > kThreshold ? kInverseEpsilon : std::exp(eta));
  return exp_eta / (1.0 + exp_eta);
}

void LogisticRegression::fit(const Eigen::MatrixXd& x, const std::vector<int>& y, std::uint64_t) {
  const Eigen::Index n = x.rows(), p = x.cols();
  if (n == 0 || static_cast<std::size_t>(n) != y.size())
    throw InputError("logistic: the training set is empty or its labels do not match its rows");
  Eigen::MatrixXd design(n, p + 1);
  design.col(0).setOnes();
  design.rightCols(p) = x;
  constexpr double kEpsilon = 1e-8;
  constexpr int kMaxIterations = 25;
  Eigen::VectorXd mu(n), eta(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    mu(i) = (y[static_cast<std::size_t>(i)] + 0.5) / 2.0;
    eta(i) = std::log(mu(i) / (1.0 - mu(i)));
  }
  double deviance_old = binomial_deviance(y, mu);
  std::vector<double> coefficients(static_cast<std::size_t>(p + 1), 0.0);
  converged_ = false;
  iterations_ = 0;
  for (int iteration = 1; iteration <= kMaxIterations; ++iteration) {
    iterations_ = iteration;
    Eigen::MatrixXd weighted(n, p + 1);
    Eigen::VectorXd working(n);
    for (Eigen::Index i = 0; i < n; ++i) {
      const double derivative = mu_eta(eta(i));
      const double z = eta(i) + (y[static_cast<std::size_t>(i)] - mu(i)) / derivative;
      const double w = std::sqrt(derivative * derivative / (mu(i) * (1.0 - mu(i))));
      weighted.row(i) = design.row(i) * w;
      working(i) = z * w;
    }
    coefficients = least_squares_dqrls(weighted, working, std::min(1e-7, kEpsilon / 1000.0));
    for (Eigen::Index i = 0; i < n; ++i) {
      double sum = 0.0;
      for (Eigen::Index j = 0; j <= p; ++j) {
        const double c = coefficients[static_cast<std::size_t>(j)];
        if (!std::isnan(c)) sum += design(i, j) * c;
      }
      eta(i) = sum;
      mu(i) = logistic_inverse_link(sum);
    }
    const double deviance = binomial_deviance(y, mu);
    if (!std::isfinite(deviance)) throw NumericalError("logistic: glm's IRLS reached a non-finite deviance");
    if (std::abs(deviance - deviance_old) / (std::abs(deviance) + 0.1) < kEpsilon) {
      converged_ = true;
      break;
    }
    deviance_old = deviance;
  }
  intercept_ = coefficients[0];
  coefficients_.assign(coefficients.begin() + 1, coefficients.end());
  notes_.clear();
  if (!converged_) notes_.push_back(fmt::format("glm did not converge in {} iterations", kMaxIterations));
  bool extreme = false;
  for (Eigen::Index i = 0; i < n; ++i) extreme = extreme || mu(i) > 1.0 - 10.0 * DBL_EPSILON || mu(i) < 10.0 * DBL_EPSILON;
  if (extreme) notes_.push_back("glm: fitted probabilities numerically 0 or 1 occurred (separation)");
  std::size_t dropped = 0;
  for (double c : coefficients) dropped += std::isnan(c) ? 1 : 0;
  if (dropped > 0)
    notes_.push_back(fmt::format("glm: {} of {} coefficients not estimable (collinear or p >= n), counted as 0",
                                 dropped, p + 1));
  if (std::isnan(intercept_)) intercept_ = 0.0;
}

std::vector<double> LogisticRegression::score(const Eigen::MatrixXd& x) const {
  if (static_cast<std::size_t>(x.cols()) != coefficients_.size())
    throw InputError(fmt::format("logistic: the model has {} features, the data {}", coefficients_.size(), x.cols()));
  std::vector<double> scores(static_cast<std::size_t>(x.rows()));
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    // predict.glm: the intercept column first, then the features, skipping NA coefficients.
    double eta = intercept_;
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
      const double c = coefficients_[static_cast<std::size_t>(j)];
      if (!std::isnan(c)) eta += x(i, j) * c;
    }
    scores[static_cast<std::size_t>(i)] = logistic_inverse_link(eta);
  }
  return scores;
}

nlohmann::json LogisticRegression::to_json() const {
  nlohmann::json coefficients = nlohmann::json::array();
  for (double c : coefficients_) coefficients.push_back(std::isnan(c) ? nlohmann::json(nullptr) : nlohmann::json(c));
  return {{"name", name()},       {"intercept", intercept_}, {"coefficients", coefficients},
          {"converged", converged_}, {"iterations", iterations_}, {"notes", notes_}};
}

std::unique_ptr<Classifier> LogisticRegression::from_json(const nlohmann::json& model) {
  auto result = std::make_unique<LogisticRegression>();
  result->intercept_ = model.at("intercept").get<double>();
  for (const auto& c : model.at("coefficients"))
    result->coefficients_.push_back(c.is_null() ? std::nan("") : c.get<double>());
  result->converged_ = model.value("converged", true);
  result->iterations_ = model.value("iterations", 0);
  result->notes_ = model.value("notes", std::vector<std::string>{});
  return result;
}

}  // namespace radstudy::models
