#include "preprocess/bounding_box.hpp"

#include <algorithm>
#include <iterator>

namespace radstudy::preprocess {

BoundingBox find_bounding_box(const core::Mask& mask) {
  BoundingBox box;
  const auto& size = mask.size();
  box.lower = {static_cast<long>(size[0]), static_cast<long>(size[1]), static_cast<long>(size[2])};
  box.upper = {-1, -1, -1};
  const auto is_set = [](std::uint8_t value) { return value != 0; };
  for (std::size_t z = 0; z < size[2]; ++z)
    for (std::size_t y = 0; y < size[1]; ++y) {
      const std::uint8_t* row = &mask.at(0, y, z);
      const std::uint8_t* row_end = row + size[0];
      const std::uint8_t* first = std::find_if(row, row_end, is_set);
      if (first == row_end) continue;
      const long last = static_cast<long>(std::find_if(std::make_reverse_iterator(row_end),
                                                       std::make_reverse_iterator(first + 1), is_set)
                                              .base() - row) - 1;
      box.lower[0] = std::min(box.lower[0], static_cast<long>(first - row));
      box.upper[0] = std::max(box.upper[0], last);
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

template <typename T>
core::Image<T> crop(const core::Image<T>& image, const BoundingBox& box, int padding) {
  const BoundingBox grown = padded_box(box, image.size(), padding);
  core::Geometry geometry = image.geometry();
  geometry.size = {grown.extent(0), grown.extent(1), grown.extent(2)};
  geometry.origin = image.geometry().index_to_point(
      {static_cast<double>(grown.lower[0]), static_cast<double>(grown.lower[1]), static_cast<double>(grown.lower[2])});
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
