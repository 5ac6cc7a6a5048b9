#include "features/texture/run_length_matrix.hpp"

#include <algorithm>

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

}  // namespace

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

RunLengthMatrix run_length_matrix(const TextureGrid& grid, const Offset& direction, int slice_axis, int slice_begin,
                                  int slice_end) {
  const Block block = slice_block(grid, slice_axis, slice_begin, slice_end);
  const int max_length = std::max({grid.original_size[0], grid.original_size[1], grid.original_size[2]});
  const int ng = grid.level_count;
  std::vector<double> dense(static_cast<std::size_t>(ng) * max_length, 0.0);
  const long step = grid.linear_offset(direction);
  const int* levels = grid.levels.data();
  RunLengthMatrix result;
  std::size_t voxels = 0;
  auto record = [&](int level, int length) { dense[static_cast<std::size_t>(level - 1) * max_length + length - 1] += 1; };
  for (int z = block.lower[2]; z < block.upper[2]; ++z)
    for (int y = block.lower[1]; y < block.upper[1]; ++y)
      for (int x = block.lower[0]; x < block.upper[0]; ++x) {
        // Only line starts: the previous voxel along the direction lies outside the block.
        if (block.contains(x - direction.dx, y - direction.dy, z - direction.dz)) continue;
        long index = static_cast<long>(grid.index(x, y, z));
        int cx = x, cy = y, cz = z;
        int run_level = 0, run_length = 0, line_voxels = 0;
        while (block.contains(cx, cy, cz)) {
          const int level = levels[index];
          if (level != 0) ++line_voxels;
          if (level == run_level && level != 0) {
            ++run_length;
          } else {
            if (run_level != 0) record(run_level, run_length);
            run_level = level;
            run_length = level != 0 ? 1 : 0;
          }
          cx += direction.dx;
          cy += direction.dy;
          cz += direction.dz;
          index += step;
        }
        if (run_level != 0) record(run_level, run_length);
        voxels += line_voxels;
        if (line_voxels > 1) result.has_multi_voxel_line = true;
      }
  result.matrix = level_count_matrix_from_dense(dense, ng, max_length, static_cast<double>(voxels));
  return result;
}

}  // namespace radstudy::features::texture
