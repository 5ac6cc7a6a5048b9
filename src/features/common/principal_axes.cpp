#include "features/common/principal_axes.hpp"

#include <Eigen/Dense>

namespace radstudy::features {

PrincipalAxes principal_axes(const core::Mask& mask) {
  PrincipalAxes axes;
  const auto& size = mask.size();
  const auto& spacing = mask.spacing();
  double sum[3] = {0, 0, 0};
  std::size_t count = 0;
  for (std::size_t z = 0; z < size[2]; ++z)
    for (std::size_t y = 0; y < size[1]; ++y)
      for (std::size_t x = 0; x < size[0]; ++x)
        if (mask.at(x, y, z)) {
          sum[0] += static_cast<double>(x);
          sum[1] += static_cast<double>(y);
          sum[2] += static_cast<double>(z);
          ++count;
        }
  axes.voxel_count = count;
  if (count == 0) return axes;
  const double n = static_cast<double>(count);
  const double mean[3] = {sum[0] / n, sum[1] / n, sum[2] / n};
  Eigen::Matrix3d covariance = Eigen::Matrix3d::Zero();
  for (std::size_t z = 0; z < size[2]; ++z)
    for (std::size_t y = 0; y < size[1]; ++y)
      for (std::size_t x = 0; x < size[0]; ++x)
        if (mask.at(x, y, z)) {
          const Eigen::Vector3d d((static_cast<double>(x) - mean[0]) * spacing[0],
                                  (static_cast<double>(y) - mean[1]) * spacing[1],
                                  (static_cast<double>(z) - mean[2]) * spacing[2]);
          covariance += d * d.transpose();
        }
  covariance /= n;
  for (int d = 0; d < 3; ++d) axes.centroid[d] = mean[d] * spacing[d];
  Eigen::SelfAdjointEigenSolver<Eigen::Matrix3d> solver(covariance);
  for (int k = 0; k < 3; ++k) {
    double value = solver.eigenvalues()[k];
    // Rounding can leave a flat region's zero eigenvalue slightly negative.
    if (value < 0 && value > -1e-10) value = 0;
    axes.eigenvalues[k] = value;
    for (int d = 0; d < 3; ++d) axes.eigenvectors[k][d] = solver.eigenvectors()(d, k);
  }
  return axes;
}

}  // namespace radstudy::features
