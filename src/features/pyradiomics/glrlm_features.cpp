#include "features/pyradiomics/glrlm_features.hpp"

#include "features/pyradiomics/pyradiomics_texture.hpp"
#include "features/texture/run_length_matrix.hpp"

namespace radstudy::features::pyradiomics {
namespace {

using texture::LevelCountMatrix;
using texture::LevelCountStatistics;
using Feature = ClassFeature<LevelCountStatistics>;

// P(i,j): runs of grey level i and length j; N_r: runs; N_p: voxels; p(i,j) = P(i,j) / N_r.
const std::vector<Feature>& glrlm_features() {
  static const std::vector<Feature> features{
      {"ShortRunEmphasis", "22OV", &LevelCountStatistics::short_emphasis},  // sum P(i,j) / j^2 / N_r
      {"LongRunEmphasis", "W4KF", &LevelCountStatistics::long_emphasis},    // sum P(i,j) j^2 / N_r
      {"GrayLevelNonUniformity", "R5YN",
       &LevelCountStatistics::grey_level_non_uniformity},  // sum_i (sum_j P)^2 / N_r
      {"GrayLevelNonUniformityNormalized", "OVBL",
       &LevelCountStatistics::normalised_grey_level_non_uniformity},  // sum_i (sum_j P)^2 / N_r^2
      {"RunLengthNonUniformity", "W92Y",
       &LevelCountStatistics::count_non_uniformity},  // sum_j (sum_i P)^2 / N_r
      {"RunLengthNonUniformityNormalized", "IC23",
       &LevelCountStatistics::normalised_count_non_uniformity},                   // sum_j (sum_i P)^2 / N_r^2
      {"RunPercentage", "9ZK5", &LevelCountStatistics::percentage},               // N_r / N_p
      {"GrayLevelVariance", "8CE5", &LevelCountStatistics::grey_level_variance},  // sum p(i,j) (i-mu_i)^2
      {"RunVariance", "SXLW", &LevelCountStatistics::count_variance},             // sum p(i,j) (j-mu_j)^2
      {"RunEntropy", "HJ9O", &LevelCountStatistics::entropy},                     // -sum p(i,j) log2 p(i,j)
      {"LowGrayLevelRunEmphasis", "V3SW",
       &LevelCountStatistics::low_grey_level_emphasis},  // sum P / i^2 / N_r
      {"HighGrayLevelRunEmphasis", "G3QZ",
       &LevelCountStatistics::high_grey_level_emphasis},  // sum P i^2 / N_r
      {"ShortRunLowGrayLevelEmphasis", "HTZT",
       &LevelCountStatistics::short_low_grey_level_emphasis},  // sum P / (i^2 j^2) / N_r
      {"ShortRunHighGrayLevelEmphasis", "GD3A",
       &LevelCountStatistics::short_high_grey_level_emphasis},  // sum P i^2 / j^2 / N_r
      {"LongRunLowGrayLevelEmphasis", "IVPO",
       &LevelCountStatistics::long_low_grey_level_emphasis},  // sum P j^2 / i^2 / N_r
      {"LongRunHighGrayLevelEmphasis", "3KUM",
       &LevelCountStatistics::long_high_grey_level_emphasis},  // sum P i^2 j^2 / N_r
  };
  return features;
}

FeatureValues compute_glrlm(const RegionData& region) {
  const auto& settings = region.settings;
  const texture::TextureGrid& grid = texture::discretised_grid(region, 1);
  const auto angles = class_angles(grid, settings, {1}, false);
  std::vector<LevelCountMatrix> matrices;
  for (auto& runs : texture::region_run_length_matrices(grid, angles)) {
    if (!runs.has_multi_voxel_line) runs.matrix.entries.clear();  // a 2D region along this angle
    matrices.push_back(std::move(runs.matrix));
  }
  if (!settings.weighting_norm.empty()) {
    LevelCountMatrix weighted;
    for (std::size_t a = 0; a < angles.size(); ++a) {
      const double weight = angle_weight(angles[a], region.image.spacing(), settings.weighting_norm);
      LevelCountMatrix scaled = matrices[a];
      for (auto& entry : scaled.entries) entry.count *= weight;
      scaled.voxel_count = 0;
      weighted.merge(scaled);
    }
    // PyRadiomics' N_p of a merged matrix: the voxels its runs cover, sum_ij j P(i,j), so that each
    // voxel counts once per merged angle.
    weighted.voxel_count = 0;
    for (const auto& entry : weighted.entries) weighted.voxel_count += entry.count * entry.column;
    matrices.assign(1, std::move(weighted));
  }
  std::vector<LevelCountStatistics> statistics;
  for (const auto& matrix : matrices) statistics.push_back(texture::level_count_statistics(matrix));
  return class_values("glrlm", glrlm_features(), statistics, settings);
}

}  // namespace

FeatureFamily make_glrlm_family() {
  return {"glrlm", "PyRadiomics gray level run length matrix features",
          [](const settings::ExtractionSettings& settings) {
            return describe_class("glrlm", glrlm_features(), directional_ibsi_aggregation(settings),
                                  settings);
          },
          compute_glrlm};
}

}  // namespace radstudy::features::pyradiomics
