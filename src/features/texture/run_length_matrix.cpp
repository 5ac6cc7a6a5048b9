#include "features/texture/run_length_matrix.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <memory>

namespace radstudy::features::texture {
namespace {

struct Block {
  std::array<int, 3> lower{};
  std::array<int, 3> upper{};  // exclusive
  bool contains(int x, int y, int z) const {
    return x >= lower[0] && x < upper[0] && y >= lower[1] && y < upper[1] && z >= lower[2] && z < upper[2];
  }
};

Block slice_block(const TextureGrid& grid, int slice_axis, int slice_begin, int slice_end) {
  Block block;
  for (int axis = 0; axis < 3; ++axis) {
    block.lower[axis] = grid.padding;
    block.upper[axis] = grid.padding + grid.original_size[axis];
  }
  block.lower[slice_axis] = grid.padding + slice_begin;
  block.upper[slice_axis] = grid.padding + slice_end;
  return block;
}

// Whether some line along `direction` through the block holds two ROI voxels, adjacent or not.
bool line_holds_two_voxels(const TextureGrid& grid, const Offset& direction, const Block& block) {
  for (int z = block.lower[2]; z < block.upper[2]; ++z)
    for (int y = block.lower[1]; y < block.upper[1]; ++y)
      for (int x = block.lower[0]; x < block.upper[0]; ++x) {
        if (block.contains(x - direction.dx, y - direction.dy, z - direction.dz))
          continue;  // not a line start
        int found = 0;
        for (int cx = x, cy = y, cz = z; block.contains(cx, cy, cz);
             cx += direction.dx, cy += direction.dy, cz += direction.dz)
          if (grid.levels[grid.index(cx, cy, cz)] != 0 && ++found > 1) return true;
      }
  return false;
}

// Counts the runs of every direction over the whole region in one ascending pass over the region
// segments. Along a direction with step s > 0 (the predecessor precedes a voxel), a voxel is the
// j-th of its run when its predecessor, of the same grey level, is the (j - 1)-th (first when the
// levels differ). Every voxel adds 1 to the cell (j, level) of a position table; a run of length l
// holds one voxel at each position 1..l, so the runs of exactly length l are the voxels at
// position l minus those at position l + 1. The position table is length-major (the cells of the
// usual short runs share a few cache lines) and holds, per direction, only the lengths that fit in
// the region box along it. A voxel's cell, (j - 1) * Ng + level - 1, follows from its
// predecessor's as that plus Ng; the cells live in a ring of as many slices as the predecessor may
// lie behind, plus one. Only region voxels are written and read (a region voxel only reads a
// predecessor of its own, non-zero level), so the ring needs no clearing. Along x, a segment is
// bounded by level 0 on both sides, and the cell stays in a register.

template <typename Cell>
std::vector<RunLengthMatrix> region_run_length_matrices_with(const TextureGrid& grid,
                                                             const std::vector<Offset>& directions) {
  const int max_length = std::max({grid.original_size[0], grid.original_size[1], grid.original_size[2]});
  const int ng = grid.level_count;
  const std::size_t cells = static_cast<std::size_t>(ng) * max_length;
  const std::size_t direction_count = directions.size();
  const std::size_t slice_cells = static_cast<std::size_t>(grid.stride[2]);
  std::vector<long> steps(direction_count);
  int ring_slices = 1;
  for (std::size_t d = 0; d < direction_count; ++d) {
    const long linear = grid.linear_offset(directions[d]);
    steps[d] = linear < 0 ? -linear : linear;
    ring_slices = std::max(ring_slices, std::abs(directions[d].dz) + 1);
  }
  const std::size_t ring_cells = slice_cells * static_cast<std::size_t>(ring_slices);
  const auto rings = std::make_unique_for_overwrite<Cell[]>(ring_cells * direction_count);
  // Table of direction d: offsets[d], rows of ng cells for positions 1..length_limits[d].
  std::vector<std::size_t> offsets(direction_count + 1, 0);
  std::vector<int> length_limits(direction_count);
  for (std::size_t d = 0; d < direction_count; ++d) {
    int limit = max_length;
    for (int axis = 0; axis < 3; ++axis)
      if (directions[d].component(axis) != 0) limit = std::min(limit, grid.original_size[axis]);
    length_limits[d] = limit;
    offsets[d + 1] = offsets[d] + static_cast<std::size_t>(limit) * ng;
  }
  std::vector<std::uint32_t> positions(offsets[direction_count], 0u);
  std::vector<char> multi(direction_count, 0);
  const int* levels = grid.levels.data();
  const Cell next_position = static_cast<Cell>(ng);
  for (const RegionSegment& segment : grid.segments) {
    const std::size_t start = segment.start;
    const std::size_t n = static_cast<std::size_t>(segment.length);
    const int* level = levels + start;
    for (std::size_t d = 0; d < direction_count; ++d) {
      std::uint32_t* position = positions.data() + offsets[d];
      const long step = steps[d];
      if (step == 1) {
        Cell cell = 0;
        const int* before = level - 1;  // the grid's padding before the segment's first voxel
        for (std::size_t k = 0; k < n; ++k) {
          cell = before[k] == level[k] ? static_cast<Cell>(cell + next_position)
                                       : static_cast<Cell>(level[k] - 1);
          ++position[cell];
        }
        multi[d] |= n > 1;
        continue;
      }
      Cell* ring = rings.get() + d * ring_cells;
      Cell* cell = ring + start % ring_cells;
      const Cell* previous_cell = ring + (start - static_cast<std::size_t>(step)) % ring_cells;
      const int* previous_level = level - step;
      for (std::size_t k = 0; k < n; ++k) {  // a select by mask, which the compiler vectorises
        const Cell same = static_cast<Cell>(Cell{0} - static_cast<Cell>(previous_level[k] == level[k]));
        const Cell continued = static_cast<Cell>(previous_cell[k] + next_position);
        const Cell first = static_cast<Cell>(level[k] - 1);
        cell[k] = static_cast<Cell>((continued & same) | (first & static_cast<Cell>(~same)));
      }
      for (std::size_t k = 0; k < n; ++k) ++position[cell[k]];
      if (!multi[d]) {
        const int* next_level = level + step;
        bool any_next = false;
        for (std::size_t k = 0; k < n; ++k) any_next |= next_level[k] != 0;
        multi[d] = any_next;
      }
    }
  }
  const Block block = slice_block(grid, 2, 0, grid.original_size[2]);
  std::vector<double> dense(cells);
  std::vector<RunLengthMatrix> matrices;
  matrices.reserve(direction_count);
  for (std::size_t d = 0; d < direction_count; ++d) {
    RunLengthMatrix result;
    result.has_multi_voxel_line = multi[d] != 0;
    if (!result.has_multi_voxel_line && grid.region.size() > 1)
      result.has_multi_voxel_line = line_holds_two_voxels(grid, directions[d], block);
    std::fill(dense.begin(), dense.end(), 0.0);
    const std::uint32_t* position = positions.data() + offsets[d];
    const std::size_t limit = static_cast<std::size_t>(length_limits[d]);
    for (std::size_t length = 0; length < limit; ++length)
      for (std::size_t level = 0; level < static_cast<std::size_t>(ng); ++level) {
        const std::uint32_t longer = length + 1 < limit ? position[(length + 1) * ng + level] : 0u;
        dense[level * max_length + length] = position[length * ng + level] - longer;
      }
    result.matrix =
        level_count_matrix_from_dense(dense, ng, max_length, static_cast<double>(grid.region.size()));
    matrices.push_back(std::move(result));
  }
  return matrices;
}

}  // namespace

std::vector<RunLengthMatrix> region_run_length_matrices(const TextureGrid& grid,
                                                        const std::vector<Offset>& directions) {
  const int max_length = std::max({grid.original_size[0], grid.original_size[1], grid.original_size[2]});
  if (static_cast<long long>(max_length) * grid.level_count <= std::numeric_limits<std::uint16_t>::max())
    return region_run_length_matrices_with<std::uint16_t>(grid, directions);
  return region_run_length_matrices_with<std::uint32_t>(grid, directions);
}

std::size_t count_region_voxels(const TextureGrid& grid, int slice_axis, int slice_begin, int slice_end) {
  const Block block = slice_block(grid, slice_axis, slice_begin, slice_end);
  std::size_t count = 0;
  for (int z = block.lower[2]; z < block.upper[2]; ++z)
    for (int y = block.lower[1]; y < block.upper[1]; ++y) {
      const std::size_t row = grid.index(0, y, z);
      for (int x = block.lower[0]; x < block.upper[0]; ++x) count += grid.levels[row + x] != 0;
    }
  return count;
}

RunLengthMatrix run_length_matrix(const TextureGrid& grid, const Offset& direction, int slice_axis,
                                  int slice_begin, int slice_end) {
  const Block block = slice_block(grid, slice_axis, slice_begin, slice_end);
  const bool whole_region = slice_begin <= 0 && slice_end >= grid.original_size[slice_axis];
  const int max_length = std::max({grid.original_size[0], grid.original_size[1], grid.original_size[2]});
  const int ng = grid.level_count;
  std::vector<double> dense(static_cast<std::size_t>(ng) * max_length, 0.0);
  const long step = grid.linear_offset(direction);
  const int* levels = grid.levels.data();
  RunLengthMatrix result;
  std::size_t voxels = 0;
  // A run starts at a voxel whose predecessor along the direction has another grey level (the
  // zero padding ends every line). Slice-restricted calls use in-plane directions, which never
  // leave the slice.
  auto visit = [&](std::size_t voxel) {
    const int level = levels[voxel];
    ++voxels;
    const long next = static_cast<long>(voxel) + step;
    if (levels[next] != 0) result.has_multi_voxel_line = true;
    if (levels[static_cast<long>(voxel) - step] == level) return;
    int length = 1;
    for (long k = next; levels[k] == level; k += step) ++length;
    dense[static_cast<std::size_t>(level - 1) * max_length + length - 1] += 1;
  };
  if (whole_region) {
    for (std::size_t voxel : grid.region) visit(voxel);
  } else {
    for (int z = block.lower[2]; z < block.upper[2]; ++z)
      for (int y = block.lower[1]; y < block.upper[1]; ++y) {
        const std::size_t row = grid.index(0, y, z);
        for (int x = block.lower[0]; x < block.upper[0]; ++x)
          if (levels[row + x] != 0) visit(row + x);
      }
  }
  if (!result.has_multi_voxel_line && voxels > 1)
    result.has_multi_voxel_line = line_holds_two_voxels(grid, direction, block);
  result.matrix = level_count_matrix_from_dense(dense, ng, max_length, static_cast<double>(voxels));
  return result;
}

}  // namespace radstudy::features::texture
