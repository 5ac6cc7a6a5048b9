#pragma once
#include <array>
#include <vector>

#include "core/geometry.hpp"

namespace radstudy::features::mesh {

// Semi-axis lengths of the minimum volume enclosing ellipsoid of `points` by Khachiyan's
// barycentric coordinate descent, stopped when the weights move less than `tolerance` (IBSI:
// 0.001). Descending order; NaN when the points do not span 3D.
std::array<double, 3> minimum_volume_enclosing_ellipsoid(const std::vector<core::Vec3>& points,
                                                         double tolerance = 0.001);

// Surface area of an ellipsoid with semi-axes a >= b >= c, by IBSI's Legendre series stopped
// after degree 20.
double ellipsoid_surface_area(double a, double b, double c);

// Edge lengths of the oriented minimum bounding box of `points`: one box axis along each
// candidate facet normal, the in-plane rotation searched at 1 degree and refined to 0.01 degree.
std::array<double, 3> oriented_minimum_bounding_box(const std::vector<core::Vec3>& points,
                                                    const std::vector<core::Vec3>& candidate_axes);

}  // namespace radstudy::features::mesh
