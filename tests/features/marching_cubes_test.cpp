// The marching-cubes mesh behind PyRadiomics' shape and IBSI's morphology: hand-computed meshes
// and the triangulation choices of PyRadiomics' table.
#include "features/mesh/marching_cubes.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "features/mesh/marching_cubes_table.hpp"

namespace radstudy::features::mesh {
namespace {

TEST(MarchingCubes, SingleVoxelIsAnOctahedron) {
  // Vertices at the six face centres: volume abc / 6, eight faces of area |(a/2, b/2, 0) x (0, b/2, c/2)|
  // / 2.
  core::Geometry geometry;
  geometry.size = {1, 1, 1};
  geometry.spacing = {2.0, 3.0, 5.0};
  core::Mask mask(geometry);
  mask.at(0, 0, 0) = 1;
  const SurfaceMesh mesh = build_surface_mesh(mask);
  EXPECT_NEAR(mesh.volume, 2.0 * 3.0 * 5.0 / 6.0, 1e-12);
  const double face =
      0.5 * std::sqrt(std::pow(1.5 * 2.5, 2) + std::pow(1.0 * 2.5, 2) + std::pow(1.0 * 1.5, 2));
  EXPECT_NEAR(mesh.area, 8.0 * face, 1e-12);
  EXPECT_EQ(mesh.vertices.size(), 6u);
}

// Triangles of a table row as sets of edges.
std::set<std::set<int>> triangles_of(const std::array<std::int8_t, 16>& row) {
  std::set<std::set<int>> triangles;
  for (int t = 0; t < 5 && row[3 * t] >= 0; ++t)
    triangles.insert({row[3 * t], row[3 * t + 1], row[3 * t + 2]});
  return triangles;
}

TEST(MarchingCubes, PiecesTakeTheirOwnTrianglesAsInPyRadiomics) {
  const auto& table = region_triangles();
  // Configuration 30 (corners 1-3 and 4): the piece {1, 2, 3} is split as configuration 14 alone.
  for (const auto& triangle : triangles_of(table[14])) EXPECT_TRUE(triangles_of(table[30]).count(triangle));
  // Configuration 58 (corners 1, 3, 4, 5) keeps the classic split of the pentagon 0-1-5-7-8 along
  // 1-8 (PyRadiomics' cshape.c), unlike configuration 50 (corners 1, 4, 5), split along 0-7.
  const auto in_58 = triangles_of(table[58]);
  EXPECT_TRUE(in_58.count({0, 1, 8}) && in_58.count({1, 7, 8}) && in_58.count({1, 5, 7}) &&
              in_58.count({2, 3, 11}));
  const auto in_50 = triangles_of(table[50]);
  EXPECT_TRUE(in_50.count({0, 7, 8}) && in_50.count({0, 1, 7}));
}

}  // namespace
}  // namespace radstudy::features::mesh
