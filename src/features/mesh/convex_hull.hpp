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

// The largest distance between two of `points` (O(n^2); give it hull vertices).
double maximum_distance(const std::vector<core::Vec3>& points);

}  // namespace radstudy::features::mesh
