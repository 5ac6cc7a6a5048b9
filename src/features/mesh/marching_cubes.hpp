#pragma once
#include <array>
#include <vector>

#include "core/image.hpp"

namespace radstudy::features::mesh {

// Position on the doubled voxel-index grid: voxel centre i sits at 2 i, the midpoint between
// voxels i and i + 1 at 2 i + 1. Mesh vertices have exactly one odd coordinate.
using DoubledIndex = std::array<int, 3>;

// The triangle mesh of a binary mask drawn by marching cubes at iso-level 0.5 (IBSI's mesh,
// built as PyRadiomics builds it): the mask is padded with one layer of background voxels,
// every vertex lies halfway between a region voxel and a background 6-neighbour, and each of
// the 256 cube configurations takes the triangles of the classic Lorensen-Cline table for
// itself or, when corner 7 is inside, for its complement.
struct SurfaceMesh {
  core::Vec3 spacing{1.0, 1.0, 1.0};
  // mm^3, by the divergence theorem: |sum over faces of a . (b x c) / 6|, with the origin at the voxel
  // before the region's bounding-box corner (PyRadiomics' frame; the mesh may have holes, see .cpp).
  double volume = 0.0;
  double area = 0.0;  // mm^2, sum over faces of |ab x ac| / 2
  // Every vertex once, on the doubled grid of the (unpadded) mask.
  std::vector<DoubledIndex> vertices;
  // Bounds (inclusive) holding every vertex, not necessarily tight.
  DoubledIndex vertex_low{0, 0, 0}, vertex_high{-1, -1, -1};

  core::Vec3 position(const DoubledIndex& vertex) const {
    return {0.5 * vertex[0] * spacing[0], 0.5 * vertex[1] * spacing[1], 0.5 * vertex[2] * spacing[2]};
  }
};

// The mesh of the non-zero voxels of `mask`, with the mask's spacing (millimetres).
SurfaceMesh build_surface_mesh(const core::Mask& mask);

// The vertices that can be extreme along the first axis of their line: of all vertices sharing
// the two coordinates other than `axis`, the lowest and the highest along `axis`. Any convex-hull
// vertex of `vertices` (and so both ends of any farthest pair) survives this thinning.
std::vector<DoubledIndex> line_extremes(const std::vector<DoubledIndex>& vertices, int axis);
// The same for a mesh's vertices, within the mesh's vertex bounds (no pass to find them).
std::vector<DoubledIndex> line_extremes(const SurfaceMesh& mesh, int axis);

}  // namespace radstudy::features::mesh
