#include "core/geometry.hpp"

#include <cmath>

namespace radstudy::core {

Vec3 Geometry::index_to_point(const Vec3& continuous_index) const {
  Vec3 point = origin;
  for (int row = 0; row < 3; ++row)
    for (int axis = 0; axis < 3; ++axis)
      point[row] += direction[row * 3 + axis] * continuous_index[axis] * spacing[axis];
  return point;
}

Vec3 Geometry::point_to_index(const Vec3& point) const {
  // direction is orthonormal, so its inverse is its transpose.
  Vec3 index{0, 0, 0};
  for (int axis = 0; axis < 3; ++axis) {
    double projection = 0.0;
    for (int row = 0; row < 3; ++row) projection += direction[row * 3 + axis] * (point[row] - origin[row]);
    index[axis] = projection / spacing[axis];
  }
  return index;
}

bool Geometry::same_grid(const Geometry& other, double tolerance) const {
  if (size != other.size) return false;
  for (int axis = 0; axis < 3; ++axis) {
    const double scale = spacing[axis];
    if (std::abs(spacing[axis] - other.spacing[axis]) > tolerance * scale) return false;
    if (std::abs(origin[axis] - other.origin[axis]) > tolerance * scale * 10) return false;
  }
  for (int k = 0; k < 9; ++k)
    if (std::abs(direction[k] - other.direction[k]) > tolerance) return false;
  return true;
}

}  // namespace radstudy::core
