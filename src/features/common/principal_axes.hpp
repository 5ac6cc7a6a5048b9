#pragma once
#include <array>

#include "core/image.hpp"

namespace radstudy::features {

// Principal component analysis of the voxel-centre point set of a mask (positions index *
// spacing, millimetres), population covariance (divide by N).
struct PrincipalAxes {
  std::size_t voxel_count = 0;
  core::Vec3 centroid{0, 0, 0};
  std::array<double, 3> eigenvalues{0, 0, 0};    // ascending: least, minor, major
  std::array<core::Vec3, 3> eigenvectors{};      // matching eigenvalues, unit length
};

PrincipalAxes principal_axes(const core::Mask& mask);

}  // namespace radstudy::features
