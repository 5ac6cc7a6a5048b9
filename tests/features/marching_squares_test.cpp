// PyRadiomics' shape2D contour (marching squares) on masks whose area, perimeter and diameter
// follow from the geometry by hand.
#include "features/mesh/marching_squares.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

namespace radstudy::features::mesh {
namespace {

PlanarContour contour_of(const std::vector<std::uint8_t>& pixels, std::size_t columns, double su = 1.0,
                         double sv = 1.0) {
  return trace_planar_contour({pixels.data(), columns, pixels.size() / columns, su, sv});
}

TEST(MarchingSquares, SinglePixelIsADiamond) {
  // Vertices at the four edge midpoints: a square of side sqrt(0.5^2 + 0.5^2) (spacing 2 x 3 mm:
  // a rhombus with diagonals 2 and 3).
  const auto contour = contour_of({1}, 1, 2.0, 3.0);
  EXPECT_DOUBLE_EQ(contour.area, 0.5 * 2.0 * 3.0);
  EXPECT_DOUBLE_EQ(contour.perimeter, 4.0 * std::hypot(1.0, 1.5));
  EXPECT_DOUBLE_EQ(contour.diameter, 3.0);
}

TEST(MarchingSquares, RectangleLosesItsCorners) {
  // A 4 x 3 block: the rectangle of the pixel centres grown by half a pixel, minus four corner
  // triangles of area 1/8 each; straight sides of length 3 and 2 (minus the cut corners).
  std::vector<std::uint8_t> pixels(4 * 3, 1);
  const auto contour = contour_of(pixels, 4);
  EXPECT_DOUBLE_EQ(contour.area, 4.0 * 3.0 - 4.0 * 0.125);
  EXPECT_DOUBLE_EQ(contour.perimeter, 2.0 * 3.0 + 2.0 * 2.0 + 4.0 * std::sqrt(0.5));
  // Farthest vertices: midpoints on opposite short sides at the corners, e.g. (-0.5, 0) and (3.5, 2).
  EXPECT_DOUBLE_EQ(contour.diameter, std::hypot(4.0, 2.0));
}

TEST(MarchingSquares, DiagonalNeighboursAreSeparateRegions) {
  // Two pixels touching at a corner: two diamonds, not one joined shape.
  const auto contour = contour_of({1, 0, 0, 1}, 2);
  EXPECT_DOUBLE_EQ(contour.area, 2.0 * 0.5);
  EXPECT_DOUBLE_EQ(contour.perimeter, 8.0 * std::sqrt(0.5));
  EXPECT_DOUBLE_EQ(contour.diameter, std::hypot(2.0, 1.0));
}

TEST(MarchingSquares, HoleIsSubtracted) {
  // A 3 x 3 ring: outer contour minus the inner diamond.
  std::vector<std::uint8_t> pixels(9, 1);
  pixels[4] = 0;
  const auto contour = contour_of(pixels, 3);
  EXPECT_DOUBLE_EQ(contour.area, (9.0 - 0.5) - 0.5);
  EXPECT_DOUBLE_EQ(contour.perimeter, 4.0 * 2.0 + 4.0 * std::sqrt(0.5) + 4.0 * std::sqrt(0.5));
}

}  // namespace
}  // namespace radstudy::features::mesh
