#include "features/texture/neighbourhood_matrices.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
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
    for_each_region_segment(
        grid,
        [&](std::size_t row_start, std::size_t x_begin, std::size_t x_end) {
          int* counts = neighbour_counts.data();
          int* sums = neighbour_sums.data();
          std::fill(counts + x_begin, counts + x_end, 0);
          std::fill(sums + x_begin, sums + x_end, 0);
          for (long step : steps) {
            const int* neighbour = levels + (static_cast<long>(row_start) + step);
            for (std::size_t x = x_begin; x < x_end; ++x) {
              counts[x] += neighbour[x] != 0;
              sums[x] += neighbour[x];
            }
          }
        },
        [&](std::size_t voxel, std::size_t x) {
          const int level = levels[voxel];
          auto& matrix = matrices[matrix_of(grid, voxel, slice_axis)];
          matrix.counts_all[level - 1] += 1;
          const int neighbours = neighbour_counts[x];
          if (neighbours == 0) return;
          matrix.counts_with_neighbours[level - 1] += 1;
          matrix.differences[level - 1] +=
              std::abs(level - static_cast<double>(static_cast<long>(neighbour_sums[x])) / neighbours);
        });
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
  std::vector<std::vector<double>> dense(count,
                                         std::vector<double>(static_cast<std::size_t>(ng) * columns, 0.0));
  std::vector<double> voxels(count, 0.0);
  const int* levels = grid.levels.data();
  std::vector<int> dependences(grid.size[0]);
  for_each_region_segment(
      grid,
      [&](std::size_t row_start, std::size_t x_begin, std::size_t x_end) {
        int* dependence = dependences.data();
        const int* level = levels + row_start;
        std::fill(dependence + x_begin, dependence + x_end, 1);
        for (long step : steps) {
          const int* neighbour = levels + (static_cast<long>(row_start) + step);
          for (std::size_t x = x_begin; x < x_end; ++x)
            dependence[x] += (neighbour[x] != 0) & (std::abs(neighbour[x] - level[x]) <= alpha);
        }
      },
      [&](std::size_t voxel, std::size_t x) {
        const int matrix = matrix_of(grid, voxel, slice_axis);
        dense[matrix][static_cast<std::size_t>(levels[voxel] - 1) * columns + dependences[x] - 1] += 1;
        voxels[matrix] += 1;
      });
  std::vector<LevelCountMatrix> matrices;
  matrices.reserve(count);
  for (int k = 0; k < count; ++k)
    matrices.push_back(level_count_matrix_from_dense(dense[k], ng, columns, voxels[k]));
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
