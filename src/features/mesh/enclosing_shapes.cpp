#include "features/mesh/enclosing_shapes.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace radstudy::features::mesh {

std::array<double, 3> minimum_volume_enclosing_ellipsoid(const std::vector<core::Vec3>& points, double tolerance) {
  const double not_a_number = std::numeric_limits<double>::quiet_NaN();
  const int n = static_cast<int>(points.size());
  if (n < 4) return {not_a_number, not_a_number, not_a_number};
  constexpr int d = 3;
  Eigen::MatrixXd lifted(d + 1, n);
  for (int k = 0; k < n; ++k) lifted.col(k) << points[k][0], points[k][1], points[k][2], 1.0;
  Eigen::VectorXd weights = Eigen::VectorXd::Constant(n, 1.0 / n);
  for (int iteration = 0; iteration < 100000; ++iteration) {
    const Eigen::Matrix4d scatter = lifted * weights.asDiagonal() * lifted.transpose();
    const Eigen::LDLT<Eigen::Matrix4d> solver(scatter);
    if (solver.info() != Eigen::Success) return {not_a_number, not_a_number, not_a_number};
    const Eigen::MatrixXd solved = solver.solve(lifted);
    Eigen::VectorXd distances = (lifted.array() * solved.array()).colwise().sum().transpose();
    Eigen::Index farthest;
    const double largest = distances.maxCoeff(&farthest);
    const double step = (largest - d - 1.0) / ((d + 1.0) * (largest - 1.0));
    Eigen::VectorXd updated = (1.0 - step) * weights;
    updated[farthest] += step;
    const double change = (updated - weights).norm();
    weights = updated;
    if (change < tolerance) break;
  }
  Eigen::MatrixXd positions(d, n);
  for (int k = 0; k < n; ++k) positions.col(k) << points[k][0], points[k][1], points[k][2];
  const Eigen::Vector3d centre = positions * weights;
  const Eigen::Matrix3d shape =
      (positions * weights.asDiagonal() * positions.transpose() - centre * centre.transpose()).inverse() / d;
  Eigen::SelfAdjointEigenSolver<Eigen::Matrix3d> eigen(shape);
  std::array<double, 3> semi_axes;
  for (int k = 0; k < 3; ++k) semi_axes[k] = 1.0 / std::sqrt(eigen.eigenvalues()[k]);
  std::sort(semi_axes.begin(), semi_axes.end(), std::greater<>());
  return semi_axes;
}

double ellipsoid_surface_area(double a, double b, double c) {
  const double alpha = std::sqrt(std::max(0.0, 1.0 - b * b / (a * a)));
  const double beta = std::sqrt(std::max(0.0, 1.0 - c * c / (a * a)));
  // q_v = (alpha beta)^v P_v((alpha^2 + beta^2) / (2 alpha beta)), by the Legendre recurrence
  // multiplied through by (alpha beta)^(v+1): finite also when alpha beta = 0.
  const double product = alpha * beta, half_sum = 0.5 * (alpha * alpha + beta * beta);
  double previous = 1.0, current = half_sum;
  double series = 1.0 + current / (1.0 - 4.0);
  for (int v = 1; v < 20; ++v) {
    const double next = ((2.0 * v + 1.0) * half_sum * current - v * product * product * previous) / (v + 1.0);
    previous = current;
    current = next;
    series += current / (1.0 - 4.0 * (v + 1.0) * (v + 1.0));
  }
  return 4.0 * std::numbers::pi * a * b * series;
}

std::array<double, 3> oriented_minimum_bounding_box(const std::vector<core::Vec3>& points,
                                                    const std::vector<core::Vec3>& candidate_axes) {
  std::array<double, 3> best{std::nan(""), std::nan(""), std::nan("")};
  double best_volume = std::numeric_limits<double>::infinity();
  std::vector<std::array<double, 3>> projected(points.size());
  for (const auto& axis : candidate_axes) {
    const Eigen::Vector3d normal = Eigen::Vector3d(axis[0], axis[1], axis[2]).normalized();
    const Eigen::Vector3d helper = std::abs(normal.x()) < 0.9 ? Eigen::Vector3d::UnitX() : Eigen::Vector3d::UnitY();
    const Eigen::Vector3d u = normal.cross(helper).normalized(), v = normal.cross(u);
    double low_n = INFINITY, high_n = -INFINITY;
    for (std::size_t k = 0; k < points.size(); ++k) {
      const Eigen::Vector3d p(points[k][0], points[k][1], points[k][2]);
      projected[k] = {p.dot(u), p.dot(v), p.dot(normal)};
      low_n = std::min(low_n, projected[k][2]);
      high_n = std::max(high_n, projected[k][2]);
    }
    const double height = high_n - low_n;
    auto rectangle = [&](double angle, double& width, double& depth) {
      const double cosine = std::cos(angle), sine = std::sin(angle);
      double low_a = INFINITY, high_a = -INFINITY, low_b = INFINITY, high_b = -INFINITY;
      for (const auto& p : projected) {
        const double a = cosine * p[0] + sine * p[1], b = -sine * p[0] + cosine * p[1];
        low_a = std::min(low_a, a);
        high_a = std::max(high_a, a);
        low_b = std::min(low_b, b);
        high_b = std::max(high_b, b);
      }
      width = high_a - low_a;
      depth = high_b - low_b;
      return width * depth;
    };
    const double degree = std::numbers::pi / 180.0;
    double best_angle = 0.0, best_area = INFINITY, width, depth;
    for (int step = 0; step < 90; ++step) {
      const double area = rectangle(step * degree, width, depth);
      if (area < best_area) {
        best_area = area;
        best_angle = step * degree;
      }
    }
    const double coarse = best_angle;
    for (int step = -100; step <= 100; ++step) {
      const double angle = coarse + step * 0.01 * degree;
      const double area = rectangle(angle, width, depth);
      if (area < best_area) {
        best_area = area;
        best_angle = angle;
      }
    }
    rectangle(best_angle, width, depth);
    if (best_area * height < best_volume) {
      best_volume = best_area * height;
      best = {width, depth, height};
    }
  }
  return best;
}

}  // namespace radstudy::features::mesh
