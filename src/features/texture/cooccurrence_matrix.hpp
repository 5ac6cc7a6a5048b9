#pragma once
#include <vector>

#include "features/texture/texture_grid.hpp"

namespace radstudy::features::texture {

// A grey level co-occurrence matrix of counts, Ng x Ng, row-major, row i-1 for grey level i.
struct CooccurrenceMatrix {
  int level_count = 0;
  std::vector<double> counts;

  explicit CooccurrenceMatrix(int levels = 0)
      : level_count(levels), counts(static_cast<std::size_t>(levels) * levels, 0.0) {}
  void clear() { std::fill(counts.begin(), counts.end(), 0.0); }
  void add(const CooccurrenceMatrix& other, double weight = 1.0);
  double total() const;
};

// Adds the co-occurrences of voxel pairs (k, k + offset) inside the intensity mask, counting only
// centre voxels whose coordinate along `slice_axis` lies in [slice_begin, slice_end) (unpadded
// coordinates; slice_axis 2 with [0, nz) takes the whole volume). `symmetric` adds each pair in both
// orders (M + M^T). |offset| must not exceed the grid padding.
void add_cooccurrences(const TextureGrid& grid, const Offset& offset, int slice_axis, int slice_begin,
                       int slice_end, bool symmetric, CooccurrenceMatrix& matrix);

// The co-occurrence matrices of several offsets over the whole region in one pass (one matrix
// per offset, in order).
std::vector<CooccurrenceMatrix> region_cooccurrences(const TextureGrid& grid,
                                                     const std::vector<Offset>& offsets, bool symmetric);

// The quantities of IBSI 3.6 and PyRadiomics' glcm, computed from one matrix normalised to
// probabilities p_ij. Undefined (empty) matrices give empty == true.
struct CooccurrenceStatistics {
  bool empty = true;
  double joint_maximum = 0, joint_average = 0, joint_variance = 0, joint_entropy = 0;
  double difference_average = 0, difference_variance = 0, difference_entropy = 0;
  double sum_average = 0, sum_variance = 0, sum_entropy = 0;
  double angular_second_moment = 0, contrast = 0, dissimilarity = 0;
  double inverse_difference = 0, normalised_inverse_difference = 0;
  double inverse_difference_moment = 0, normalised_inverse_difference_moment = 0, inverse_variance = 0;
  double correlation = 0;  // NaN when both marginal deviations are 0
  double autocorrelation = 0, cluster_tendency = 0, cluster_shade = 0, cluster_prominence = 0;
  double information_correlation_1 = 0;  // (HXY - HXY1) / max(HX, HY); NaN when that is 0
  double information_correlation_2 = 0;  // sqrt(1 - exp(-2 (HXY2 - HXY))); NaN when HXY > HXY2
  double hx = 0, hy = 0, hxy = 0, hxy1 = 0, hxy2 = 0;
  double maximal_correlation_coefficient = 0;  // only with compute_mcc
};

// `normalising_levels` is the Ng in the normalised inverse difference (moment): the number of grey
// levels of the discretisation. `present_levels` (PyRadiomics' count of grey levels in the ROI) is
// needed for the maximal correlation coefficient only.
CooccurrenceStatistics cooccurrence_statistics(const CooccurrenceMatrix& matrix, int normalising_levels,
                                               bool compute_mcc = false, int present_levels = 0);

}  // namespace radstudy::features::texture
