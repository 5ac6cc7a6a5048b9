#pragma once
#include "core/image.hpp"

namespace radstudy::preprocess {

// Inclusive voxel index bounds of a mask's non-zero voxels.
struct BoundingBox {
  core::Index3 lower{0, 0, 0};
  core::Index3 upper{-1, -1, -1};
  bool empty() const { return upper[0] < lower[0]; }
  std::size_t extent(int axis) const { return static_cast<std::size_t>(upper[axis] - lower[axis] + 1); }
};

BoundingBox find_bounding_box(const core::Mask& mask);

// Copies the box grown by `padding` voxels on each side (clipped to the image) into a new image
// whose origin keeps every voxel at its patient position.
template <typename T>
core::Image<T> crop(const core::Image<T>& image, const BoundingBox& box, int padding);

// The part `box` (inside the grid) of `geometry`: its size and the position of its first voxel.
core::Geometry cropped_geometry(const core::Geometry& geometry, const BoundingBox& box);

// The box grown by padding and clipped to the image.
BoundingBox padded_box(const BoundingBox& box, const core::Size3& size, int padding);

}  // namespace radstudy::preprocess
