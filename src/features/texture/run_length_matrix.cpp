#include "features/texture/run_length_matrix.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>

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

// Counts the runs along one direction over the whole region, in ascending voxel order: the run
// through a voxel has length lengths[voxel - step] + 1 when its predecessor has the same grey level
// (the predecessor precedes it, step > 0), and it ends where the successor's level differs. Only
// region voxels are written and read, so `lengths` needs no clearing between directions.
template <typename Length>
void count_region_runs(const TextureGrid& grid, long step, int max_length, std::vector<Length>& lengths,
                       std::vector<std::uint32_t>& counts, bool& has_multi_voxel_line) {
  const int* levels = grid.levels.data();
  Length* length = lengths.data();
  std::uint32_t* count = counts.data();
  bool multi = false;
  if (step >= grid.size[0] - 1) {
    // The predecessor lies in an earlier row: the lengths of a row span are independent of each
    // other and computed by a loop the compiler vectorises (lengths of voxels outside the region
    // are never read: a region voxel only reads a predecessor of its own, non-zero level).
    for_each_region_row(
        grid,
        [&](std::size_t row_start, std::size_t x_begin, std::size_t x_end) {
          const int* row_levels = levels + row_start;
          const int* previous_levels = levels + (static_cast<long>(row_start) - step);
          Length* row_length = length + row_start;
          const Length* previous_length = length + (static_cast<long>(row_start) - step);
          for (std::size_t x = x_begin; x < x_end; ++x)
            row_length[x] =
                static_cast<Length>((previous_levels[x] == row_levels[x]) * previous_length[x] + 1);
        },
        [&](std::size_t voxel, std::size_t) {
          const int level = levels[voxel];
          const int next = levels[voxel + step];
          multi |= next != 0;
          count[static_cast<std::size_t>(level - 1) * max_length + length[voxel] - 1] += next != level;
        });
    has_multi_voxel_line = multi;
    return;
  }
  // Branch-free: neighbouring grey levels agree about half of the time, which defeats prediction.
  for (std::size_t voxel : grid.region) {
    const int level = levels[voxel];
    const unsigned continues = levels[voxel - step] == level;
    const Length run = static_cast<Length>(continues * length[voxel - step] + 1);
    length[voxel] = run;
    const int next = levels[voxel + step];
    multi |= next != 0;
    count[static_cast<std::size_t>(level - 1) * max_length + run - 1] += next != level;
  }
  has_multi_voxel_line = multi;
}

template <typename Length>
std::vector<RunLengthMatrix> region_run_length_matrices_with(const TextureGrid& grid,
                                                             const std::vector<Offset>& directions) {
  const int max_length = std::max({grid.original_size[0], grid.original_size[1], grid.original_size[2]});
  const int ng = grid.level_count;
  const std::size_t cells = static_cast<std::size_t>(ng) * max_length;
  std::vector<Length> lengths(grid.levels.size());
  std::vector<std::uint32_t> counts(cells);
  std::vector<double> dense(cells);
  const Block block = slice_block(grid, 2, 0, grid.original_size[2]);
  std::vector<RunLengthMatrix> matrices;
  matrices.reserve(directions.size());
  for (const auto& direction : directions) {
    const long linear = grid.linear_offset(direction);
    std::fill(counts.begin(), counts.end(), 0u);
    RunLengthMatrix result;
    count_region_runs(grid, linear < 0 ? -linear : linear, max_length, lengths, counts,
                      result.has_multi_voxel_line);
    if (!result.has_multi_voxel_line && grid.region.size() > 1)
      result.has_multi_voxel_line = line_holds_two_voxels(grid, direction, block);
    std::copy(counts.begin(), counts.end(), dense.begin());
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
  if (max_length <= std::numeric_limits<std::uint16_t>::max())
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
