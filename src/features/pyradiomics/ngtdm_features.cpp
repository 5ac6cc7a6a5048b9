#include "features/pyradiomics/ngtdm_features.hpp"

#include "features/pyradiomics/pyradiomics_texture.hpp"
#include "features/texture/neighbourhood_matrices.hpp"

namespace radstudy::features::pyradiomics {
namespace {

using texture::ToneDifferenceStatistics;
using Feature = ClassFeature<ToneDifferenceStatistics>;

// n_i: voxels of grey level i; N_vp = sum n_i; p_i = n_i / N_vp; s_i: summed |i - neighbour mean|;
// N_gp: grey levels with p_i > 0.
const std::vector<Feature>& ngtdm_features() {
  static const std::vector<Feature> features{
      {"Coarseness", "QCDE", &ToneDifferenceStatistics::coarseness},  // 1 / sum p_i s_i (1e6 if 0)
      {"Contrast", "65HE",
       &ToneDifferenceStatistics::contrast},  // sum p_i p_j (i-j)^2 / (N_gp (N_gp-1)) * sum s_i / N_vp
      {"Busyness", "NQ30", &ToneDifferenceStatistics::busyness},  // sum p_i s_i / sum |i p_i - j p_j|
      {"Complexity", "HDEZ",
       &ToneDifferenceStatistics::complexity},  // sum |i-j| (p_i s_i + p_j s_j) / (p_i + p_j) / N_vp
      {"Strength", "1X9X", &ToneDifferenceStatistics::strength},  // sum (p_i + p_j)(i-j)^2 / sum s_i
  };
  return features;
}

FeatureValues compute_ngtdm(const RegionData& region) {
  const auto& settings = region.settings;
  const texture::TextureGrid& grid = texture::discretised_grid(region, angle_padding(region));
  const auto neighbourhood = class_angles(grid, settings, settings.distances, true);
  const auto matrix = texture::tone_difference_matrices(grid, neighbourhood, -1).front();
  const auto statistics = texture::tone_difference_statistics(matrix.counts_all, matrix.differences);
  return class_values("ngtdm", ngtdm_features(), std::vector<ToneDifferenceStatistics>{statistics}, settings);
}

}  // namespace

FeatureFamily make_ngtdm_family() {
  return {"ngtdm", "PyRadiomics neighbouring gray tone difference matrix features",
          [](const settings::ExtractionSettings& settings) {
            return describe_class("ngtdm", ngtdm_features(), volume_ibsi_aggregation(settings), settings);
          },
          compute_ngtdm};
}

}  // namespace radstudy::features::pyradiomics
