#pragma once
#include <Eigen/Dense>
#include <span>
#include <vector>

namespace radstudy::stats {

// Spearman's rank correlation as R's cor(x, y, method = "spearman"): Pearson's correlation of the
// average ranks (ties share the mean rank). Values must be finite (InputError otherwise, naming the
// case, 1-based); NaN when either sample is constant (R: NA with "the standard deviation is zero").
double spearman_correlation(std::span<const double> x, std::span<const double> y);

// cor(X, method = "spearman") of the columns of `values` (cases x variables): a symmetric matrix with
// 1 on the diagonal of non-constant columns and NaN rows/columns for constant ones. One ranking per
// column and one matrix product: O(n p log n + n p^2).
Eigen::MatrixXd spearman_correlation_matrix(const Eigen::MatrixXd& values);

}  // namespace radstudy::stats
