#pragma once
#include <vector>

#include "features/texture/level_count_matrix.hpp"
#include "features/texture/texture_grid.hpp"

namespace radstudy::features::texture {

// A zone: a connected group of intensity-mask voxels sharing one grey level.
struct Zone {
  int level = 0;
  int size = 0;      // voxels
  int distance = 0;  // smallest border distance of its voxels (when a distance map was given)
  int slice = 0;     // unpadded coordinate along the slice axis (2D zones), else 0
};

// Zones linked by 26-connectedness (slice_axis < 0) or 8-connectedness within each slice
// perpendicular to slice_axis. `distance_map` (optional, same padded grid) gives zone distances.
std::vector<Zone> find_zones(const TextureGrid& grid, int slice_axis, const std::vector<int>* distance_map);

// IBSI's distance of each morphological-mask voxel to the mask border: 1 on the border, counted in
// 6-connected steps (slice_axis < 0) or 4-connected steps within the slice; 0 outside the mask.
// Voxels beyond the image count as outside the mask.
std::vector<int> border_distance_map(const TextureGrid& grid, int slice_axis);

// Grey level size zone (column = zone size) or distance zone (column = zone distance) matrices:
// one per slice along slice_axis, or a single one when slice_axis < 0. N_v is the voxel count of
// the intensity mask in the slice (or region).
std::vector<LevelCountMatrix> zone_matrices(const TextureGrid& grid, const std::vector<Zone>& zones,
                                            int slice_axis, bool column_is_distance);

}  // namespace radstudy::features::texture
