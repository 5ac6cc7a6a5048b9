#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/image.hpp"

namespace radstudy::preprocess {

// A closed polygon in continuous voxel coordinates of one slice: (x, y) with voxel centres at integers.
// The closing edge from the last point back to the first is implied.
using Polygon2 = std::vector<std::array<double, 2>>;

// Marks the voxel centres of a width x height slice (x fastest) that lie inside `polygons` by the even-odd
// rule over all polygons together, so a polygon inside another is a hole and overlapping polygons cancel.
// The rule follows MIRP's ray casting (the converter behind the IBSI NIfTI masks): a ray per column x
// travels along y; an edge counts when exactly one of its end points lies at x' > x (half-open, so a ray
// through a vertex counts it once); a centre is inside when an odd number of crossings lies on each side of
// it, so centres exactly on an edge crossing (within 1e-9 voxel) are outside. Unlike current MIRP, vertices
// are not rounded to 1e-5 voxel first: with that rounding one voxel of the IBSI CT phantom's NIfTI mask is
// lost; without it the IBSI phantom and STS_001/002 masks are reproduced voxel for voxel.
// Sets `slice` to 1 inside and leaves the other voxels unchanged; returns the number of voxels set.
std::size_t fill_polygons_even_odd(const std::vector<Polygon2>& polygons, std::size_t width,
                                   std::size_t height, std::span<std::uint8_t> slice);

// A closed planar contour in patient (LPS) millimetres.
using PatientContour = std::vector<core::Vec3>;

// What rasterise_contours did, for diagnostics and error messages.
struct RasterisedContours {
  core::Mask mask;
  std::size_t contour_count = 0;  // contours drawn
  std::size_t slice_count = 0;    // slices holding at least one contour
  std::size_t voxel_count = 0;    // voxels set in the mask
};

// Rasterises closed planar contours onto `grid` by patient coordinates. Each contour is mapped to
// continuous voxel indices; its slice is the nearest slice index, found from its position along the slice
// axis (never from DICOM references). All contours of one slice are filled together with
// fill_polygons_even_odd. Throws InputError when a contour is not parallel to the slices (its points span
// more than a tenth of the slice spacing along the slice axis), lies between two slices (more than a tenth
// of the spacing from the nearest), or lies outside the grid's slice range.
RasterisedContours rasterise_contours(const std::vector<PatientContour>& contours,
                                      const core::Geometry& grid);

}  // namespace radstudy::preprocess
