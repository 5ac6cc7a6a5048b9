#include "features/texture/zone_matrices.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <memory>

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
  // Union-find over the region voxels in ascending order: each voxel is joined to its preceding
  // neighbours of the same grey level (the other half of the neighbourhood joins it later). Roots
  // are the smallest rank of their zone (parent[r] <= r always), so zones come out in the order of
  // their first voxel, whatever the order of the unions.
  // Every two adjacent voxels of one level that precede a voxel are already in one zone (the later
  // of them checked the earlier). So when the preceding neighbour adjacent to all the others (the
  // one straight behind along the slowest axis of the neighbourhood) has the voxel's level, the
  // voxel joins its zone and nothing else needs checking. Otherwise, when the predecessor along the
  // first in-plane axis has the same level, only the neighbours one step ahead along that axis
  // remain to be checked.
  // Per region segment, a vectorised pass marks for each voxel (one bit per preceding neighbour)
  // which neighbours share its level; the union loop then visits only those.
  // Preceding neighbours lie at most one plane back, so the ranks of the voxels live in a ring of
  // two planes (which stays in cache); only region voxels are written and read there.
  const int line_axis = slice_axis == 0 ? 1 : 0;
  const long line_step = grid.stride[line_axis];
  std::vector<long> preceding;
  std::vector<Offset> preceding_offsets;
  std::uint32_t line_bit = 0, ahead_bits = 0;
  for (const Offset& offset : chebyshev_neighbourhood(1, slice_axis)) {
    const long step = grid.linear_offset(offset);
    if (step >= 0) continue;
    const std::uint32_t bit = 1u << preceding.size();
    if (step == -line_step) line_bit = bit;
    if (offset.component(line_axis) == 1) ahead_bits |= bit;
    preceding.push_back(step);
    preceding_offsets.push_back(offset);
  }
  std::uint32_t covering_bit = 0;
  std::size_t covering = 0;
  for (std::size_t c = 0; c < preceding_offsets.size() && covering_bit == 0; ++c) {
    const Offset& candidate = preceding_offsets[c];
    auto adjacent = [&](const Offset& other) {
      const Offset between{other.dx - candidate.dx, other.dy - candidate.dy, other.dz - candidate.dz};
      return between.chebyshev_norm() <= 1;
    };
    const bool adjacent_to_all = std::all_of(preceding_offsets.begin(), preceding_offsets.end(), adjacent);
    if (adjacent_to_all) {
      covering_bit = 1u << c;
      covering = c;
    }
  }
  const std::uint32_t other_bits = ((1u << preceding.size()) - 1) & ~line_bit;
  const std::size_t count = grid.region.size();
  const int* levels = grid.levels.data();
  const long ring_cells = 2 * grid.stride[2];
  std::unique_ptr<std::uint32_t[]> rank_ring(new std::uint32_t[static_cast<std::size_t>(ring_cells)]);
  std::vector<long> ring_steps(preceding.size());
  std::unique_ptr<std::uint32_t[]> parent_storage(new std::uint32_t[count]);
  std::uint32_t* parent = parent_storage.get();
  auto find = [parent](std::uint32_t rank) {
    while (parent[rank] != rank) {
      parent[rank] = parent[parent[rank]];
      rank = parent[rank];
    }
    return rank;
  };
  const std::size_t width = static_cast<std::size_t>(grid.size[0]);
  std::vector<std::uint32_t> equal_bits(width);
  std::uint32_t root = 0;  // the root of the previous voxel's zone
  for (const RegionSegment& segment : grid.segments) {
    const std::size_t x_begin = segment.start % width;
    const std::size_t row_start = segment.start - x_begin;
    const std::size_t x_end = x_begin + static_cast<std::size_t>(segment.length);
    const int* level = levels + row_start;
    std::uint32_t* equal = equal_bits.data();
    std::fill(equal + x_begin, equal + x_end, 0u);
    for (std::size_t d = 0; d < preceding.size(); ++d) {
      const int* neighbour = level + preceding[d];
      for (std::size_t x = x_begin; x < x_end; ++x)
        equal[x] |= static_cast<std::uint32_t>(neighbour[x] == level[x]) << d;
    }
    // The segment's ring slots; a neighbour is one plane back, or in the segment's plane, for all of it.
    const long ring_start = static_cast<long>(row_start % static_cast<std::size_t>(ring_cells));
    auto ring_step = [&](long step) { return ring_start + step < 0 ? step + ring_cells : step; };
    for (std::size_t d = 0; d < preceding.size(); ++d) ring_steps[d] = ring_step(preceding[d]);
    const long ring_line_step = ring_step(-line_step);
    std::uint32_t* ranks = rank_ring.get() + ring_start;
    std::uint32_t rank = static_cast<std::uint32_t>(segment.rank);
    for (std::size_t x = x_begin; x < x_end; ++x, ++rank) {
      ranks[x] = rank;
      std::uint32_t bits = equal[x];
      if (bits & covering_bit) {
        root = find(ranks[static_cast<long>(x) + ring_steps[covering]]);
        bits = 0;
      } else if (bits & line_bit) {
        // Along x the predecessor is the previous voxel, whose root is at hand.
        if (line_axis != 0) root = find(ranks[static_cast<long>(x) + ring_line_step]);
        bits &= ahead_bits;
      } else {
        root = rank;
        bits &= other_bits;
      }
      parent[rank] = root;
      while (bits) {
        const auto neighbour = static_cast<std::size_t>(std::countr_zero(bits));
        const long ring_neighbour = static_cast<long>(x) + ring_steps[neighbour];
        bits &= bits - 1;
        const std::uint32_t neighbour_rank = ranks[ring_neighbour];
        if (parent[neighbour_rank] == root) continue;  // the usual case inside a zone, without a write
        const std::uint32_t other = find(neighbour_rank);
        if (other == root) continue;
        // Link the larger root under the smaller one.
        if (other < root) {
          parent[root] = other;
          root = other;
        } else {
          parent[other] = root;
        }
      }
    }
  }
  // Zone sizes (and distances) by root rank, then the zones in the order of their roots. parent[rank]
  // <= rank, and every smaller rank already points at its root.
  std::unique_ptr<std::uint32_t[]> size_of(new std::uint32_t[count]);
  std::unique_ptr<int[]> distance_of(distance_map ? new int[count] : nullptr);
  std::size_t zone_count = 0;
  for (std::uint32_t rank = 0; rank < count; ++rank) {
    const std::uint32_t zone_root = parent[parent[rank]];
    parent[rank] = zone_root;
    if (zone_root == rank) {
      size_of[rank] = 1;
      ++zone_count;
    } else {
      ++size_of[zone_root];
    }
    if (distance_map) {
      const int distance = (*distance_map)[grid.region[rank]];
      distance_of[zone_root] = zone_root == rank ? distance : std::min(distance_of[zone_root], distance);
    }
  }
  std::vector<Zone> zones;
  zones.reserve(zone_count);
  for (std::uint32_t rank = 0; rank < count; ++rank) {
    if (parent[rank] != rank) continue;
    const std::size_t voxel = grid.region[rank];
    Zone zone;
    zone.level = levels[voxel];
    zone.size = static_cast<int>(size_of[rank]);
    zone.distance = distance_map ? distance_of[rank] : 0;
    zone.slice = slice_axis >= 0 ? grid.coordinate(voxel, slice_axis) - grid.padding : 0;
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
