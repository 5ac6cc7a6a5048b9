#include "features/texture/zone_matrices.hpp"

#include <algorithm>
#include <cstdint>

#include "features/texture/run_length_matrix.hpp"

namespace radstudy::features::texture {
namespace {

std::vector<long> linear_offsets(const TextureGrid& grid, const std::vector<Offset>& offsets) {
  std::vector<long> linear;
  linear.reserve(offsets.size());
  for (const auto& offset : offsets) linear.push_back(grid.linear_offset(offset));
  return linear;
}

// Face neighbours: 6 in 3D, 4 in the slice plane.
std::vector<Offset> face_neighbours(int slice_axis) {
  std::vector<Offset> offsets;
  for (const Offset& offset : {Offset{1, 0, 0}, Offset{-1, 0, 0}, Offset{0, 1, 0}, Offset{0, -1, 0},
                               Offset{0, 0, 1}, Offset{0, 0, -1}})
    if (slice_axis < 0 || offset.component(slice_axis) == 0) offsets.push_back(offset);
  return offsets;
}

}  // namespace

std::vector<Zone> find_zones(const TextureGrid& grid, int slice_axis, const std::vector<int>* distance_map) {
  const std::vector<long> neighbours = linear_offsets(grid, chebyshev_neighbourhood(1, slice_axis));
  std::vector<int> unvisited = grid.levels;  // a voxel's level is cleared once it joins a zone
  int* levels = unvisited.data();
  std::vector<long> stack;
  std::vector<Zone> zones;
  for (std::size_t start : grid.region) {
    const int level = levels[start];
    if (level == 0) continue;
    Zone zone;
    zone.level = level;
    zone.distance = distance_map ? (*distance_map)[start] : 0;
    zone.slice = slice_axis >= 0 ? grid.coordinate(start, slice_axis) - grid.padding : 0;
    levels[start] = 0;
    stack.assign(1, static_cast<long>(start));
    while (!stack.empty()) {
      const long voxel = stack.back();
      stack.pop_back();
      ++zone.size;
      if (distance_map) zone.distance = std::min(zone.distance, (*distance_map)[voxel]);
      for (long step : neighbours) {
        const long neighbour = voxel + step;
        if (levels[neighbour] == level) {
          levels[neighbour] = 0;
          stack.push_back(neighbour);
        }
      }
    }
    zones.push_back(zone);
  }
  return zones;
}

std::vector<int> border_distance_map(const TextureGrid& grid, int slice_axis) {
  const std::vector<long> neighbours = linear_offsets(grid, face_neighbours(slice_axis));
  const auto& inside = grid.morphological;
  std::vector<int> distance(inside.size(), 0);
  std::vector<long> frontier, next;
  for (std::size_t k = 0; k < inside.size(); ++k) {
    if (!inside[k]) continue;
    bool on_border = false;
    for (long step : neighbours)
      if (!inside[static_cast<long>(k) + step]) on_border = true;
    if (on_border) {
      distance[k] = 1;
      frontier.push_back(static_cast<long>(k));
    }
  }
  // Breadth-first growth inwards equals IBSI's repeated erosion.
  for (int current = 1; !frontier.empty(); ++current) {
    next.clear();
    for (long voxel : frontier)
      for (long step : neighbours) {
        const long neighbour = voxel + step;
        if (inside[neighbour] && distance[neighbour] == 0) {
          distance[neighbour] = current + 1;
          next.push_back(neighbour);
        }
      }
    frontier.swap(next);
  }
  return distance;
}

std::vector<LevelCountMatrix> zone_matrices(const TextureGrid& grid, const std::vector<Zone>& zones,
                                            int slice_axis, bool column_is_distance) {
  const int count = slice_axis >= 0 ? grid.original_size[slice_axis] : 1;
  std::vector<std::vector<std::pair<int, int>>> items(count);
  for (const auto& zone : zones)
    items[slice_axis >= 0 ? zone.slice : 0].emplace_back(zone.level,
                                                         column_is_distance ? zone.distance : zone.size);
  std::vector<LevelCountMatrix> matrices;
  matrices.reserve(count);
  for (int k = 0; k < count; ++k) {
    const double voxels = slice_axis >= 0
                              ? static_cast<double>(count_region_voxels(grid, slice_axis, k, k + 1))
                              : static_cast<double>(grid.voxel_count);
    matrices.push_back(level_count_matrix_from_items(std::move(items[k]), grid.level_count, voxels));
  }
  return matrices;
}

}  // namespace radstudy::features::texture
