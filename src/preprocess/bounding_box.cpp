#include "preprocess/bounding_box.hpp"

#include <algorithm>

namespace radstudy::preprocess {

BoundingBox find_bounding_box(const core::Mask& mask) {
  BoundingBox box;
  box.lower = {static_cast<long>(mask.size()[0]), static_cast<long>(mask.size()[1]), static_cast<long>(mask.size()[2])};
  box.upper = {-1, -1, -1};
  const auto& size = mask.size();
  for (std::size_t z = 0; z < size[2]; ++z)
    for (std::size_t y = 0; y < size[1]; ++y)
      for (std::size_t x = 0; x < size[0]; ++x)
        if (mask.at(x, y, z)) {
          const core::Index3 index{static_cast<long>(x), static_cast<long>(y), static_cast<long>(z)};
          for (int axis = 0; axis < 3; ++axis) {
            box.lower[axis] = std::min(box.lower[axis], index[axis]);
            box.upper[axis] = std::max(box.upper[axis], index[axis]);
          }
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
  core::Image<T> result(geometry);
  for (std::size_t z = 0; z < geometry.size[2]; ++z)
    for (std::size_t y = 0; y < geometry.size[1]; ++y)
      for (std::size_t x = 0; x < geometry.size[0]; ++x)
        result.at(x, y, z) = image.at(x + grown.lower[0], y + grown.lower[1], z + grown.lower[2]);
  return result;
}

template core::Image<float> crop(const core::Image<float>&, const BoundingBox&, int);
template core::Image<std::uint8_t> crop(const core::Image<std::uint8_t>&, const BoundingBox&, int);
template core::Image<int> crop(const core::Image<int>&, const BoundingBox&, int);

}  // namespace radstudy::preprocess
