#include "preprocess/bounding_box.hpp"

#include <algorithm>

namespace radstudy::preprocess {

BoundingBox find_bounding_box(const core::Mask& mask) {
  BoundingBox box;
  const auto& size = mask.size();
  box.lower = {static_cast<long>(size[0]), static_cast<long>(size[1]), static_cast<long>(size[2])};
  box.upper = {-1, -1, -1};
  const std::size_t width = size[0];
  for (std::size_t z = 0; z < size[2]; ++z)
    for (std::size_t y = 0; y < size[1]; ++y) {
      const std::uint8_t* row = &mask.at(0, y, z);
      // Most rows are empty: an OR over the row (vectorised, no early exit) tells them apart.
      std::uint8_t any = 0;
      for (std::size_t x = 0; x < width; ++x) any |= row[x];
      if (any == 0) continue;
      std::size_t first = 0, last = width - 1;
      while (row[first] == 0) ++first;
      while (row[last] == 0) --last;
      box.lower[0] = std::min(box.lower[0], static_cast<long>(first));
      box.upper[0] = std::max(box.upper[0], static_cast<long>(last));
      box.lower[1] = std::min(box.lower[1], static_cast<long>(y));
      box.upper[1] = std::max(box.upper[1], static_cast<long>(y));
      box.lower[2] = std::min(box.lower[2], static_cast<long>(z));
      box.upper[2] = std::max(box.upper[2], static_cast<long>(z));
    }
  if (box.upper[0] < 0) return BoundingBox{};
  return box;
}

BoundingBox padded_box(const BoundingBox& box, const core::Size3& size, int padding) {
  BoundingBox grown = box;
  for (int axis = 0; axis < 3; ++axis) {
    grown.lower[axis] = std::max(0L, box.lower[axis] - padding);
    grown.upper[axis] = std::min(static_cast<long>(size[axis]) - 1, box.upper[axis] + padding);
  }
  return grown;
}

core::Geometry cropped_geometry(const core::Geometry& geometry, const BoundingBox& box) {
  core::Geometry cropped = geometry;
  cropped.size = {box.extent(0), box.extent(1), box.extent(2)};
  cropped.origin = geometry.index_to_point(
      {static_cast<double>(box.lower[0]), static_cast<double>(box.lower[1]), static_cast<double>(box.lower[2])});
  return cropped;
}

template <typename T>
core::Image<T> crop(const core::Image<T>& image, const BoundingBox& box, int padding) {
  const BoundingBox grown = padded_box(box, image.size(), padding);
  const core::Geometry geometry = cropped_geometry(image.geometry(), grown);
  core::Image<T> result;
  result.geometry() = geometry;
  auto& voxels = result.voxels();
  voxels.reserve(geometry.voxel_count());
  for (std::size_t z = 0; z < geometry.size[2]; ++z)
    for (std::size_t y = 0; y < geometry.size[1]; ++y) {
      const T* row = &image.at(grown.lower[0], y + grown.lower[1], z + grown.lower[2]);
      voxels.insert(voxels.end(), row, row + geometry.size[0]);
    }
  return result;
}

template core::Image<float> crop(const core::Image<float>&, const BoundingBox&, int);
template core::Image<std::uint8_t> crop(const core::Image<std::uint8_t>&, const BoundingBox&, int);
template core::Image<int> crop(const core::Image<int>&, const BoundingBox&, int);

}  // namespace radstudy::preprocess
