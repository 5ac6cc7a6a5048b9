#pragma once
#include <Eigen/Dense>

namespace radstudy::stats {

// Principal components of the z-scored columns of `values` (cases x variables), as R's
// prcomp(values, center = TRUE, scale. = TRUE): columns centred on their mean and divided by their
// standard deviation (n - 1), then the singular value decomposition of that matrix.
// Components kept: min(n - 1, p) (the centred data have rank at most n - 1; prcomp's n-th component
// when p >= n has a standard deviation that is 0 up to rounding and an arbitrary direction).
// Sign convention (prcomp's signs are those of LAPACK's SVD, arbitrary): each component is oriented
// so that its loading of largest absolute value is positive (the first such when tied).
struct PrincipalComponents {
  Eigen::VectorXd standard_deviations;     // prcomp's sdev: singular values / sqrt(n - 1)
  Eigen::VectorXd proportion_of_variance;  // sdev^2 / sum(sdev^2) over all components
  Eigen::VectorXd cumulative_proportion;
  Eigen::MatrixXd loadings;  // variables x components (prcomp's rotation)
  Eigen::MatrixXd scores;    // cases x components (prcomp's x)
  Eigen::VectorXd centers;   // column means
  Eigen::VectorXd scales;    // column standard deviations
};

// Throws InputError for fewer than 2 cases, no column, a non-finite value or a constant column (prcomp:
// "cannot rescale a constant/zero column to unit variance"), naming the column (0-based position
// + 1) and case.
PrincipalComponents principal_components(const Eigen::MatrixXd& values);

}  // namespace radstudy::stats
