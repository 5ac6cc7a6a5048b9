#include "features/mesh/diameters.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iterator>

#include "features/mesh/convex_hull.hpp"

namespace radstudy::features::mesh {
namespace {

// A farthest pair of a point set joins two of its extreme points, antipodal on its convex hull.
// Hull and antipodal pairs are found exactly on the integer doubled grid; both are preserved by the
// (diagonal) map to millimetres, so the largest distance over these pairs, each computed as before,
// is the largest over all pairs.

// One plane's points, sorted by (x, y) with x the row coordinate and y the coordinate along the row.
class PlaneHull {
 public:
  PlaneHull(int x_axis, int y_axis) : x_(x_axis), y_(y_axis) {}

  // Upper and lower hull chains (left to right, collinear points dropped) of points[begin, end).
  void build(const std::vector<DoubledIndex>& points, std::size_t begin, std::size_t end) {
    upper_.clear();
    lower_.clear();
    for (std::size_t k = begin; k < end; ++k) {
      const DoubledIndex& p = points[k];
      while (upper_.size() > 1 && orientation(*upper_[upper_.size() - 2], *upper_.back(), p) <= 0)
        upper_.pop_back();
      while (lower_.size() > 1 && orientation(*lower_[lower_.size() - 2], *lower_.back(), p) >= 0)
        lower_.pop_back();
      upper_.push_back(&p);
      lower_.push_back(&p);
    }
  }

  // Calls visit(a, b) for every antipodal pair of hull vertices (rotating calipers).
  template <typename Visit>
  void for_each_antipodal_pair(Visit&& visit) const {
    std::size_t i = 0, j = lower_.size() - 1;
    while (i + 1 < upper_.size() || j > 0) {
      visit(*upper_[i], *lower_[j]);
      if (i + 1 == upper_.size()) {
        --j;
      } else if (j == 0) {
        ++i;
      } else {
        const std::int64_t upper_turn =
            edge_slope_difference(*upper_[i], *upper_[i + 1], *lower_[j - 1], *lower_[j]);
        if (upper_turn > 0) {
          ++i;
        } else {
          // Parallel edges: all four end pairs are antipodal; the walk meets three of them.
          if (upper_turn == 0) visit(*upper_[i + 1], *lower_[j]);
          --j;
        }
      }
    }
    visit(*upper_[i], *lower_[j]);
  }

  // Calls visit(p) for every hull vertex (some twice: the ends of both chains).
  template <typename Visit>
  void for_each_vertex(Visit&& visit) const {
    for (const DoubledIndex* p : upper_) visit(*p);
    for (std::size_t k = 1; k + 1 < lower_.size(); ++k) visit(*lower_[k]);
  }

 private:
  // Positive for a clockwise turn p -> q -> r.
  std::int64_t orientation(const DoubledIndex& p, const DoubledIndex& q, const DoubledIndex& r) const {
    return std::int64_t{q[y_] - p[y_]} * (r[x_] - p[x_]) - std::int64_t{q[x_] - p[x_]} * (r[y_] - p[y_]);
  }
  // Sign of slope(a -> b) - slope(c -> d) for edges going right (non-negative x steps).
  std::int64_t edge_slope_difference(const DoubledIndex& a, const DoubledIndex& b, const DoubledIndex& c,
                                     const DoubledIndex& d) const {
    return std::int64_t{b[y_] - a[y_]} * (d[x_] - c[x_]) - std::int64_t{d[y_] - c[y_]} * (b[x_] - a[x_]);
  }

  int x_, y_;
  std::vector<const DoubledIndex*> upper_, lower_;
};

// Largest distance between vertices sharing their coordinate on `axis`; appends each plane's hull
// vertices to `hull_vertices`.
double largest_in_plane_distance(const SurfaceMesh& mesh, int axis,
                                 std::vector<DoubledIndex>& hull_vertices) {
  // Per-line extremes along `along` keep every in-plane extreme point of each plane, and come
  // grouped by plane (ascending `axis`), then sorted by (`row`, `along`).
  const int along = (axis + 1) % 3, row = (axis + 2) % 3;
  const std::vector<DoubledIndex> candidates = line_extremes(mesh, along);
  PlaneHull hull(row, along);
  double best = 0.0;
  for (std::size_t begin = 0; begin < candidates.size();) {
    std::size_t end = begin;
    while (end < candidates.size() && candidates[end][axis] == candidates[begin][axis]) ++end;
    hull.build(candidates, begin, end);
    hull.for_each_antipodal_pair([&](const DoubledIndex& a, const DoubledIndex& b) {
      best = std::max(best, squared_distance(mesh.position(a), mesh.position(b)));
    });
    hull.for_each_vertex([&](const DoubledIndex& p) { hull_vertices.push_back(p); });
    begin = end;
  }
  return std::sqrt(best);
}

std::uint64_t packed(const DoubledIndex& p) {
  // Doubled indices are >= -2 and far below 2^20.
  return (std::uint64_t(p[2] + 2) << 42) | (std::uint64_t(p[1] + 2) << 21) | std::uint64_t(p[0] + 2);
}

std::vector<std::uint64_t> sorted_unique(const std::vector<DoubledIndex>& points) {
  std::vector<std::uint64_t> keys(points.size());
  std::transform(points.begin(), points.end(), keys.begin(), packed);
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

}  // namespace

MeshDiameters mesh_diameters(const SurfaceMesh& mesh) {
  MeshDiameters diameters;
  std::vector<DoubledIndex> plane_hull_vertices[3];
  for (int axis = 0; axis < 3; ++axis)
    diameters.in_plane[axis] = largest_in_plane_distance(mesh, axis, plane_hull_vertices[axis]);

  // A vertex of the 3D hull is a hull vertex of each of its three axis planes.
  std::vector<std::uint64_t> common = sorted_unique(plane_hull_vertices[0]), next, intersection;
  for (int axis = 1; axis < 3; ++axis) {
    next = sorted_unique(plane_hull_vertices[axis]);
    intersection.clear();
    std::set_intersection(common.begin(), common.end(), next.begin(), next.end(),
                          std::back_inserter(intersection));
    common.swap(intersection);
  }
  std::vector<core::Vec3> points;
  points.reserve(common.size());
  constexpr std::uint64_t kField = (std::uint64_t{1} << 21) - 1;
  for (const std::uint64_t key : common) {
    const DoubledIndex vertex{static_cast<int>(key & kField) - 2, static_cast<int>((key >> 21) & kField) - 2,
                              static_cast<int>(key >> 42) - 2};
    points.push_back(mesh.position(vertex));
  }
  // Few candidates are compared pair by pair; many are thinned to the Qhull hull's vertices first.
  constexpr std::size_t kLargestPairwiseSet = 2048;
  diameters.maximum_3d =
      maximum_distance(points.size() <= kLargestPairwiseSet ? points : convex_hull(points).vertices);
  return diameters;
}

}  // namespace radstudy::features::mesh
