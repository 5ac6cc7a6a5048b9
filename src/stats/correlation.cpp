#include "stats/correlation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/errors.hpp"
#include "stats/group_tests.hpp"

namespace radstudy::stats {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The average ranks of one sample, centred on their mean and scaled to unit length; all zeros when the
// sample is constant (returned false).
bool centred_unit_ranks(std::span<const double> values, Eigen::Ref<Eigen::VectorXd> out) {
  for (std::size_t i = 0; i < values.size(); ++i)
    if (!std::isfinite(values[i]))
      throw InputError(fmt::format("Spearman correlation: case {} has a missing or infinite value", i + 1));
  const auto ranks = average_ranks(values);
  const double mean = (static_cast<double>(values.size()) + 1.0) / 2.0;  // the mean of any set of ranks
  double squares = 0.0;
  for (std::size_t i = 0; i < ranks.size(); ++i) {
    out[static_cast<Eigen::Index>(i)] = ranks[i] - mean;
    squares += out[static_cast<Eigen::Index>(i)] * out[static_cast<Eigen::Index>(i)];
  }
  if (squares == 0.0) {
    out.setZero();
    return false;
  }
  out /= std::sqrt(squares);
  return true;
}

}  // namespace

double spearman_correlation(std::span<const double> x, std::span<const double> y) {
  if (x.size() != y.size())
    throw InputError(fmt::format("Spearman correlation: {} values against {}", x.size(), y.size()));
  if (x.size() < 2) throw InputError("Spearman correlation: fewer than 2 cases");
  Eigen::VectorXd rx(static_cast<Eigen::Index>(x.size())), ry(static_cast<Eigen::Index>(y.size()));
  const bool x_varies = centred_unit_ranks(x, rx);
  const bool y_varies = centred_unit_ranks(y, ry);
  if (!x_varies || !y_varies) return kNaN;
  return std::clamp(rx.dot(ry), -1.0, 1.0);
}

Eigen::MatrixXd spearman_correlation_matrix(const Eigen::MatrixXd& values) {
  if (values.rows() < 2) throw InputError("Spearman correlation: fewer than 2 cases");
  Eigen::MatrixXd ranks(values.rows(), values.cols());
  std::vector<bool> varies(static_cast<std::size_t>(values.cols()));
  for (Eigen::Index j = 0; j < values.cols(); ++j)
    varies[static_cast<std::size_t>(j)] = centred_unit_ranks(
        std::span<const double>(values.col(j).data(), static_cast<std::size_t>(values.rows())), ranks.col(j));
  // The lower triangle of ranks' ranks (half the products of a full multiplication), then mirrored.
  Eigen::MatrixXd correlation = Eigen::MatrixXd::Zero(values.cols(), values.cols());
  correlation.selfadjointView<Eigen::Lower>().rankUpdate(ranks.transpose());
  for (Eigen::Index j = 0; j < values.cols(); ++j) {
    for (Eigen::Index i = j; i < values.cols(); ++i) {
      if (!varies[static_cast<std::size_t>(i)] || !varies[static_cast<std::size_t>(j)])
        correlation(i, j) = kNaN;
      else
        correlation(i, j) = i == j ? 1.0 : std::clamp(correlation(i, j), -1.0, 1.0);
    }
  }
  correlation.triangularView<Eigen::StrictlyUpper>() = correlation.transpose();
  return correlation;
}

}  // namespace radstudy::stats
