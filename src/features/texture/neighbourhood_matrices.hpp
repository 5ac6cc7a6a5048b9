#pragma once
#include <vector>

#include "features/texture/level_count_matrix.hpp"
#include "features/texture/texture_grid.hpp"

namespace radstudy::features::texture {

// Neighbourhood grey tone difference matrix: per grey level i (index i - 1) the voxel count n_i
// and the summed absolute difference s_i = sum |i - mean of the neighbours in the ROI|.
struct ToneDifferenceMatrix {
  std::vector<double> counts_with_neighbours;  // n_i over voxels with at least one ROI neighbour (IBSI)
  std::vector<double> counts_all;              // n_i over every voxel (PyRadiomics)
  std::vector<double> differences;             // s_i

  explicit ToneDifferenceMatrix(int levels = 0)
      : counts_with_neighbours(levels, 0.0), counts_all(levels, 0.0), differences(levels, 0.0) {}
  void merge(const ToneDifferenceMatrix& other);
};

// One matrix per slice along slice_axis (unpadded slice index), or a single one when slice_axis < 0.
// `neighbourhood` lists the neighbour offsets (at most the grid padding away).
std::vector<ToneDifferenceMatrix> tone_difference_matrices(const TextureGrid& grid,
                                                           const std::vector<Offset>& neighbourhood,
                                                           int slice_axis);

// Neighbouring grey level dependence matrices: per voxel, column j = 1 + the number of neighbours in
// the ROI whose grey level differs by at most alpha. One matrix per slice or a single one.
std::vector<LevelCountMatrix> dependence_matrices(const TextureGrid& grid,
                                                  const std::vector<Offset>& neighbourhood, int alpha,
                                                  int slice_axis);

// IBSI 3.10 / PyRadiomics ngtdm quantities from n_i and s_i, with p_i = n_i / sum n_i over the
// grey levels with n_i > 0.
struct ToneDifferenceStatistics {
  bool empty = true;
  double coarseness = 0;  // 1 / sum p_i s_i; 1e6 when the sum is 0
  double contrast = 0;    // [sum p_i p_j (i-j)^2 / (Ngp (Ngp-1))] [sum s_i / Nvc]; 0 when Ngp == 1
  double busyness = 0;    // sum p_i s_i / sum |i p_i - j p_j|; 0 when the denominator is 0
  double complexity = 0;  // sum |i-j| (p_i s_i + p_j s_j) / (p_i + p_j) / Nvc
  double strength = 0;    // sum (p_i + p_j)(i-j)^2 / sum s_i; 0 when sum s_i is 0
};

ToneDifferenceStatistics tone_difference_statistics(const std::vector<double>& counts,
                                                    const std::vector<double>& differences);

}  // namespace radstudy::features::texture
