#include "features/pyradiomics/glszm_features.hpp"

#include "features/pyradiomics/pyradiomics_texture.hpp"
#include "features/texture/zone_matrices.hpp"

namespace radstudy::features::pyradiomics {
namespace {

using texture::LevelCountStatistics;
using Feature = ClassFeature<LevelCountStatistics>;

// P(i,j): zones of grey level i and size j; N_z: zones; N_p: voxels; p(i,j) = P(i,j) / N_z.
const std::vector<Feature>& glszm_features() {
  static const std::vector<Feature> features{
      {"SmallAreaEmphasis", "5QRC", &LevelCountStatistics::short_emphasis},  // sum P / j^2 / N_z
      {"LargeAreaEmphasis", "48P8", &LevelCountStatistics::long_emphasis},   // sum P j^2 / N_z
      {"GrayLevelNonUniformity", "JNSA",
       &LevelCountStatistics::grey_level_non_uniformity},  // sum_i (sum_j P)^2 / N_z
      {"GrayLevelNonUniformityNormalized", "Y1RO",
       &LevelCountStatistics::normalised_grey_level_non_uniformity},  // sum_i (sum_j P)^2 / N_z^2
      {"SizeZoneNonUniformity", "4JP3",
       &LevelCountStatistics::count_non_uniformity},  // sum_j (sum_i P)^2 / N_z
      {"SizeZoneNonUniformityNormalized", "VB3A",
       &LevelCountStatistics::normalised_count_non_uniformity},                   // sum_j (sum_i P)^2 / N_z^2
      {"ZonePercentage", "P30P", &LevelCountStatistics::percentage},              // N_z / N_p
      {"GrayLevelVariance", "BYLV", &LevelCountStatistics::grey_level_variance},  // sum p (i-mu_i)^2
      {"ZoneVariance", "3NSA", &LevelCountStatistics::count_variance},            // sum p (j-mu_j)^2
      {"ZoneEntropy", "GU8N", &LevelCountStatistics::entropy},                    // -sum p log2 p
      {"LowGrayLevelZoneEmphasis", "XMSY",
       &LevelCountStatistics::low_grey_level_emphasis},  // sum P / i^2 / N_z
      {"HighGrayLevelZoneEmphasis", "5GN9",
       &LevelCountStatistics::high_grey_level_emphasis},  // sum P i^2 / N_z
      {"SmallAreaLowGrayLevelEmphasis", "5RAI",
       &LevelCountStatistics::short_low_grey_level_emphasis},  // sum P / (i^2 j^2) / N_z
      {"SmallAreaHighGrayLevelEmphasis", "HW1V",
       &LevelCountStatistics::short_high_grey_level_emphasis},  // sum P i^2 / j^2 / N_z
      {"LargeAreaLowGrayLevelEmphasis", "YH51",
       &LevelCountStatistics::long_low_grey_level_emphasis},  // sum P j^2 / i^2 / N_z
      {"LargeAreaHighGrayLevelEmphasis", "J17V",
       &LevelCountStatistics::long_high_grey_level_emphasis},  // sum P i^2 j^2 / N_z
  };
  return features;
}

FeatureValues compute_glszm(const RegionData& region) {
  const auto& settings = region.settings;
  const texture::TextureGrid& grid = texture::discretised_grid(region, 1);
  // Under force2D the zones are linked in-plane only, but counted over the whole region.
  const int axis = settings.force_2d ? texture::texture_slice_axis(settings) : -1;
  auto matrices = texture::zone_matrices(grid, texture::find_zones(grid, axis, nullptr), axis, false);
  texture::LevelCountMatrix total;
  for (const auto& matrix : matrices) total.merge(matrix);
  return class_values("glszm", glszm_features(),
                      std::vector<LevelCountStatistics>{texture::level_count_statistics(total)}, settings);
}

}  // namespace

FeatureFamily make_glszm_family() {
  return {"glszm", "PyRadiomics gray level size zone matrix features",
          [](const settings::ExtractionSettings& settings) {
            return describe_class("glszm", glszm_features(), volume_ibsi_aggregation(settings), settings);
          },
          compute_glszm};
}

}  // namespace radstudy::features::pyradiomics
