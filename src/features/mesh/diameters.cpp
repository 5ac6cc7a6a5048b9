#include "features/mesh/diameters.hpp"

#include <algorithm>
#include <cmath>

#include "features/mesh/convex_hull.hpp"

namespace radstudy::features::mesh {
namespace {

// Largest distance between vertices sharing their coordinate on `axis`.
double largest_in_plane_distance(const SurfaceMesh& mesh, int axis) {
  // Thinning along another axis keeps every in-plane extreme point of each plane.
  std::vector<DoubledIndex> candidates = line_extremes(mesh.vertices, (axis + 1) % 3);
  std::sort(candidates.begin(), candidates.end(),
            [axis](const DoubledIndex& a, const DoubledIndex& b) { return a[axis] < b[axis]; });
  double best = 0.0;
  std::vector<core::Vec3> plane;
  for (std::size_t begin = 0; begin < candidates.size();) {
    std::size_t end = begin;
    plane.clear();
    while (end < candidates.size() && candidates[end][axis] == candidates[begin][axis])
      plane.push_back(mesh.position(candidates[end++]));
    for (std::size_t i = 0; i < plane.size(); ++i)
      for (std::size_t j = i + 1; j < plane.size(); ++j) {
        const double dx = plane[i][0] - plane[j][0], dy = plane[i][1] - plane[j][1], dz = plane[i][2] - plane[j][2];
        best = std::max(best, dx * dx + dy * dy + dz * dz);
      }
    begin = end;
  }
  return std::sqrt(best);
}

}  // namespace

MeshDiameters mesh_diameters(const SurfaceMesh& mesh) {
  MeshDiameters diameters;
  std::vector<core::Vec3> points;
  for (const auto& vertex : line_extremes(mesh.vertices, 0)) points.push_back(mesh.position(vertex));
  diameters.maximum_3d = maximum_distance(convex_hull(points).vertices);
  for (int axis = 0; axis < 3; ++axis) diameters.in_plane[axis] = largest_in_plane_distance(mesh, axis);
  return diameters;
}

}  // namespace radstudy::features::mesh
