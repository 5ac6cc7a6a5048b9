#include "features/texture/neighbourhood_matrices.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>

namespace radstudy::features::texture {
namespace {

std::vector<long> linear_offsets(const TextureGrid& grid, const std::vector<Offset>& offsets) {
  std::vector<long> linear;
  linear.reserve(offsets.size());
  for (const auto& offset : offsets) linear.push_back(grid.linear_offset(offset));
  return linear;
}

int matrix_count(const TextureGrid& grid, int slice_axis) {
  return slice_axis >= 0 ? grid.original_size[slice_axis] : 1;
}

int matrix_of(const TextureGrid& grid, std::size_t voxel, int slice_axis) {
  return slice_axis >= 0 ? grid.coordinate(voxel, slice_axis) - grid.padding : 0;
}

// Whether neighbourhood sums of grey levels fit an int.
bool level_sums_fit_int(const TextureGrid& grid, std::size_t neighbours) {
  return static_cast<long long>(grid.level_count) * static_cast<long long>(neighbours + 1) <=
         std::numeric_limits<int>::max();
}

// Four int lanes (GCC/Clang vector extension); comparisons give -1 for true, 0 for false.
using IntLanes = int __attribute__((vector_size(16)));
constexpr std::size_t kLaneWidth = 4;

inline IntLanes load_lanes(const int* source) {
  IntLanes lanes;
  std::memcpy(&lanes, source, sizeof lanes);
  return lanes;
}

inline void store_lanes(int* target, IntLanes lanes) {
  std::memcpy(target, &lanes, sizeof lanes);
}

// Runs `block.template operator()<Vectors>(x)` over [x_begin, x_end) in blocks of Vectors * 4 voxels
// whose results stay in registers over all neighbour offsets; the last block overlaps the previous
// one instead of running past the segment (it recomputes, and stores, the same values). Segments
// shorter than one lane width go to `scalar(x_begin, x_end)`.
template <typename Block, typename Scalar>
inline void cover_segment(std::size_t x_begin, std::size_t x_end, Block block, Scalar scalar) {
  const std::size_t n = x_end - x_begin;
  auto cover = [&]<std::size_t Vectors>() {
    constexpr std::size_t width = Vectors * kLaneWidth;
    std::size_t x = x_begin;
    for (; x + width <= x_end; x += width) block.template operator()<Vectors>(x);
    if (x < x_end) block.template operator()<Vectors>(x_end - width);
  };
  if (n >= 4 * kLaneWidth)
    cover.template operator()<4>();
  else if (n >= kLaneWidth)
    cover.template operator()<1>();
  else
    scalar(x_begin, x_end);
}

}  // namespace

void ToneDifferenceMatrix::merge(const ToneDifferenceMatrix& other) {
  for (std::size_t k = 0; k < differences.size(); ++k) {
    counts_with_neighbours[k] += other.counts_with_neighbours[k];
    counts_all[k] += other.counts_all[k];
    differences[k] += other.differences[k];
  }
}

std::vector<ToneDifferenceMatrix> tone_difference_matrices(const TextureGrid& grid,
                                                           const std::vector<Offset>& neighbourhood,
                                                           int slice_axis) {
  const std::vector<long> steps = linear_offsets(grid, neighbourhood);
  std::vector<ToneDifferenceMatrix> matrices(matrix_count(grid, slice_axis),
                                             ToneDifferenceMatrix(grid.level_count));
  const int* levels = grid.levels.data();
  if (level_sums_fit_int(grid, steps.size())) {
    // Per row span: the number of region neighbours and the sum of their levels (a neighbour
    // outside the region has level 0 and adds nothing), then s_i accumulated in ascending voxel order.
    std::vector<int> neighbour_counts(grid.size[0]), neighbour_sums(grid.size[0]);
    // Per matrix and level: the voxel count and the count of voxels with a neighbour, as integers.
    const std::size_t ng = static_cast<std::size_t>(grid.level_count);
    std::vector<std::uint32_t> level_counts(matrices.size() * ng * 2, 0u);
    for_each_region_segment(
        grid,
        [&](std::size_t row_start, std::size_t x_begin, std::size_t x_end) {
          int* counts = neighbour_counts.data();
          int* sums = neighbour_sums.data();
          const int* row = levels + row_start;
          auto block = [&]<std::size_t Vectors>(std::size_t x) {
            IntLanes count[Vectors] = {}, sum[Vectors] = {};
            for (long step : steps) {
              const int* neighbour = row + step + static_cast<long>(x);
              for (std::size_t v = 0; v < Vectors; ++v) {
                const IntLanes level = load_lanes(neighbour + v * kLaneWidth);
                count[v] -= level != 0;
                sum[v] += level;
              }
            }
            for (std::size_t v = 0; v < Vectors; ++v) {
              store_lanes(counts + x + v * kLaneWidth, count[v]);
              store_lanes(sums + x + v * kLaneWidth, sum[v]);
            }
          };
          auto scalar = [&](std::size_t begin, std::size_t end) {
            std::fill(counts + begin, counts + end, 0);
            std::fill(sums + begin, sums + end, 0);
            for (long step : steps) {
              const int* neighbour = row + step;
              for (std::size_t x = begin; x < end; ++x) {
                counts[x] += neighbour[x] != 0;
                sums[x] += neighbour[x];
              }
            }
          };
          cover_segment(x_begin, x_end, block, scalar);
        },
        [&](std::size_t voxel, std::size_t x) {
          const int level = levels[voxel];
          const int matrix = matrix_of(grid, voxel, slice_axis);
          const int neighbours = neighbour_counts[x];
          std::uint32_t* count =
              level_counts.data() + (static_cast<std::size_t>(matrix) * ng + level - 1) * 2;
          ++count[0];
          if (neighbours == 0) return;
          ++count[1];
          matrices[matrix].differences[level - 1] +=
              std::abs(level - static_cast<double>(static_cast<long>(neighbour_sums[x])) / neighbours);
        });
    for (std::size_t matrix = 0; matrix < matrices.size(); ++matrix)
      for (std::size_t k = 0; k < ng; ++k) {
        matrices[matrix].counts_all[k] = level_counts[(matrix * ng + k) * 2];
        matrices[matrix].counts_with_neighbours[k] = level_counts[(matrix * ng + k) * 2 + 1];
      }
    return matrices;
  }
  for (std::size_t voxel : grid.region) {
    const int level = levels[voxel];
    // Branch-free: a neighbour outside the region has level 0 and adds nothing to the sum.
    int neighbours = 0;
    long sum = 0;
    for (long step : steps) {
      const int neighbour_level = levels[static_cast<long>(voxel) + step];
      neighbours += neighbour_level != 0;
      sum += neighbour_level;
    }
    auto& matrix = matrices[matrix_of(grid, voxel, slice_axis)];
    matrix.counts_all[level - 1] += 1;
    if (neighbours == 0) continue;
    matrix.counts_with_neighbours[level - 1] += 1;
    matrix.differences[level - 1] += std::abs(level - static_cast<double>(sum) / neighbours);
  }
  return matrices;
}

std::vector<LevelCountMatrix> dependence_matrices(const TextureGrid& grid,
                                                  const std::vector<Offset>& neighbourhood, int alpha,
                                                  int slice_axis) {
  const std::vector<long> steps = linear_offsets(grid, neighbourhood);
  const int columns = static_cast<int>(steps.size()) + 1;
  const int count = matrix_count(grid, slice_axis);
  const int ng = grid.level_count;
  // Integer counts, two interleaved counters per cell (by voxel parity) so that consecutive voxels
  // of one cell do not wait for each other's read-modify-write.
  const std::size_t cells = static_cast<std::size_t>(ng) * columns;
  std::vector<std::vector<std::uint32_t>> counts(count, std::vector<std::uint32_t>(2 * cells, 0u));
  const int* levels = grid.levels.data();
  std::vector<int> dependences(grid.size[0]);
  for_each_region_segment(
      grid,
      [&](std::size_t row_start, std::size_t x_begin, std::size_t x_end) {
        int* dependence = dependences.data();
        const int* level = levels + row_start;
        // Region voxels have levels >= 1, so with alpha 0 an equal neighbour lies in the region.
        auto block_of = [&]<bool kEqual>() {
          return [&]<std::size_t Vectors>(std::size_t x) {
            IntLanes centre[Vectors], found[Vectors];
            for (std::size_t v = 0; v < Vectors; ++v) {
              centre[v] = load_lanes(level + x + v * kLaneWidth);
              found[v] = IntLanes{} + 1;
            }
            for (long step : steps) {
              const int* neighbour = level + step + static_cast<long>(x);
              for (std::size_t v = 0; v < Vectors; ++v) {
                const IntLanes other = load_lanes(neighbour + v * kLaneWidth);
                if constexpr (kEqual) {
                  found[v] -= other == centre[v];
                } else {
                  const IntLanes difference = other - centre[v];
                  found[v] -= (other != 0) & (difference <= alpha) & (difference >= -alpha);
                }
              }
            }
            for (std::size_t v = 0; v < Vectors; ++v) store_lanes(dependence + x + v * kLaneWidth, found[v]);
          };
        };
        auto scalar = [&](std::size_t begin, std::size_t end) {
          std::fill(dependence + begin, dependence + end, 1);
          for (long step : steps) {
            const int* neighbour = level + step;
            for (std::size_t x = begin; x < end; ++x)
              dependence[x] += (neighbour[x] != 0) & (std::abs(neighbour[x] - level[x]) <= alpha);
          }
        };
        if (alpha == 0)
          cover_segment(x_begin, x_end, block_of.template operator()<true>(), scalar);
        else
          cover_segment(x_begin, x_end, block_of.template operator()<false>(), scalar);
      },
      [&](std::size_t voxel, std::size_t x) {
        const int matrix = matrix_of(grid, voxel, slice_axis);
        const std::size_t cell = static_cast<std::size_t>(levels[voxel] - 1) * columns + dependences[x] - 1;
        ++counts[matrix][2 * cell + (x & 1)];
      });
  std::vector<LevelCountMatrix> matrices;
  matrices.reserve(count);
  for (int k = 0; k < count; ++k) {
    std::vector<double> dense(cells);
    std::uint64_t voxels = 0;
    for (std::size_t cell = 0; cell < cells; ++cell) {
      const std::uint64_t total = std::uint64_t{counts[k][2 * cell]} + counts[k][2 * cell + 1];
      dense[cell] = static_cast<double>(total);
      voxels += total;
    }
    matrices.push_back(level_count_matrix_from_dense(dense, ng, columns, static_cast<double>(voxels)));
  }
  return matrices;
}

ToneDifferenceStatistics tone_difference_statistics(const std::vector<double>& counts,
                                                    const std::vector<double>& differences) {
  ToneDifferenceStatistics s;
  double total = 0, difference_total = 0;
  for (std::size_t k = 0; k < counts.size(); ++k) {
    total += counts[k];
    difference_total += differences[k];
  }
  if (total <= 0) return s;
  s.empty = false;
  std::vector<int> present;
  std::vector<double> p(counts.size(), 0.0);
  double weighted_difference = 0;  // sum p_i s_i
  for (std::size_t k = 0; k < counts.size(); ++k) {
    if (counts[k] <= 0) continue;
    present.push_back(static_cast<int>(k));
    p[k] = counts[k] / total;
    weighted_difference += p[k] * differences[k];
  }
  const double present_count = static_cast<double>(present.size());
  s.coarseness = weighted_difference > 0 ? 1.0 / weighted_difference : 1e6;
  double contrast_sum = 0, busyness_denominator = 0, complexity = 0, strength = 0;
  for (int a : present)
    for (int b : present) {
      const double i = a + 1.0, j = b + 1.0, difference = i - j;
      contrast_sum += p[a] * p[b] * difference * difference;
      busyness_denominator += std::abs(i * p[a] - j * p[b]);
      complexity += std::abs(difference) * (p[a] * differences[a] + p[b] * differences[b]) / (p[a] + p[b]);
      strength += (p[a] + p[b]) * difference * difference;
    }
  s.contrast = present_count > 1
                   ? contrast_sum / (present_count * (present_count - 1)) * difference_total / total
                   : 0.0;
  s.busyness = busyness_denominator > 0 ? weighted_difference / busyness_denominator : 0.0;
  s.complexity = complexity / total;
  s.strength = difference_total > 0 ? strength / difference_total : 0.0;
  return s;
}

}  // namespace radstudy::features::texture
