#pragma once
#include <vector>

#include "features/texture/level_count_matrix.hpp"
#include "features/texture/texture_grid.hpp"

namespace radstudy::features::texture {

// The grey level run length matrix of one direction.
struct RunLengthMatrix {
  LevelCountMatrix matrix;            // voxel_count: intensity-mask voxels in the slice range
  bool has_multi_voxel_line = false;  // some line along the direction holds more than one ROI voxel
};

// Runs of equal grey level along `direction` (components in {-1, 0, 1}), restricted to voxels
// whose coordinate along `slice_axis` lies in [slice_begin, slice_end) (unpadded coordinates).
// A run ends where the grey level changes or the line leaves the intensity mask.
RunLengthMatrix run_length_matrix(const TextureGrid& grid, const Offset& direction, int slice_axis,
                                  int slice_begin, int slice_end);

// The run length matrices of several directions over the whole region (as run_length_matrix with
// the full slice range), one per direction, in order.
std::vector<RunLengthMatrix> region_run_length_matrices(const TextureGrid& grid,
                                                        const std::vector<Offset>& directions);

// Number of intensity-mask voxels with slice coordinate in [slice_begin, slice_end).
std::size_t count_region_voxels(const TextureGrid& grid, int slice_axis, int slice_begin, int slice_end);

}  // namespace radstudy::features::texture
