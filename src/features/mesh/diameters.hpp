#pragma once
#include "features/mesh/marching_cubes.hpp"

namespace radstudy::features::mesh {

// Largest distances between mesh vertices (millimetres): over all vertices, and over vertices
// sharing their z (axial plane), y (coronal) or x (sagittal) coordinate.
struct MeshDiameters {
  double maximum_3d = 0.0;
  double in_plane[3] = {0.0, 0.0, 0.0};  // [axis]: largest distance between vertices with equal coordinate `axis`
};

// Each diameter is the largest distance over pairs of extreme points only: antipodal vertex pairs of
// each plane's convex hull, and, in 3D, the vertices that are hull vertices of all three of their
// axis planes (a superset of the 3D hull's vertices). The result equals the all-pairs maximum.
MeshDiameters mesh_diameters(const SurfaceMesh& mesh);

}  // namespace radstudy::features::mesh
