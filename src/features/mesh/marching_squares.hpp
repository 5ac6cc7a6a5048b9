#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace radstudy::features::mesh {

// A binary image of one slice: `pixels[u + columns * v]`, non-zero inside, with the spacing of
// its two axes (millimetres).
struct PlanarMask {
  const std::uint8_t* pixels = nullptr;
  std::size_t columns = 0;  // extent along u (the faster axis)
  std::size_t rows = 0;     // extent along v
  double column_spacing = 1.0;
  double row_spacing = 1.0;
};

// The contour of a planar mask drawn by marching squares at iso-level 0.5 (PyRadiomics'
// shape2D mesh): the mask is padded with one background pixel on every side, every vertex lies
// halfway between an inside pixel and an outside 4-neighbour, and on a saddle square (two
// inside pixels that touch only diagonally) each inside pixel gets its own line, so
// diagonal neighbours are separate regions.
struct PlanarContour {
  double area =
      0.0;  // mm^2 enclosed by the contour: sum over lines of (a x b) / 2, lines oriented counter-clockwise
  double perimeter = 0.0;  // mm, sum of the line lengths
  double diameter = 0.0;   // mm, largest distance between two contour vertices
};

PlanarContour trace_planar_contour(const PlanarMask& mask);

}  // namespace radstudy::features::mesh
