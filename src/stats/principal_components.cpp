#include "stats/principal_components.hpp"

#include <fmt/format.h>

#include <Eigen/SVD>
#include <algorithm>
#include <cmath>

#include "core/errors.hpp"

namespace radstudy::stats {

PrincipalComponents principal_components(const Eigen::MatrixXd& values) {
  const Eigen::Index n = values.rows(), p = values.cols();
  if (n < 2) throw InputError(fmt::format("principal components: {} case(s); at least 2 are needed", n));
  if (p < 1) throw InputError("principal components: no variable");
  for (Eigen::Index j = 0; j < p; ++j)
    for (Eigen::Index i = 0; i < n; ++i)
      if (!std::isfinite(values(i, j)))
        throw InputError(fmt::format(
            "principal components: variable {} has a missing or infinite value for case {}", j + 1, i + 1));

  PrincipalComponents result;
  result.centers = values.colwise().mean().transpose();
  Eigen::MatrixXd standardized = values.rowwise() - result.centers.transpose();
  result.scales = (standardized.colwise().squaredNorm() / static_cast<double>(n - 1)).cwiseSqrt().transpose();
  for (Eigen::Index j = 0; j < p; ++j) {
    if (!(result.scales[j] > 0.0))
      throw InputError(fmt::format(
          "principal components: variable {} is constant and cannot be scaled to unit variance", j + 1));
    standardized.col(j) /= result.scales[j];
  }

  const Eigen::BDCSVD<Eigen::MatrixXd> svd(standardized, Eigen::ComputeThinU | Eigen::ComputeThinV);
  const Eigen::Index kept = std::min(n - 1, p);
  const Eigen::VectorXd singular = svd.singularValues();
  result.standard_deviations = singular.head(kept) / std::sqrt(static_cast<double>(n - 1));
  result.loadings = svd.matrixV().leftCols(kept);
  for (Eigen::Index k = 0; k < kept; ++k) {
    Eigen::Index largest = 0;
    for (Eigen::Index j = 1; j < p; ++j)
      if (std::abs(result.loadings(j, k)) > std::abs(result.loadings(largest, k))) largest = j;
    if (result.loadings(largest, k) < 0.0) result.loadings.col(k) *= -1.0;
  }
  result.scores = standardized * result.loadings;
  // Every component's variance: the total is p (unit-variance columns) up to rounding.
  const double total_variance = singular.squaredNorm() / static_cast<double>(n - 1);
  result.proportion_of_variance = result.standard_deviations.array().square() / total_variance;
  result.cumulative_proportion.resize(kept);
  double running = 0.0;
  for (Eigen::Index k = 0; k < kept; ++k)
    result.cumulative_proportion[k] = running += result.proportion_of_variance[k];
  return result;
}

}  // namespace radstudy::stats
