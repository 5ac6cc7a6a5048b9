#include "preprocess/contour_rasteriser.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <string>

#include "core/errors.hpp"

using radstudy::InputError;
using radstudy::core::Geometry;
using radstudy::preprocess::fill_polygons_even_odd;
using radstudy::preprocess::PatientContour;
using radstudy::preprocess::Polygon2;
using radstudy::preprocess::rasterise_contours;

namespace {

// The slice as rows of '#' (inside) and '.' (outside), row 0 first.
std::string picture(const std::vector<std::uint8_t>& slice, std::size_t width) {
  std::string text;
  for (std::size_t k = 0; k < slice.size(); ++k) {
    text += slice[k] ? '#' : '.';
    if ((k + 1) % width == 0) text += '\n';
  }
  return text;
}

std::string fill(const std::vector<Polygon2>& polygons, std::size_t width, std::size_t height) {
  std::vector<std::uint8_t> slice(width * height, 0);
  fill_polygons_even_odd(polygons, width, height, slice);
  return picture(slice, width);
}

Polygon2 rectangle(double x0, double y0, double x1, double y1) {
  return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}};
}

// Three slices of 4 x 4 voxels of 1 mm, 3 mm apart, at z = 0, 3 and 6 mm.
Geometry three_slices() {
  Geometry grid;
  grid.size = {4, 4, 3};
  grid.spacing = {1.0, 1.0, 3.0};
  return grid;
}

}  // namespace

TEST(ContourRasteriser, FillsVoxelCentresInsideARectangle) {
  EXPECT_EQ(fill({rectangle(0.5, 0.5, 3.5, 2.5)}, 5, 4),
            ".....\n"
            ".###.\n"
            ".###.\n"
            ".....\n");
}

TEST(ContourRasteriser, OrientationOfThePolygonDoesNotMatter) {
  Polygon2 clockwise = rectangle(0.5, 0.5, 3.5, 2.5);
  Polygon2 anticlockwise(clockwise.rbegin(), clockwise.rend());
  EXPECT_EQ(fill({clockwise}, 5, 4), fill({anticlockwise}, 5, 4));
}

TEST(ContourRasteriser, InnerPolygonIsAHole) {
  EXPECT_EQ(fill({rectangle(0.5, 0.5, 5.5, 4.5), rectangle(1.5, 1.5, 3.5, 3.5)}, 7, 6),
            ".......\n"
            ".#####.\n"
            ".#..##.\n"
            ".#..##.\n"
            ".#####.\n"
            ".......\n");
}

TEST(ContourRasteriser, SeparatePolygonsOnOneSliceAreBothFilled) {
  EXPECT_EQ(fill({rectangle(-0.5, -0.5, 1.5, 0.5), rectangle(3.5, 1.5, 4.5, 2.5)}, 6, 3),
            "##....\n"
            "......\n"
            "....#.\n");
}

TEST(ContourRasteriser, CentresOnTheContourFollowMirpsRule) {
  // Corners on voxel centres: the rays (columns) through the left edge cross the top and bottom edges and
  // take the centres strictly between; centres on the top or bottom edge, and the column of the right edge,
  // are outside (MIRP's ray casting counts a crossing only when one end point lies beyond the ray).
  EXPECT_EQ(fill({rectangle(1.0, 1.0, 4.0, 4.0)}, 6, 6),
            "......\n"
            "......\n"
            ".###..\n"
            ".###..\n"
            "......\n"
            "......\n");
}

TEST(ContourRasteriser, RayThroughAVertexCountsItOnce) {
  // A diamond whose left, right, top and bottom vertices lie on voxel centres.
  EXPECT_EQ(fill({{{1.0, 3.0}, {3.0, 1.0}, {5.0, 3.0}, {3.0, 5.0}}}, 7, 7),
            ".......\n"
            ".......\n"
            "...#...\n"
            "..###..\n"
            "...#...\n"
            ".......\n"
            ".......\n");
}

TEST(ContourRasteriser, PolygonBeyondTheSliceIsClipped) {
  EXPECT_EQ(fill({rectangle(-10.0, -10.0, 1.5, 10.0)}, 4, 2),
            "##..\n"
            "##..\n");
}

TEST(ContourRasteriser, DiscAreaApproachesPiRSquared) {
  Polygon2 circle;
  const double radius = 40.0;
  for (int k = 0; k < 720; ++k) {
    const double angle = 2.0 * std::numbers::pi * k / 720.0;
    circle.push_back({50.3 + radius * std::cos(angle), 50.7 + radius * std::sin(angle)});
  }
  std::vector<std::uint8_t> slice(100 * 100, 0);
  const std::size_t filled = fill_polygons_even_odd({circle}, 100, 100, slice);
  EXPECT_NEAR(double(filled), std::numbers::pi * radius * radius, 0.005 * std::numbers::pi * radius * radius);
}

TEST(ContourRasteriser, PlacesContoursOnSlicesByPatientCoordinates) {
  Geometry grid;
  grid.size = {6, 5, 4};
  grid.spacing = {2.0, 2.0, 3.0};
  grid.origin = {-10.0, 20.0, 100.0};
  // A square covering voxel columns 1..3 (x = -8, -6, -4 mm) and rows 1..2 (y = 22, 24 mm) of the slice at
  // z = 106 mm (index 2).
  const PatientContour square{
      {-9.0, 21.0, 106.0}, {-3.0, 21.0, 106.0}, {-3.0, 25.0, 106.0}, {-9.0, 25.0, 106.0}};
  const auto result = rasterise_contours({square}, grid);
  EXPECT_EQ(result.contour_count, 1u);
  EXPECT_EQ(result.slice_count, 1u);
  EXPECT_EQ(result.voxel_count, 6u);
  for (std::size_t z = 0; z < 4; ++z)
    for (std::size_t y = 0; y < 5; ++y)
      for (std::size_t x = 0; x < 6; ++x) {
        const bool expected = z == 2 && y >= 1 && y <= 2 && x >= 1 && x <= 3;
        EXPECT_EQ(result.mask.at(x, y, z), expected ? 1 : 0) << x << "," << y << "," << z;
      }
}

TEST(ContourRasteriser, FollowsTheGridDirection) {
  // Slices ordered from head to feet (z axis pointing to -z): slice index 1 is at z = -3 mm.
  Geometry grid = three_slices();
  grid.direction = {1, 0, 0, 0, 1, 0, 0, 0, -1};
  const PatientContour square{{0.5, 0.5, -3.0}, {2.5, 0.5, -3.0}, {2.5, 2.5, -3.0}, {0.5, 2.5, -3.0}};
  const auto result = rasterise_contours({square}, grid);
  EXPECT_EQ(result.voxel_count, 4u);
  EXPECT_EQ(result.mask.at(1, 1, 1), 1);
  EXPECT_EQ(result.mask.at(2, 2, 1), 1);
}

TEST(ContourRasteriser, ContourBetweenSlicesIsAnError) {
  const PatientContour triangle{{0.5, 0.5, 1.5}, {2.5, 0.5, 1.5}, {2.5, 2.5, 1.5}};
  EXPECT_THROW(rasterise_contours({triangle}, three_slices()), InputError);
}

TEST(ContourRasteriser, ContourBeyondTheSlicesIsAnError) {
  const PatientContour triangle{{0.5, 0.5, 9.0}, {2.5, 0.5, 9.0}, {2.5, 2.5, 9.0}};
  EXPECT_THROW(rasterise_contours({triangle}, three_slices()), InputError);
}

TEST(ContourRasteriser, ContourAcrossSlicesIsAnError) {
  const PatientContour tilted{{0.5, 0.5, 0.0}, {2.5, 0.5, 0.0}, {2.5, 2.5, 3.0}};
  EXPECT_THROW(rasterise_contours({tilted}, three_slices()), InputError);
}
