#include "features/common/principal_axes.hpp"

#include <Eigen/Dense>
#include <cstdint>
#include <vector>

namespace radstudy::features {

PrincipalAxes principal_axes(const core::Mask& mask) {
  PrincipalAxes axes;
  const auto& size = mask.size();
  const auto& spacing = mask.spacing();
  const std::uint8_t* voxels = mask.voxels().data();
  // Index sums are integers, exact in any order. Each row's region voxels lie in [first, end).
  struct RowSpan {
    std::uint32_t first = 0, end = 0;
  };
  std::vector<RowSpan> spans(size[1] * size[2]);
  const auto width = static_cast<std::uint32_t>(size[0]);
  std::uint64_t index_sum[3] = {0, 0, 0};
  std::size_t count = 0;
  for (std::size_t z = 0; z < size[2]; ++z)
    for (std::size_t y = 0; y < size[1]; ++y) {
      const std::uint8_t* row = voxels + size[0] * (y + size[1] * z);
      std::uint32_t row_count = 0, row_x_sum = 0;
      for (std::uint32_t x = 0; x < width; ++x) {
        const std::uint32_t inside = row[x] != 0;
        row_count += inside;
        row_x_sum += inside * x;
      }
      if (row_count == 0) continue;
      RowSpan& span = spans[y + size[1] * z];
      while (!row[span.first]) ++span.first;
      span.end = width;
      while (!row[span.end - 1]) --span.end;
      index_sum[0] += row_x_sum;
      index_sum[1] += std::uint64_t{row_count} * y;
      index_sum[2] += std::uint64_t{row_count} * z;
      count += row_count;
    }
  axes.voxel_count = count;
  if (count == 0) return axes;
  const double n = static_cast<double>(count);
  const double mean[3] = {static_cast<double>(index_sum[0]) / n, static_cast<double>(index_sum[1]) / n,
                          static_cast<double>(index_sum[2]) / n};
  // Each covariance entry accumulates its products voxel by voxel in raster order.
  std::vector<double> offset_x(size[0]);
  for (std::size_t x = 0; x < size[0]; ++x) offset_x[x] = (static_cast<double>(x) - mean[0]) * spacing[0];
  double xx = 0.0, xy = 0.0, xz = 0.0, yy = 0.0, yz = 0.0, zz = 0.0;
  for (std::size_t z = 0; z < size[2]; ++z) {
    const double dz = (static_cast<double>(z) - mean[2]) * spacing[2];
    for (std::size_t y = 0; y < size[1]; ++y) {
      const RowSpan span = spans[y + size[1] * z];
      if (span.first == span.end) continue;
      const double dy = (static_cast<double>(y) - mean[1]) * spacing[1];
      const std::uint8_t* row = voxels + size[0] * (y + size[1] * z);
      for (std::size_t x = span.first; x < span.end; ++x)
        if (row[x]) {
          const double dx = offset_x[x];
          xx += dx * dx;
          xy += dx * dy;
          xz += dx * dz;
          yy += dy * dy;
          yz += dy * dz;
          zz += dz * dz;
        }
    }
  }
  Eigen::Matrix3d covariance;
  covariance << xx, xy, xz, xy, yy, yz, xz, yz, zz;
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
