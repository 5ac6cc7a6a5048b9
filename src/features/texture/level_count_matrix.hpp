#pragma once
#include <utility>
#include <vector>

namespace radstudy::features::texture {

// One element of a grey level run length, size zone, distance zone or dependence matrix: the
// number of runs (zones, neighbourhoods) with grey level `level` and length (size, distance,
// dependence) `column`.
struct LevelCountEntry {
  int level = 0;   // 1..Ng
  int column = 0;  // >= 1
  double count = 0;
};

// A sparse grey level x count matrix; entries are unique and sorted by (level, column).
struct LevelCountMatrix {
  int level_count = 0;  // Ng
  std::vector<LevelCountEntry> entries;
  double voxel_count = 0;  // Nv, the denominator of run / zone / dependence percentage

  // Adds another matrix element-wise (IBSI merging), voxel counts included.
  void merge(const LevelCountMatrix& other);
  double total() const;
};

// Builds a matrix from a dense row-major Ng x columns array (column index c holds length c + 1).
LevelCountMatrix level_count_matrix_from_dense(const std::vector<double>& dense, int level_count, int columns,
                                               double voxel_count);
// Builds a matrix from (level, column) items, one per run/zone/neighbourhood.
LevelCountMatrix level_count_matrix_from_items(std::vector<std::pair<int, int>> items, int level_count,
                                               double voxel_count);

// The sixteen quantities IBSI defines alike for GLRLM, GLSZM, GLDZM and NGLDM (plus NGLDM's
// energy); PyRadiomics' glrlm, glszm and gldm use the same formulas. With s_ij the counts,
// N_s their sum, p_ij = s_ij / N_s, r_i = sum_j s_ij, c_j = sum_i s_ij:
struct LevelCountStatistics {
  bool empty = true;
  double short_emphasis = 0;                        // sum_j c_j / j^2 / N_s
  double long_emphasis = 0;                         // sum_j c_j j^2 / N_s
  double low_grey_level_emphasis = 0;               // sum_i r_i / i^2 / N_s
  double high_grey_level_emphasis = 0;              // sum_i r_i i^2 / N_s
  double short_low_grey_level_emphasis = 0;         // sum s_ij / (i^2 j^2) / N_s
  double short_high_grey_level_emphasis = 0;        // sum s_ij i^2 / j^2 / N_s
  double long_low_grey_level_emphasis = 0;          // sum s_ij j^2 / i^2 / N_s
  double long_high_grey_level_emphasis = 0;         // sum s_ij i^2 j^2 / N_s
  double grey_level_non_uniformity = 0;             // sum_i r_i^2 / N_s
  double normalised_grey_level_non_uniformity = 0;  // sum_i r_i^2 / N_s^2
  double count_non_uniformity = 0;                  // sum_j c_j^2 / N_s
  double normalised_count_non_uniformity = 0;       // sum_j c_j^2 / N_s^2
  double percentage = 0;                            // N_s / N_v
  double grey_level_variance = 0;                   // sum p_ij (i - mu_i)^2
  double count_variance = 0;                        // sum p_ij (j - mu_j)^2
  double entropy = 0;                               // -sum p_ij log2 p_ij
  double energy = 0;                                // sum p_ij^2
};

LevelCountStatistics level_count_statistics(const LevelCountMatrix& matrix);

// Statistics of each non-empty slice matrix (IBSI 2D) and of their sum (IBSI 2.5D).
struct SliceStatistics {
  std::vector<LevelCountStatistics> per_slice;
  LevelCountStatistics merged;
};
SliceStatistics slice_statistics(const std::vector<LevelCountMatrix>& slice_matrices);

}  // namespace radstudy::features::texture
