#pragma once
#include <cstdint>
#include <vector>

#include "core/geometry.hpp"
#include "core/pixel_type.hpp"

namespace radstudy::core {

// A 3D scalar image on a Geometry; 2D images have size[2] == 1.
template <typename T>
class Image {
public:
  Image() = default;
  explicit Image(const Geometry& geometry, T fill = T{})
      : geometry_(geometry), voxels_(geometry.voxel_count(), fill) {}

  const Geometry& geometry() const { return geometry_; }
  Geometry& geometry() { return geometry_; }
  const Size3& size() const { return geometry_.size; }
  const Vec3& spacing() const { return geometry_.spacing; }

  std::size_t linear_index(std::size_t x, std::size_t y, std::size_t z) const {
    return x + geometry_.size[0] * (y + geometry_.size[1] * z);
  }
  T& at(std::size_t x, std::size_t y, std::size_t z) { return voxels_[linear_index(x, y, z)]; }
  const T& at(std::size_t x, std::size_t y, std::size_t z) const { return voxels_[linear_index(x, y, z)]; }
  bool contains(long x, long y, long z) const {
    return x >= 0 && y >= 0 && z >= 0 && x < static_cast<long>(geometry_.size[0]) &&
           y < static_cast<long>(geometry_.size[1]) && z < static_cast<long>(geometry_.size[2]);
  }

  std::vector<T>& voxels() { return voxels_; }
  const std::vector<T>& voxels() const { return voxels_; }
  std::size_t voxel_count() const { return voxels_.size(); }

  // The pixel type of the file the image came from (see pixel_type.hpp).
  PixelType stored_pixel_type() const { return stored_pixel_type_; }
  void set_stored_pixel_type(PixelType type) { stored_pixel_type_ = type; }

private:
  Geometry geometry_;
  std::vector<T> voxels_;
  PixelType stored_pixel_type_ = PixelType::Float32;
};

// Intensities are held as 32-bit floats (IBSI asks for at least 32 bits); arithmetic is in double.
using IntensityImage = Image<float>;
// A region of interest: 1 inside, 0 outside.
using Mask = Image<std::uint8_t>;

}  // namespace radstudy::core
