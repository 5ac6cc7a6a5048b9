#pragma once
#include "features/mesh/marching_cubes.hpp"

namespace radstudy::features::mesh {

// Largest distances between mesh vertices (millimetres): over all vertices, and over vertices
// sharing their z (axial plane), y (coronal) or x (sagittal) coordinate.
struct MeshDiameters {
  double maximum_3d = 0.0;
  double in_plane[3] = {0.0, 0.0, 0.0};  // [axis]: largest distance between vertices with equal coordinate `axis`
};

// The 3D diameter comes from the vertices of the Qhull convex hull, the in-plane ones from the
// per-line extreme vertices of each plane.
MeshDiameters mesh_diameters(const SurfaceMesh& mesh);

}  // namespace radstudy::features::mesh
