#include "features/texture/texture_grid.hpp"

#include <algorithm>
#include <cstdlib>
#include <numeric>

#include "core/errors.hpp"

namespace radstudy::features::texture {

int Offset::chebyshev_norm() const {
  return std::max({std::abs(dx), std::abs(dy), std::abs(dz)});
}

namespace {

// Zeroes the voxels of the padded grid outside the unpadded box.
template <typename T>
void zero_padding(const TextureGrid& grid, T* voxels) {
  const std::size_t padding = static_cast<std::size_t>(grid.padding);
  const std::size_t width = static_cast<std::size_t>(grid.size[0]);
  const std::size_t slice = width * static_cast<std::size_t>(grid.size[1]);
  const std::size_t inner_width = static_cast<std::size_t>(grid.original_size[0]);
  const std::size_t inner_height = static_cast<std::size_t>(grid.original_size[1]);
  const std::size_t inner_depth = static_cast<std::size_t>(grid.original_size[2]);
  std::fill(voxels, voxels + padding * slice, T{0});
  for (std::size_t z = padding; z < padding + inner_depth; ++z) {
    T* slice_start = voxels + z * slice;
    std::fill(slice_start, slice_start + padding * width, T{0});
    for (std::size_t y = padding; y < padding + inner_height; ++y) {
      T* row = slice_start + y * width;
      std::fill(row, row + padding, T{0});
      std::fill(row + padding + inner_width, row + width, T{0});
    }
    std::fill(slice_start + (padding + inner_height) * width, slice_start + slice, T{0});
  }
  std::fill(voxels + (padding + inner_depth) * slice, voxels + (2 * padding + inner_depth) * slice, T{0});
}

}  // namespace

TextureGrid make_texture_grid(const preprocess::DiscretisedImage& discretised,
                              const core::Mask* morphological_mask, int padding) {
  const auto& source_size = discretised.levels.size();
  TextureGrid grid;
  grid.padding = padding;
  for (int axis = 0; axis < 3; ++axis) {
    grid.original_size[axis] = static_cast<int>(source_size[axis]);
    grid.size[axis] = grid.original_size[axis] + 2 * padding;
  }
  grid.stride = {1, grid.size[0], static_cast<long>(grid.size[0]) * grid.size[1]};
  const std::size_t total = static_cast<std::size_t>(grid.size[0]) * grid.size[1] * grid.size[2];
  // Only the padding needs zeros: the rows of the region are copied in below.
  grid.levels.resize(total);
  grid.morphological.resize(total);
  zero_padding(grid, grid.levels.data());
  zero_padding(grid, grid.morphological.data());
  grid.level_count = discretised.level_count;
  const auto& levels = discretised.levels.voxels();
  if (morphological_mask && morphological_mask->voxel_count() != levels.size())
    throw InputError("the morphological mask does not match the discretised image");
  std::size_t rank = 0;
  const int width = grid.original_size[0];
  const int* source_levels = levels.data();
  const std::uint8_t* source_mask = morphological_mask ? morphological_mask->voxels().data() : nullptr;
  for (int z = 0; z < grid.original_size[2]; ++z)
    for (int y = 0; y < grid.original_size[1]; ++y, source_levels += width) {
      const std::size_t row = grid.index(padding, y + padding, z + padding);
      int* row_levels = grid.levels.data() + row;
      std::uint8_t* row_mask = grid.morphological.data() + row;
      std::copy(source_levels, source_levels + width, row_levels);
      if (source_mask) {
        for (int x = 0; x < width; ++x) row_mask[x] = source_mask[x] != 0;
        source_mask += width;
      } else {
        for (int x = 0; x < width; ++x) row_mask[x] = source_levels[x] > 0;
      }
      for (int x = 0; x < width;) {  // the row's segments: runs of region voxels (levels > 0)
        while (x < width && source_levels[x] <= 0) ++x;
        if (x == width) break;
        const int begin = x;
        while (x < width && source_levels[x] > 0) ++x;
        grid.segments.push_back({row + static_cast<std::size_t>(begin), rank, x - begin});
        rank += static_cast<std::size_t>(x - begin);
      }
    }
  grid.region.resize(rank);
  for (const RegionSegment& segment : grid.segments) {
    std::size_t* indices = grid.region.data() + segment.rank;
    std::iota(indices, indices + segment.length, segment.start);
  }
  grid.voxel_count = grid.region.size();
  return grid;
}

namespace {

// True for the first of each +/- pair: the first non-zero component (in z, y, x order) is positive.
bool is_forward(const Offset& offset) {
  if (offset.dz != 0) return offset.dz > 0;
  if (offset.dy != 0) return offset.dy > 0;
  return offset.dx > 0;
}

}  // namespace

std::vector<Offset> ibsi_directions(int distance, int slice_axis) {
  std::vector<Offset> directions;
  for (int dz = -1; dz <= 1; ++dz)
    for (int dy = -1; dy <= 1; ++dy)
      for (int dx = -1; dx <= 1; ++dx) {
        const Offset unit{dx, dy, dz};
        if (unit.chebyshev_norm() == 0 || !is_forward(unit)) continue;
        if (slice_axis >= 0 && unit.component(slice_axis) != 0) continue;
        directions.push_back({dx * distance, dy * distance, dz * distance});
      }
  return directions;
}

std::vector<Offset> chebyshev_neighbourhood(int distance, int slice_axis) {
  std::vector<Offset> offsets;
  for (int dz = -distance; dz <= distance; ++dz)
    for (int dy = -distance; dy <= distance; ++dy)
      for (int dx = -distance; dx <= distance; ++dx) {
        const Offset offset{dx, dy, dz};
        if (offset.chebyshev_norm() == 0) continue;
        if (slice_axis >= 0 && offset.component(slice_axis) != 0) continue;
        offsets.push_back(offset);
      }
  return offsets;
}

std::vector<Offset> pyradiomics_angles(const std::array<int, 3>& image_size,
                                       const std::vector<int>& distances, int excluded_axis,
                                       bool bidirectional) {
  int max_distance = 0;
  for (int distance : distances) {
    if (distance < 1) throw ConfigError("distances: every distance must be at least 1");
    max_distance = std::max(max_distance, distance);
  }
  // A component must stay below the image size on its axis: the loops stop there, so a distance far
  // beyond the image costs nothing (PyRadiomics drops those offsets as well).
  std::array<int, 3> reach{};
  for (int axis = 0; axis < 3; ++axis)
    reach[axis] = axis == excluded_axis ? 0 : std::min(max_distance, std::max(image_size[axis] - 1, 0));
  const int max_reach = std::max({reach[0], reach[1], reach[2]});
  std::vector<char> wanted_norm(static_cast<std::size_t>(max_reach) + 1, 0);
  for (int distance : distances)
    if (distance <= max_reach) wanted_norm[static_cast<std::size_t>(distance)] = 1;
  std::vector<Offset> angles;
  // PyRadiomics enumerates offsets from +max to -max, z slowest, so the first half are the forward ones.
  for (int dz = reach[2]; dz >= -reach[2]; --dz)
    for (int dy = reach[1]; dy >= -reach[1]; --dy)
      for (int dx = reach[0]; dx >= -reach[0]; --dx) {
        const Offset offset{dx, dy, dz};
        const int norm = offset.chebyshev_norm();
        if (norm == 0 || !wanted_norm[static_cast<std::size_t>(norm)]) continue;
        if (!bidirectional && !is_forward(offset)) continue;
        angles.push_back(offset);
      }
  return angles;
}

int pyradiomics_padding(const std::array<int, 3>& image_size, const std::vector<int>& distances) {
  int max_distance = 1;
  for (int distance : distances) max_distance = std::max(max_distance, distance);
  const int largest_offset = std::max({image_size[0], image_size[1], image_size[2]}) - 1;
  return std::max(1, std::min(max_distance, largest_offset));
}

int slice_axis_from_force2d_dimension(int force_2d_dimension) {
  if (force_2d_dimension < 0 || force_2d_dimension > 2)
    throw ConfigError("force2Ddimension must be 0, 1 or 2");
  return 2 - force_2d_dimension;
}

}  // namespace radstudy::features::texture
