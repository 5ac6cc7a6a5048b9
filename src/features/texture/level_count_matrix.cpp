#include "features/texture/level_count_matrix.hpp"

#include <algorithm>
#include <cmath>

namespace radstudy::features::texture {
namespace {

bool entry_order(const LevelCountEntry& a, const LevelCountEntry& b) {
  return a.level != b.level ? a.level < b.level : a.column < b.column;
}

// Sorts and sums duplicate (level, column) entries.
void normalise_entries(std::vector<LevelCountEntry>& entries) {
  std::sort(entries.begin(), entries.end(), entry_order);
  std::size_t kept = 0;
  for (std::size_t k = 0; k < entries.size(); ++k) {
    if (kept > 0 && entries[kept - 1].level == entries[k].level &&
        entries[kept - 1].column == entries[k].column)
      entries[kept - 1].count += entries[k].count;
    else
      entries[kept++] = entries[k];
  }
  entries.resize(kept);
}

}  // namespace

void LevelCountMatrix::merge(const LevelCountMatrix& other) {
  level_count = std::max(level_count, other.level_count);
  entries.insert(entries.end(), other.entries.begin(), other.entries.end());
  normalise_entries(entries);
  voxel_count += other.voxel_count;
}

double LevelCountMatrix::total() const {
  double sum = 0;
  for (const auto& entry : entries) sum += entry.count;
  return sum;
}

LevelCountMatrix level_count_matrix_from_dense(const std::vector<double>& dense, int level_count, int columns,
                                               double voxel_count) {
  LevelCountMatrix matrix;
  matrix.level_count = level_count;
  matrix.voxel_count = voxel_count;
  for (int level = 1; level <= level_count; ++level)
    for (int column = 1; column <= columns; ++column) {
      const double count = dense[static_cast<std::size_t>(level - 1) * columns + (column - 1)];
      if (count != 0) matrix.entries.push_back({level, column, count});
    }
  return matrix;
}

LevelCountMatrix level_count_matrix_from_items(std::vector<std::pair<int, int>> items, int level_count,
                                               double voxel_count) {
  std::sort(items.begin(), items.end());
  LevelCountMatrix matrix;
  matrix.level_count = level_count;
  matrix.voxel_count = voxel_count;
  for (const auto& [level, column] : items) {
    if (!matrix.entries.empty() && matrix.entries.back().level == level &&
        matrix.entries.back().column == column)
      matrix.entries.back().count += 1;
    else
      matrix.entries.push_back({level, column, 1.0});
  }
  return matrix;
}

LevelCountStatistics level_count_statistics(const LevelCountMatrix& matrix) {
  LevelCountStatistics s;
  const double total = matrix.total();
  if (total <= 0) return s;
  s.empty = false;
  int max_column = 0;
  for (const auto& entry : matrix.entries) max_column = std::max(max_column, entry.column);
  std::vector<double> row_sums(matrix.level_count + 1, 0.0), column_sums(max_column + 1, 0.0);
  double mu_i = 0, mu_j = 0;
  for (const auto& entry : matrix.entries) {
    const double i = entry.level, j = entry.column, count = entry.count;
    const double i2 = i * i, j2 = j * j;
    row_sums[entry.level] += count;
    column_sums[entry.column] += count;
    s.short_low_grey_level_emphasis += count / (i2 * j2);
    s.short_high_grey_level_emphasis += count * i2 / j2;
    s.long_low_grey_level_emphasis += count * j2 / i2;
    s.long_high_grey_level_emphasis += count * i2 * j2;
    const double p = count / total;
    mu_i += i * p;
    mu_j += j * p;
    s.entropy -= p * std::log2(p);
    s.energy += p * p;
  }
  for (const auto& entry : matrix.entries) {
    const double p = entry.count / total;
    s.grey_level_variance += p * (entry.level - mu_i) * (entry.level - mu_i);
    s.count_variance += p * (entry.column - mu_j) * (entry.column - mu_j);
  }
  for (int level = 1; level <= matrix.level_count; ++level) {
    const double r = row_sums[level];
    if (r == 0) continue;
    const double i2 = static_cast<double>(level) * level;
    s.low_grey_level_emphasis += r / i2;
    s.high_grey_level_emphasis += r * i2;
    s.grey_level_non_uniformity += r * r;
  }
  for (int column = 1; column <= max_column; ++column) {
    const double c = column_sums[column];
    if (c == 0) continue;
    const double j2 = static_cast<double>(column) * column;
    s.short_emphasis += c / j2;
    s.long_emphasis += c * j2;
    s.count_non_uniformity += c * c;
  }
  s.short_emphasis /= total;
  s.long_emphasis /= total;
  s.low_grey_level_emphasis /= total;
  s.high_grey_level_emphasis /= total;
  s.short_low_grey_level_emphasis /= total;
  s.short_high_grey_level_emphasis /= total;
  s.long_low_grey_level_emphasis /= total;
  s.long_high_grey_level_emphasis /= total;
  s.normalised_grey_level_non_uniformity = s.grey_level_non_uniformity / (total * total);
  s.grey_level_non_uniformity /= total;
  s.normalised_count_non_uniformity = s.count_non_uniformity / (total * total);
  s.count_non_uniformity /= total;
  s.percentage = matrix.voxel_count > 0 ? total / matrix.voxel_count : 0.0;
  return s;
}

SliceStatistics slice_statistics(const std::vector<LevelCountMatrix>& slice_matrices) {
  SliceStatistics statistics;
  LevelCountMatrix total;
  for (const auto& matrix : slice_matrices) {
    if (matrix.entries.empty()) continue;
    statistics.per_slice.push_back(level_count_statistics(matrix));
    total.merge(matrix);
  }
  statistics.merged = level_count_statistics(total);
  return statistics;
}

}  // namespace radstudy::features::texture
