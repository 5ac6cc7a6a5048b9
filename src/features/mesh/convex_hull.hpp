#pragma once
#include <vector>

#include "core/geometry.hpp"

namespace radstudy::features::mesh {

// The convex hull of a 3D point set, computed by Qhull.
struct ConvexHull {
  std::vector<core::Vec3> vertices;  // the hull's vertices (all input points when the set is flat)
  double volume = 0.0;               // 0 for a flat or degenerate set
  double area = 0.0;                 // surface area; NaN for a flat set
  std::vector<core::Vec3> facet_normals;  // outward unit normal of each facet
  bool flat = false;                 // the points do not span 3D
};

ConvexHull convex_hull(const std::vector<core::Vec3>& points);

// |a - b|^2, summed x, y, z: every diameter compares distances computed by this one expression.
inline double squared_distance(const core::Vec3& a, const core::Vec3& b) {
  const double dx = a[0] - b[0], dy = a[1] - b[1], dz = a[2] - b[2];
  return dx * dx + dy * dy + dz * dz;
}

// The largest distance between two of `points` (O(n^2); give it hull vertices).
double maximum_distance(const std::vector<core::Vec3>& points);

}  // namespace radstudy::features::mesh
