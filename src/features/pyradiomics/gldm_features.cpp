#include "features/pyradiomics/gldm_features.hpp"

#include <cmath>

#include "features/pyradiomics/pyradiomics_texture.hpp"
#include "features/texture/neighbourhood_matrices.hpp"

namespace radstudy::features::pyradiomics {
namespace {

using texture::LevelCountStatistics;
using Feature = ClassFeature<LevelCountStatistics>;

// P(i,j): voxels of grey level i with dependence j; N_z = N_p: voxels; p(i,j) = P(i,j) / N_z.
const std::vector<Feature>& gldm_features() {
  static const std::vector<Feature> features{
      {"SmallDependenceEmphasis", "SODN", &LevelCountStatistics::short_emphasis},  // sum P / j^2 / N_z
      {"LargeDependenceEmphasis", "IMOQ", &LevelCountStatistics::long_emphasis},   // sum P j^2 / N_z
      {"GrayLevelNonUniformity", "FP8K",
       &LevelCountStatistics::grey_level_non_uniformity},  // sum_i (sum_j P)^2 / N_z
      {"DependenceNonUniformity", "Z87G",
       &LevelCountStatistics::count_non_uniformity},  // sum_j (sum_i P)^2 / N_z
      {"DependenceNonUniformityNormalized", "OKJI",
       &LevelCountStatistics::normalised_count_non_uniformity},                   // sum_j (sum_i P)^2 / N_z^2
      {"GrayLevelVariance", "1PFV", &LevelCountStatistics::grey_level_variance},  // sum p (i-mu_i)^2
      {"DependenceVariance", "DNX2", &LevelCountStatistics::count_variance},      // sum p (j-mu_j)^2
      {"DependenceEntropy", "FCBV", &LevelCountStatistics::entropy},              // -sum p log2 p
      {"LowGrayLevelEmphasis", "TL9H", &LevelCountStatistics::low_grey_level_emphasis},  // sum P / i^2 / N_z
      {"HighGrayLevelEmphasis", "OAE7", &LevelCountStatistics::high_grey_level_emphasis},  // sum P i^2 / N_z
      {"SmallDependenceLowGrayLevelEmphasis", "EQ3F",
       &LevelCountStatistics::short_low_grey_level_emphasis},  // sum P / (i^2 j^2) / N_z
      {"SmallDependenceHighGrayLevelEmphasis", "JA6D",
       &LevelCountStatistics::short_high_grey_level_emphasis},  // sum P i^2 / j^2 / N_z
      {"LargeDependenceLowGrayLevelEmphasis", "NBZI",
       &LevelCountStatistics::long_low_grey_level_emphasis},  // sum P j^2 / i^2 / N_z
      {"LargeDependenceHighGrayLevelEmphasis", "9QMG",
       &LevelCountStatistics::long_high_grey_level_emphasis},  // sum P i^2 j^2 / N_z
  };
  return features;
}

FeatureValues compute_gldm(const RegionData& region) {
  const auto& settings = region.settings;
  const texture::TextureGrid& grid = texture::discretised_grid(region, angle_padding(region));
  const auto neighbourhood = class_angles(grid, settings, settings.distances, true);
  const int alpha = static_cast<int>(std::lround(settings.gldm_a));
  const auto matrix = texture::dependence_matrices(grid, neighbourhood, alpha, -1).front();
  return class_values("gldm", gldm_features(),
                      std::vector<LevelCountStatistics>{texture::level_count_statistics(matrix)}, settings);
}

}  // namespace

FeatureFamily make_gldm_family() {
  return {"gldm", "PyRadiomics gray level dependence matrix features",
          [](const settings::ExtractionSettings& settings) {
            return describe_class("gldm", gldm_features(), volume_ibsi_aggregation(settings), settings);
          },
          compute_gldm};
}

}  // namespace radstudy::features::pyradiomics
