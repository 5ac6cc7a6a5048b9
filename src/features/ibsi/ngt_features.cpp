#include "features/ibsi/ngt_features.hpp"

#include "features/texture/neighbourhood_matrices.hpp"
#include "features/texture/texture_support.hpp"

namespace radstudy::features::ibsi {
namespace {

using texture::ToneDifferenceMatrix;
using texture::ToneDifferenceStatistics;
using Feature = texture::TextureFeature<ToneDifferenceStatistics>;

// n_i: voxels of grey level i with a valid neighbourhood, N_vc = sum n_i, p_i = n_i / N_vc,
// s_i: summed |i - neighbourhood mean|, N_gp: grey levels with p_i > 0.
const std::vector<Feature>& ngt_features() {
  static const std::vector<Feature> features{
      {"Coarseness", "QCDE", &ToneDifferenceStatistics::coarseness},  // 1 / sum p_i s_i
      {"Contrast", "65HE",
       &ToneDifferenceStatistics::contrast},  // sum p_i p_j (i-j)^2 / (N_gp (N_gp - 1)) * sum s_i / N_vc
      {"Busyness", "NQ30", &ToneDifferenceStatistics::busyness},  // sum p_i s_i / sum |i p_i - j p_j|
      {"Complexity", "HDEZ",
       &ToneDifferenceStatistics::complexity},  // sum |i-j| (p_i s_i + p_j s_j) / (p_i + p_j) / N_vc
      {"Strength", "1X9X", &ToneDifferenceStatistics::strength},  // sum (p_i + p_j)(i-j)^2 / sum s_i
  };
  return features;
}

ToneDifferenceStatistics statistics_of(const ToneDifferenceMatrix& matrix) {
  return texture::tone_difference_statistics(matrix.counts_with_neighbours, matrix.differences);
}

FeatureValues compute_ngt(const RegionData& region) {
  const auto& settings = region.settings;
  const auto tokens = texture::volume_aggregations(settings);
  const int distance = texture::ibsi_distance(settings);
  const texture::TextureGrid& grid = texture::discretised_grid(region, distance);
  std::vector<ToneDifferenceStatistics> per_slice;
  ToneDifferenceStatistics merged, volume;
  if (texture::wants_aggregation(tokens, "2")) {
    const int axis = texture::texture_slice_axis(settings);
    ToneDifferenceMatrix total(grid.level_count);
    for (const auto& matrix :
         texture::tone_difference_matrices(grid, texture::chebyshev_neighbourhood(distance, axis), axis)) {
      const auto statistics = statistics_of(matrix);
      if (statistics.empty) continue;
      per_slice.push_back(statistics);
      total.merge(matrix);
    }
    merged = statistics_of(total);
  }
  if (texture::wants_aggregation(tokens, "3D"))
    volume = statistics_of(
        texture::tone_difference_matrices(grid, texture::chebyshev_neighbourhood(distance, -1), -1).front());
  return texture::volume_aggregated_values("ngt", ngt_features(), tokens, per_slice, merged, volume,
                                           settings);
}

}  // namespace

FeatureFamily make_ngt_family() {
  return {"ngt", "IBSI neighbourhood grey tone difference matrix features (with aggregation suffix)",
          [](const settings::ExtractionSettings& settings) {
            return texture::describe_aggregated("ngt", ngt_features(), texture::volume_aggregations(settings),
                                                settings);
          },
          compute_ngt};
}

}  // namespace radstudy::features::ibsi
