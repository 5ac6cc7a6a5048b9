#include "stats/cox_model.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/errors.hpp"
#include "stats/distributions.hpp"
#include "stats/survival_times.hpp"

namespace radstudy::stats {
namespace {

// L D L' factorisation of a symmetric positive semi-definite matrix with the rule of survival's
// cholesky2.c: a pivot below `tolerance` times the largest diagonal element is set to zero and its
// term takes no part in solves (its component of a solution is 0).
class SymmetricFactor {
 public:
  SymmetricFactor(const Eigen::MatrixXd& matrix, double tolerance) : factor_(matrix) {
    const Eigen::Index size = factor_.rows();
    double largest_diagonal = 0.0;
    for (Eigen::Index i = 0; i < size; ++i) largest_diagonal = std::max(largest_diagonal, factor_(i, i));
    const double threshold = largest_diagonal == 0.0 ? tolerance : largest_diagonal * tolerance;
    for (Eigen::Index i = 0; i < size; ++i) {
      const double pivot = factor_(i, i);
      if (!std::isfinite(pivot) || pivot < threshold) {
        factor_(i, i) = 0.0;
        zero_pivots_.push_back(static_cast<std::size_t>(i));
        continue;
      }
      for (Eigen::Index j = i + 1; j < size; ++j) {
        const double multiplier = factor_(j, i) / pivot;
        factor_(j, i) = multiplier;
        factor_(j, j) -= multiplier * multiplier * pivot;
        for (Eigen::Index k = j + 1; k < size; ++k) factor_(k, j) -= multiplier * factor_(k, i);
      }
    }
  }

  const std::vector<std::size_t>& zero_pivots() const { return zero_pivots_; }
  bool full_rank() const { return zero_pivots_.empty(); }

  Eigen::VectorXd solve(Eigen::VectorXd values) const {
    const Eigen::Index size = factor_.rows();
    for (Eigen::Index i = 0; i < size; ++i) {
      double sum = values(i);
      for (Eigen::Index j = 0; j < i; ++j) sum -= values(j) * factor_(i, j);
      values(i) = sum;
    }
    for (Eigen::Index i = size - 1; i >= 0; --i) {
      if (factor_(i, i) == 0.0) {
        values(i) = 0.0;
        continue;
      }
      double sum = values(i) / factor_(i, i);
      for (Eigen::Index j = i + 1; j < size; ++j) sum -= values(j) * factor_(j, i);
      values(i) = sum;
    }
    return values;
  }

  // The inverse on the non-singular terms; rows and columns of zero pivots are 0 (chinv2).
  Eigen::MatrixXd inverse() const {
    const Eigen::Index size = factor_.rows();
    Eigen::MatrixXd result(size, size);
    for (Eigen::Index column = 0; column < size; ++column)
      result.col(column) = solve(Eigen::VectorXd::Unit(size, column));
    for (std::size_t zero : zero_pivots_) {
      result.row(static_cast<Eigen::Index>(zero)).setZero();
      result.col(static_cast<Eigen::Index>(zero)).setZero();
    }
    return (result + result.transpose()) * 0.5;
  }

 private:
  Eigen::MatrixXd factor_;
  std::vector<std::size_t> zero_pivots_;
};

// The cases in ascending time order with centred and scaled covariates (row-major), as coxfit6
// sees them.
struct SortedCoxData {
  std::size_t cases = 0;
  std::size_t terms = 0;
  std::vector<double> time;
  std::vector<int> status;
  std::vector<double> covariates;
  const double* row(std::size_t position) const { return covariates.data() + position * terms; }
};

// The Efron log partial likelihood, its gradient and information matrix (coxfit6_iter).
class EfronLikelihood {
 public:
  explicit EfronLikelihood(const SortedCoxData& data)
      : data_(data),
        terms_(data.terms),
        score_(terms_),
        information_(terms_, terms_),
        risk_sum_x_(terms_, 0.0),
        death_sum_x_(terms_, 0.0),
        risk_sum_xx_(terms_ * terms_, 0.0),
        death_sum_xx_(terms_ * terms_, 0.0) {}

  double evaluate(const Eigen::VectorXd& beta) {
    const std::size_t p = terms_;
    score_.setZero();
    information_.setZero();
    std::fill(risk_sum_x_.begin(), risk_sum_x_.end(), 0.0);
    std::fill(risk_sum_xx_.begin(), risk_sum_xx_.end(), 0.0);
    double risk_sum = 0.0;
    double log_likelihood = 0.0;

    // From the longest time down, one block of tied times at a time: the censored join the risk
    // set at once, the deaths enter Efron's average in `deaths` equal steps.
    std::size_t end = data_.cases;
    while (end > 0) {
      const double block_time = data_.time[end - 1];
      std::size_t deaths = 0;
      double death_risk_sum = 0.0;
      std::fill(death_sum_x_.begin(), death_sum_x_.end(), 0.0);
      std::fill(death_sum_xx_.begin(), death_sum_xx_.end(), 0.0);
      for (; end > 0 && data_.time[end - 1] == block_time; --end) {
        const std::size_t position = end - 1;
        const double* x = data_.row(position);
        double linear = 0.0;
        for (std::size_t i = 0; i < p; ++i) linear += beta(static_cast<Eigen::Index>(i)) * x[i];
        const double risk = std::exp(linear);
        const bool death = data_.status[position] != 0;
        if (death) {
          ++deaths;
          death_risk_sum += risk;
          log_likelihood += linear;
        } else {
          risk_sum += risk;
        }
        std::vector<double>& sum_x = death ? death_sum_x_ : risk_sum_x_;
        std::vector<double>& sum_xx = death ? death_sum_xx_ : risk_sum_xx_;
        for (std::size_t i = 0; i < p; ++i) {
          if (death) score_(static_cast<Eigen::Index>(i)) += x[i];
          const double risk_x = risk * x[i];
          sum_x[i] += risk_x;
          double* sum_xx_row = sum_xx.data() + i * p;
          for (std::size_t j = 0; j <= i; ++j) sum_xx_row[j] += risk_x * x[j];
        }
      }
      if (deaths == 0) continue;

      // Unit case weights: each of the `deaths` steps carries weight 1 (coxfit6's wtave).
      const double death_count = static_cast<double>(deaths);
      for (std::size_t k = 0; k < deaths; ++k) {
        risk_sum += death_risk_sum / death_count;
        log_likelihood -= std::log(risk_sum);
        for (std::size_t i = 0; i < p; ++i) {
          risk_sum_x_[i] += death_sum_x_[i] / death_count;
          const double mean_i = risk_sum_x_[i] / risk_sum;
          score_(static_cast<Eigen::Index>(i)) -= mean_i;
          double* risk_row = risk_sum_xx_.data() + i * p;
          const double* death_row = death_sum_xx_.data() + i * p;
          for (std::size_t j = 0; j <= i; ++j) {
            risk_row[j] += death_row[j] / death_count;
            information_(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) +=
                (risk_row[j] - mean_i * risk_sum_x_[j]) / risk_sum;
          }
        }
      }
    }
    for (Eigen::Index i = 0; i < static_cast<Eigen::Index>(p); ++i)
      for (Eigen::Index j = 0; j < i; ++j) information_(j, i) = information_(i, j);
    return log_likelihood;
  }

  const Eigen::VectorXd& score() const { return score_; }
  const Eigen::MatrixXd& information() const { return information_; }

 private:
  const SortedCoxData& data_;
  std::size_t terms_;
  Eigen::VectorXd score_;
  Eigen::MatrixXd information_;
  std::vector<double> risk_sum_x_, death_sum_x_;    // sums of risk * x
  std::vector<double> risk_sum_xx_, death_sum_xx_;  // sums of risk * x x' (lower triangles)
};

void validate_input(const Eigen::MatrixXd& covariates, const std::vector<double>& time,
                    const std::vector<int>& event) {
  const auto cases = static_cast<std::size_t>(covariates.rows());
  if (time.size() != cases || event.size() != cases)
    throw InputError(fmt::format("Cox model: {} rows of covariates but {} times and {} event codes", cases,
                                 time.size(), event.size()));
  if (covariates.cols() == 0) throw InputError("Cox model: no covariate");
  if (cases < 2) throw InputError(fmt::format("Cox model: {} case(s); at least 2 are needed", cases));
  for (std::size_t i = 0; i < cases; ++i) {
    if (!std::isfinite(time[i]))
      throw InputError(fmt::format("Cox model: case {} has a missing or infinite time", i + 1));
    if (event[i] != 0 && event[i] != 1)
      throw InputError(
          fmt::format("Cox model: case {} has event code {} (expected 0 or 1)", i + 1, event[i]));
    for (Eigen::Index j = 0; j < covariates.cols(); ++j)
      if (!std::isfinite(covariates(static_cast<Eigen::Index>(i), j)))
        throw InputError(
            fmt::format("Cox model: case {} has a missing or infinite value in term {}", i + 1, j + 1));
  }
  if (std::none_of(event.begin(), event.end(), [](int code) { return code == 1; }))
    throw NumericalError("Cox model: no event, the hazard ratios cannot be estimated");
}

// b' V^-1 b with coxph.wtest's factorisation (terms with a zero pivot do not count).
double wald_quadratic_form(const Eigen::MatrixXd& covariance, const Eigen::VectorXd& coefficients,
                           double tolerance) {
  if (coefficients.size() == 1) return coefficients(0) * coefficients(0) / covariance(0, 0);
  const SymmetricFactor factor(covariance, tolerance);
  return coefficients.dot(factor.solve(coefficients));
}

}  // namespace

CoxFit fit_cox_efron(const Eigen::MatrixXd& covariates, const std::vector<double>& time,
                     const std::vector<int>& event, const CoxOptions& options) {
  validate_input(covariates, time, event);
  const auto cases = static_cast<std::size_t>(covariates.rows());
  const auto terms = static_cast<std::size_t>(covariates.cols());
  const auto p = static_cast<Eigen::Index>(terms);

  const std::vector<double> fixed_time = merge_nearly_equal_times(time);
  std::vector<std::size_t> order(cases);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return fixed_time[a] < fixed_time[b]; });

  SortedCoxData data;
  data.cases = cases;
  data.terms = terms;
  data.time.resize(cases);
  data.status.resize(cases);
  data.covariates.resize(cases * terms);
  for (std::size_t position = 0; position < cases; ++position) {
    data.time[position] = fixed_time[order[position]];
    data.status[position] = event[order[position]];
  }

  CoxFit fit;
  fit.means = Eigen::VectorXd::Zero(p);
  Eigen::VectorXd scale = Eigen::VectorXd::Ones(p);
  for (std::size_t j = 0; j < terms; ++j) {
    const auto column = static_cast<Eigen::Index>(j);
    const bool zero_one =
        (covariates.col(column).array().abs() == 1.0 || covariates.col(column).array() == 0.0).all();
    double mean = 0.0;
    double absolute_deviation = 0.0;
    if (!zero_one) {
      for (std::size_t position = 0; position < cases; ++position)
        mean += covariates(static_cast<Eigen::Index>(order[position]), column);
      mean /= static_cast<double>(cases);
      for (std::size_t position = 0; position < cases; ++position)
        absolute_deviation += std::abs(covariates(static_cast<Eigen::Index>(order[position]), column) - mean);
      if (absolute_deviation > 0.0) scale(column) = static_cast<double>(cases) / absolute_deviation;
      fit.means(column) = mean;
    }
    for (std::size_t position = 0; position < cases; ++position) {
      const double value = covariates(static_cast<Eigen::Index>(order[position]), column);
      data.covariates[position * terms + j] = zero_one ? value : (value - mean) * scale(column);
    }
  }
  fit.events = static_cast<std::size_t>(std::count(event.begin(), event.end(), 1));

  EfronLikelihood likelihood(data);
  Eigen::VectorXd beta = Eigen::VectorXd::Zero(p);
  fit.log_likelihood_null = likelihood.evaluate(beta);
  double best_log_likelihood = fit.log_likelihood_null;
  {
    const SymmetricFactor factor(likelihood.information(), options.cholesky_tolerance);
    if (!factor.full_rank()) {
      std::string listed;
      for (std::size_t term : factor.zero_pivots())
        listed += (listed.empty() ? "" : ", ") + std::to_string(term + 1);
      throw SingularCoxModelError(
          fmt::format("Cox model: the information matrix is singular; term(s) {} are constant among the "
                      "cases at risk at the event times or collinear with earlier terms",
                      listed),
          factor.zero_pivots());
    }
    const Eigen::VectorXd step = factor.solve(likelihood.score());
    fit.score_test = likelihood.score().dot(step);
    fit.covariance = factor.inverse();
    if (options.max_iterations > 0) beta = step;  // the first Newton step from 0, tried below
  }

  // coxfit6's main loop: `accepted` is the best iterate so far, `beta` the one being tried.
  Eigen::VectorXd accepted = Eigen::VectorXd::Zero(p);
  Eigen::VectorXd final_score = likelihood.score();
  int halving = 0;
  fit.iterations = 0;
  for (int iteration = 1; iteration <= options.max_iterations; ++iteration) {
    fit.iterations = iteration;
    const double log_likelihood = likelihood.evaluate(beta);
    const SymmetricFactor factor(likelihood.information(), options.cholesky_tolerance);
    const bool finite = std::isfinite(log_likelihood) && likelihood.score().allFinite() &&
                        likelihood.information().allFinite();
    if (finite && std::abs(1.0 - best_log_likelihood / log_likelihood) <= options.epsilon) {
      best_log_likelihood = log_likelihood;
      accepted = beta;
      fit.converged = true;
      fit.covariance = factor.inverse();
      final_score = likelihood.score();
      break;
    }
    if (!finite || log_likelihood < best_log_likelihood) {
      ++halving;  // step halving, more aggressive each time it fails
      beta = (beta + static_cast<double>(halving) * accepted) / (static_cast<double>(halving) + 1.0);
    } else {
      halving = 0;
      best_log_likelihood = log_likelihood;
      const Eigen::VectorXd step = factor.solve(likelihood.score());
      accepted = beta;
      beta += step;
    }
  }
  if (!fit.converged && options.max_iterations > 0) {
    // Out of iterations: coxph reports the last accepted iterate (and fit$iter = max + 1).
    fit.iterations = options.max_iterations + 1;
    best_log_likelihood = likelihood.evaluate(accepted);
    const SymmetricFactor factor(likelihood.information(), options.cholesky_tolerance);
    fit.covariance = factor.inverse();
    final_score = likelihood.score();
  }
  fit.log_likelihood = best_log_likelihood;

  // Back to the scale of the covariates as given.
  fit.coefficients = accepted.cwiseProduct(scale);
  final_score = final_score.cwiseQuotient(scale);
  fit.covariance = scale.asDiagonal() * fit.covariance * scale.asDiagonal();

  fit.std_errors = fit.covariance.diagonal().cwiseSqrt();
  fit.z_scores = fit.coefficients.cwiseQuotient(fit.std_errors);
  fit.p_values.resize(p);
  for (Eigen::Index j = 0; j < p; ++j)
    fit.p_values(j) = chi_square_upper_p(fit.z_scores(j) * fit.z_scores(j), 1.0);

  if (fit.converged && options.max_iterations > 1) {
    // coxph.fit: the next Newton step is still large relative to the coefficient.
    const Eigen::VectorXd next_step = (final_score.transpose() * fit.covariance).transpose().cwiseAbs();
    for (Eigen::Index j = 0; j < p; ++j) {
      const bool diverging = !std::isfinite(final_score(j)) ||
                             (next_step(j) > options.epsilon &&
                              next_step(j) > options.infinite_tolerance * std::abs(fit.coefficients(j)));
      if (diverging || fit.covariance(j, j) == 0.0) fit.infinite_terms.push_back(static_cast<std::size_t>(j));
    }
  }

  long double centring = 0.0L;
  for (Eigen::Index j = 0; j < p; ++j)
    centring += static_cast<long double>(fit.coefficients(j) * fit.means(j));
  fit.linear_predictor = covariates * fit.coefficients;
  fit.linear_predictor.array() -= static_cast<double>(centring);

  fit.likelihood_ratio_test = -2.0 * (fit.log_likelihood_null - fit.log_likelihood);
  fit.wald_test = wald_quadratic_form(fit.covariance, fit.coefficients, options.cholesky_tolerance);
  return fit;
}

double wald_chi_square(const CoxFit& fit, const std::vector<std::size_t>& terms) {
  const auto size = static_cast<Eigen::Index>(terms.size());
  if (size == 0) throw ConfigError("Wald test: no term given");
  Eigen::VectorXd coefficients(size);
  Eigen::MatrixXd covariance(size, size);
  for (Eigen::Index a = 0; a < size; ++a) {
    if (terms[static_cast<std::size_t>(a)] >= static_cast<std::size_t>(fit.coefficients.size()))
      throw ConfigError(fmt::format("Wald test: term {} is not in a model of {} terms",
                                    terms[static_cast<std::size_t>(a)] + 1, fit.coefficients.size()));
    const auto row = static_cast<Eigen::Index>(terms[static_cast<std::size_t>(a)]);
    coefficients(a) = fit.coefficients(row);
    for (Eigen::Index b = 0; b < size; ++b)
      covariance(a, b) = fit.covariance(row, static_cast<Eigen::Index>(terms[static_cast<std::size_t>(b)]));
  }
  return wald_quadratic_form(covariance, coefficients, CoxOptions{}.cholesky_tolerance);
}

}  // namespace radstudy::stats
