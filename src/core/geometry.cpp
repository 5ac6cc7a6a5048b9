#include "core/geometry.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <vector>

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

namespace {

// The parts of the grid same_grid compares, each within its tolerance.
bool same_spacing(const Geometry& a, const Geometry& b, double tolerance) {
  for (int axis = 0; axis < 3; ++axis)
    if (std::abs(a.spacing[axis] - b.spacing[axis]) > tolerance * a.spacing[axis]) return false;
  return true;
}
bool same_origin(const Geometry& a, const Geometry& b, double tolerance) {
  for (int axis = 0; axis < 3; ++axis)
    if (std::abs(a.origin[axis] - b.origin[axis]) > tolerance * a.spacing[axis] * 10) return false;
  return true;
}
bool same_direction(const Geometry& a, const Geometry& b, double tolerance) {
  for (int k = 0; k < 9; ++k)
    if (std::abs(a.direction[k] - b.direction[k]) > tolerance) return false;
  return true;
}

// Values to 7 significant digits: enough to see differences beyond the tolerance, without float noise.
std::string triple(const auto& values) {
  return fmt::format("({:.7g})", fmt::join(values, ", "));
}

}  // namespace

bool Geometry::same_grid(const Geometry& other, double tolerance) const {
  return size == other.size && same_spacing(*this, other, tolerance) &&
         same_origin(*this, other, tolerance) && same_direction(*this, other, tolerance);
}

std::string describe_grid_difference(const Geometry& grid, const Geometry& reference,
                                     const std::string& reference_name, double tolerance) {
  std::vector<std::string> parts;
  if (grid.size != reference.size)
    parts.push_back(fmt::format("size {} vs {}'s {}", fmt::join(grid.size, "x"), reference_name,
                                fmt::join(reference.size, "x")));
  if (!same_spacing(reference, grid, tolerance)) {
    double largest = 0;
    for (int axis = 0; axis < 3; ++axis)
      largest = std::max(largest, std::abs(grid.spacing[axis] - reference.spacing[axis]));
    parts.push_back(fmt::format("spacing {} mm vs {}'s {} mm (up to {:.6g} mm apart)", triple(grid.spacing),
                                reference_name, triple(reference.spacing), largest));
  }
  if (!same_origin(reference, grid, tolerance)) {
    double squared = 0;
    for (int axis = 0; axis < 3; ++axis) squared += std::pow(grid.origin[axis] - reference.origin[axis], 2);
    parts.push_back(fmt::format("origin differs by {:.6g} mm ({} vs {}'s {})", std::sqrt(squared),
                                triple(grid.origin), reference_name, triple(reference.origin)));
  }
  if (!same_direction(reference, grid, tolerance)) {
    double largest = 0;
    for (int k = 0; k < 9; ++k)
      largest = std::max(largest, std::abs(grid.direction[k] - reference.direction[k]));
    parts.push_back(fmt::format("direction {} vs {}'s {} (cosines up to {:.6g} apart)",
                                triple(grid.direction), reference_name, triple(reference.direction),
                                largest));
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

}  // namespace radstudy::core
