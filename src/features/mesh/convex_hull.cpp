#include "features/mesh/convex_hull.hpp"

#include <cmath>
#include <cstdio>

extern "C" {
#include <libqhull_r/qhull_ra.h>
}

namespace radstudy::features::mesh {
namespace {

// Qhull reports degenerate input on its error stream; keep that off the user's terminal.
FILE* qhull_error_stream() {
  static FILE* sink = std::fopen("/dev/null", "w");
  return sink ? sink : stderr;
}

}  // namespace

ConvexHull convex_hull(const std::vector<core::Vec3>& points) {
  ConvexHull hull;
  if (points.size() < 4) {
    hull.vertices = points;
    hull.flat = true;
    hull.area = std::nan("");
    return hull;
  }
  std::vector<coordT> coordinates;
  coordinates.reserve(points.size() * 3);
  for (const auto& point : points) coordinates.insert(coordinates.end(), point.begin(), point.end());

  qhT qh_storage;
  qhT* qh = &qh_storage;
  qh_zero(qh, qhull_error_stream());
  char options[] = "qhull FA";
  const int exit_code = qh_new_qhull(qh, 3, static_cast<int>(points.size()), coordinates.data(), False, options,
                                     nullptr, qhull_error_stream());
  if (exit_code == 0) {
    hull.volume = qh->totvol;
    hull.area = qh->totarea;
    facetT* facet;
    FORALLfacets { hull.facet_normals.push_back({facet->normal[0], facet->normal[1], facet->normal[2]}); }
    vertexT* vertex;
    FORALLvertices {
      const coordT* point = vertex->point;
      hull.vertices.push_back({point[0], point[1], point[2]});
    }
  } else {
    hull.vertices = points;
    hull.flat = true;
    hull.area = std::nan("");
  }
  qh_freeqhull(qh, !qh_ALL);
  int remaining_long = 0, remaining_total = 0;
  qh_memfreeshort(qh, &remaining_long, &remaining_total);
  return hull;
}

double maximum_distance(const std::vector<core::Vec3>& points) {
  double best = 0.0;
  for (std::size_t i = 0; i < points.size(); ++i)
    for (std::size_t j = i + 1; j < points.size(); ++j)
      best = std::max(best, squared_distance(points[i], points[j]));
  return std::sqrt(best);
}

}  // namespace radstudy::features::mesh
