#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/image.hpp"
#include "preprocess/discretisation.hpp"

namespace radstudy::features::texture {

// A voxel offset (x, y, z) between a voxel and its neighbour.
struct Offset {
  int dx = 0;
  int dy = 0;
  int dz = 0;
  int component(int axis) const { return axis == 0 ? dx : (axis == 1 ? dy : dz); }
  int chebyshev_norm() const;
};

// A maximal run of consecutive intensity-mask voxels along x in one grid row.
struct RegionSegment {
  std::size_t start = 0;  // padded index of its first voxel
  std::size_t rank = 0;   // position of that voxel in TextureGrid::region
  int length = 0;
};

// An allocator whose resize() leaves elements uninitialised (default-initialised), for buffers that
// are written in full right after.
template <typename T>
struct UninitialisedAllocator : std::allocator<T> {
  template <typename U>
  struct rebind {
    using other = UninitialisedAllocator<U>;
  };
  UninitialisedAllocator() = default;
  template <typename U>
  UninitialisedAllocator(const UninitialisedAllocator<U>&) noexcept {}
  template <typename U>
  void construct(U* pointer) noexcept {
    ::new (static_cast<void*>(pointer)) U;
  }
  template <typename U, typename... Args>
  void construct(U* pointer, Args&&... args) {
    ::new (static_cast<void*>(pointer)) U(std::forward<Args>(args)...);
  }
};

// The discretised region as a flat array, padded on every side with `padding` voxels of level 0, so
// that neighbourhood loops need no bounds checks. Grey levels are 1..level_count inside the
// intensity mask and 0 elsewhere.
struct TextureGrid {
  std::array<int, 3> size{0, 0, 0};           // padded size (x, y, z)
  std::array<int, 3> original_size{0, 0, 0};  // size of the image the grid was made from
  int padding = 0;
  std::array<long, 3> stride{1, 0, 0};
  std::vector<int, UninitialisedAllocator<int>> levels;
  std::vector<std::uint8_t, UninitialisedAllocator<std::uint8_t>> morphological;  // the morphological mask on the same padded grid
  // Padded indices of the intensity-mask voxels, ascending.
  std::vector<std::size_t, UninitialisedAllocator<std::size_t>> region;
  std::vector<RegionSegment> segments;      // the same voxels as runs along x, ascending
  int level_count = 0;                      // Ng: the highest grey level
  std::size_t voxel_count = 0;              // voxels of the intensity mask

  std::size_t index(int x, int y, int z) const {
    return static_cast<std::size_t>(x) +
           static_cast<std::size_t>(size[0]) * (y + static_cast<std::size_t>(size[1]) * z);
  }
  long linear_offset(const Offset& offset) const {
    return offset.dx * stride[0] + offset.dy * stride[1] + offset.dz * stride[2];
  }
  // Coordinate of a linear index along an axis (padded grid).
  int coordinate(std::size_t linear, int axis) const {
    if (axis == 0) return static_cast<int>(linear % size[0]);
    if (axis == 1) return static_cast<int>((linear / size[0]) % size[1]);
    return static_cast<int>(linear / (static_cast<std::size_t>(size[0]) * size[1]));
  }
  // Number of slices along `axis` in the unpadded region; slice s has padded coordinate s + padding.
  int slice_count(int axis) const { return original_size[axis]; }
};

// Visits the region segment by segment: `segment_kernel(row_start, x_begin, x_end)` over the
// segment's voxels, then `visit(voxel, x)` for each of them in ascending order. Kernels work on
// whole segments with plain loops over x, which the compiler vectorises.
template <typename SegmentKernel, typename Visit>
inline void for_each_region_segment(const TextureGrid& grid, SegmentKernel segment_kernel, Visit visit) {
  const std::size_t width = static_cast<std::size_t>(grid.size[0]);
  for (const RegionSegment& segment : grid.segments) {
    const std::size_t x_begin = segment.start % width;
    const std::size_t row_start = segment.start - x_begin;
    const std::size_t x_end = x_begin + static_cast<std::size_t>(segment.length);
    segment_kernel(row_start, x_begin, x_end);
    for (std::size_t x = x_begin; x < x_end; ++x) visit(row_start + x, x);
  }
}

// Builds the padded grid. `morphological_mask` may be null (then the intensity mask serves).
TextureGrid make_texture_grid(const preprocess::DiscretisedImage& discretised,
                              const core::Mask* morphological_mask, int padding);

// The direction vectors of IBSI (one of each +/- pair), scaled by `distance`: 13 in 3D, or the 4
// in-plane ones when `slice_axis` is 0, 1 or 2 (the axis perpendicular to the slices).
std::vector<Offset> ibsi_directions(int distance, int slice_axis);

// Every offset whose Chebyshev norm is at most `distance` (the neighbourhood of NGTDM/NGLDM),
// in-plane only when slice_axis >= 0.
std::vector<Offset> chebyshev_neighbourhood(int distance, int slice_axis);

// PyRadiomics' angles: offsets whose Chebyshev norm is one of `distances`, no offset component
// reaching the image size, none moving along `excluded_axis` (force2D; -1 for none). With
// `bidirectional` false, only one of each +/- pair is kept.
std::vector<Offset> pyradiomics_angles(const std::array<int, 3>& image_size,
                                       const std::vector<int>& distances, int excluded_axis,
                                       bool bidirectional);

// The grid padding PyRadiomics' angles need: the largest distance, but no more than the largest
// offset component that fits the image (a distance beyond the image gives no angle).
int pyradiomics_padding(const std::array<int, 3>& image_size, const std::vector<int>& distances);

// The axis (x=0, y=1, z=2) perpendicular to the slices for PyRadiomics' force2Ddimension, which
// counts in numpy (z, y, x) order.
int slice_axis_from_force2d_dimension(int force_2d_dimension);

}  // namespace radstudy::features::texture
