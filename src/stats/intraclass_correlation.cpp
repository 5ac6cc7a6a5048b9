#include "stats/intraclass_correlation.hpp"

#include <fmt/format.h>

#include <boost/math/distributions/fisher_f.hpp>
#include <cmath>
#include <limits>

#include "core/errors.hpp"

namespace radstudy::stats {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// qf(probability, df1, df2)
double f_quantile(double probability, double df1, double df2) {
  if (!std::isfinite(df1) || !std::isfinite(df2) || !(df1 > 0.0) || !(df2 > 0.0)) return kNaN;
  return boost::math::quantile(boost::math::fisher_f_distribution<double>(df1, df2), probability);
}

// P(F > f) as R's pf(f, df1, df2, lower.tail = FALSE).
double f_upper_p(double f, double df1, double df2) {
  if (std::isnan(f)) return kNaN;
  if (std::isinf(f)) return 0.0;
  return boost::math::cdf(boost::math::complement(boost::math::fisher_f_distribution<double>(df1, df2), f));
}

struct MeanSquares {
  double cases = 0.0;     // MSB
  double raters = 0.0;    // MSJ
  double residual = 0.0;  // MSE
  double within = 0.0;    // MSW: raters + residual sums of squares over their degrees of freedom
};

MeanSquares two_way_mean_squares(const Eigen::MatrixXd& ratings) {
  const double n = static_cast<double>(ratings.rows()), k = static_cast<double>(ratings.cols());
  const double grand = ratings.mean();
  const Eigen::VectorXd case_effect = ratings.rowwise().mean().array() - grand;
  const Eigen::RowVectorXd rater_effect = ratings.colwise().mean().array() - grand;
  double residual_squares = 0.0;
  for (Eigen::Index j = 0; j < ratings.cols(); ++j)
    for (Eigen::Index i = 0; i < ratings.rows(); ++i) {
      const double residual = ratings(i, j) - grand - case_effect[i] - rater_effect[j];
      residual_squares += residual * residual;
    }
  const double case_squares = k * case_effect.squaredNorm();
  const double rater_squares = n * rater_effect.squaredNorm();
  MeanSquares squares;
  squares.cases = case_squares / (n - 1.0);
  squares.raters = rater_squares / (k - 1.0);
  squares.residual = residual_squares / ((n - 1.0) * (k - 1.0));
  squares.within = (rater_squares + residual_squares) / (n * (k - 1.0));
  return squares;
}

}  // namespace

IccType icc_type_from_name(const std::string& name) {
  if (name == "ICC1") return IccType::icc1;
  if (name == "ICC2") return IccType::icc2;
  if (name == "ICC3") return IccType::icc3;
  throw ConfigError(fmt::format("unknown ICC type '{}' (expected ICC1, ICC2 or ICC3)", name));
}

std::string icc_type_name(IccType type) {
  switch (type) {
    case IccType::icc1:
      return "ICC1";
    case IccType::icc2:
      return "ICC2";
    case IccType::icc3:
      return "ICC3";
  }
  return "ICC?";
}

IntraclassCorrelation intraclass_correlation(const Eigen::MatrixXd& ratings, IccType type, double alpha) {
  if (!(alpha > 0.0 && alpha < 1.0))
    throw ConfigError(fmt::format("ICC: alpha {} is not between 0 and 1", alpha));
  if (ratings.rows() < 2)
    throw InputError(fmt::format("ICC: {} case(s); at least 2 are needed", ratings.rows()));
  if (ratings.cols() < 2)
    throw InputError(fmt::format("ICC: {} rater(s); at least 2 are needed", ratings.cols()));
  for (Eigen::Index j = 0; j < ratings.cols(); ++j)
    for (Eigen::Index i = 0; i < ratings.rows(); ++i)
      if (!std::isfinite(ratings(i, j)))
        throw InputError(
            fmt::format("ICC: case {} has a missing or infinite value from rater {}", i + 1, j + 1));

  const double n = static_cast<double>(ratings.rows()), k = static_cast<double>(ratings.cols());
  auto ms = two_way_mean_squares(ratings);
  // Raters identical on every case: no rater or residual variation, exactly (the centred sums leave
  // rounding noise).
  bool identical = true;
  for (Eigen::Index i = 0; i < ratings.rows() && identical; ++i)
    identical = (ratings.row(i).array() == ratings(i, 0)).all();
  if (identical) ms.raters = ms.residual = ms.within = 0.0;
  IntraclassCorrelation result;
  if (ms.cases == 0.0 && ms.within == 0.0) {
    result.constant = true;
    result.icc = result.lower = result.upper = result.f = result.p = kNaN;
    result.df1 = n - 1.0;
    result.df2 = type == IccType::icc1 ? n * (k - 1.0) : (n - 1.0) * (k - 1.0);
    return result;
  }
  const double upper_tail = 1.0 - alpha / 2.0;
  result.df1 = n - 1.0;
  switch (type) {
    case IccType::icc1: {
      result.df2 = n * (k - 1.0);
      result.icc = (ms.cases - ms.within) / (ms.cases + (k - 1.0) * ms.within);
      result.f = ms.cases / ms.within;
      const double f_low = result.f / f_quantile(upper_tail, result.df1, result.df2);
      const double f_high = result.f * f_quantile(upper_tail, result.df2, result.df1);
      result.lower = (f_low - 1.0) / (f_low + (k - 1.0));
      result.upper = (f_high - 1.0) / (f_high + k - 1.0);
      result.perfect_agreement = ms.within == 0.0;
      break;
    }
    case IccType::icc3: {
      result.df2 = (n - 1.0) * (k - 1.0);
      result.icc = (ms.cases - ms.residual) / (ms.cases + (k - 1.0) * ms.residual);
      result.f = ms.cases / ms.residual;
      const double f_low = result.f / f_quantile(upper_tail, result.df1, result.df2);
      const double f_high = result.f * f_quantile(upper_tail, result.df2, result.df1);
      result.lower = (f_low - 1.0) / (f_low + k - 1.0);
      result.upper = (f_high - 1.0) / (f_high + k - 1.0);
      result.perfect_agreement = ms.residual == 0.0;
      break;
    }
    case IccType::icc2: {
      result.df2 = (n - 1.0) * (k - 1.0);
      result.icc =
          (ms.cases - ms.residual) / (ms.cases + (k - 1.0) * ms.residual + k * (ms.raters - ms.residual) / n);
      result.f = ms.cases / ms.residual;
      // Satterthwaite's degrees of freedom for the bounds (psych::ICC, after Shrout & Fleiss 1979).
      const double icc = result.icc, fj = ms.raters / ms.residual;
      const double vn =
          (k - 1.0) * (n - 1.0) * std::pow(k * icc * fj + n * (1.0 + (k - 1.0) * icc) - k * icc, 2);
      const double vd =
          (n - 1.0) * k * k * icc * icc * fj * fj + std::pow(n * (1.0 + (k - 1.0) * icc) - k * icc, 2);
      // Raters differing by a constant offset only (no residual): v's limit as MSE -> 0 is k - 1.
      const double v = ms.residual == 0.0 ? k - 1.0 : vn / vd;
      const double f_high = f_quantile(upper_tail, n - 1.0, v);
      const double f_low = f_quantile(upper_tail, v, n - 1.0);
      const double denominator_terms = k * ms.raters + (k * n - k - n) * ms.residual;
      result.lower = n * (ms.cases - f_high * ms.residual) / (f_high * denominator_terms + n * ms.cases);
      result.upper = n * (f_low * ms.cases - ms.residual) / (denominator_terms + n * f_low * ms.cases);
      result.perfect_agreement = ms.residual == 0.0 && ms.raters == 0.0;
      break;
    }
  }
  result.p = f_upper_p(result.f, result.df1, result.df2);
  if (result.perfect_agreement) result.icc = result.lower = result.upper = 1.0;
  return result;
}

}  // namespace radstudy::stats
