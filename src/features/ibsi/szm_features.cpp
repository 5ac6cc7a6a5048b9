#include "features/ibsi/szm_features.hpp"

#include "features/texture/texture_support.hpp"
#include "features/texture/zone_matrices.hpp"

namespace radstudy::features::ibsi {
namespace {

using texture::LevelCountStatistics;
using Feature = texture::TextureFeature<LevelCountStatistics>;

// s_ij: zones of grey level i and size j; N_s: number of zones; N_v: voxels; p_ij = s_ij / N_s.
const std::vector<Feature>& szm_features() {
  static const std::vector<Feature> features{
      {"SmallZoneEmphasis", "5QRC", &LevelCountStatistics::short_emphasis},  // sum s_.j / j^2 / N_s
      {"LargeZoneEmphasis", "48P8", &LevelCountStatistics::long_emphasis},   // sum s_.j j^2 / N_s
      {"LowGreyLevelZoneEmphasis", "XMSY",
       &LevelCountStatistics::low_grey_level_emphasis},  // sum s_i. / i^2 / N_s
      {"HighGreyLevelZoneEmphasis", "5GN9",
       &LevelCountStatistics::high_grey_level_emphasis},  // sum s_i. i^2 / N_s
      {"SmallZoneLowGreyLevelEmphasis", "5RAI",
       &LevelCountStatistics::short_low_grey_level_emphasis},  // sum s_ij / (i^2 j^2) / N_s
      {"SmallZoneHighGreyLevelEmphasis", "HW1V",
       &LevelCountStatistics::short_high_grey_level_emphasis},  // sum s_ij i^2 / j^2 / N_s
      {"LargeZoneLowGreyLevelEmphasis", "YH51",
       &LevelCountStatistics::long_low_grey_level_emphasis},  // sum s_ij j^2 / i^2 / N_s
      {"LargeZoneHighGreyLevelEmphasis", "J17V",
       &LevelCountStatistics::long_high_grey_level_emphasis},  // sum s_ij i^2 j^2 / N_s
      {"GreyLevelNonUniformity", "JNSA",
       &LevelCountStatistics::grey_level_non_uniformity},  // sum s_i.^2 / N_s
      {"NormalisedGreyLevelNonUniformity", "Y1RO",
       &LevelCountStatistics::normalised_grey_level_non_uniformity},                   // sum s_i.^2 / N_s^2
      {"ZoneSizeNonUniformity", "4JP3", &LevelCountStatistics::count_non_uniformity},  // sum s_.j^2 / N_s
      {"NormalisedZoneSizeNonUniformity", "VB3A",
       &LevelCountStatistics::normalised_count_non_uniformity},                   // sum s_.j^2 / N_s^2
      {"ZonePercentage", "P30P", &LevelCountStatistics::percentage},              // N_s / N_v
      {"GreyLevelVariance", "BYLV", &LevelCountStatistics::grey_level_variance},  // sum (i-mu_i)^2 p_ij
      {"ZoneSizeVariance", "3NSA", &LevelCountStatistics::count_variance},        // sum (j-mu_j)^2 p_ij
      {"ZoneSizeEntropy", "GU8N", &LevelCountStatistics::entropy},                // -sum p_ij log2 p_ij
  };
  return features;
}

FeatureValues compute_szm(const RegionData& region) {
  const auto& settings = region.settings;
  const auto tokens = texture::volume_aggregations(settings);
  const texture::TextureGrid& grid = texture::discretised_grid(region, 1);
  texture::SliceStatistics slices;
  LevelCountStatistics volume;
  if (texture::wants_aggregation(tokens, "2")) {
    const int axis = texture::texture_slice_axis(settings);
    slices = texture::slice_statistics(
        texture::zone_matrices(grid, texture::find_zones(grid, axis, nullptr), axis, false));
  }
  if (texture::wants_aggregation(tokens, "3D"))
    volume = texture::level_count_statistics(
        texture::zone_matrices(grid, texture::find_zones(grid, -1, nullptr), -1, false).front());
  return texture::volume_aggregated_values("szm", szm_features(), tokens, slices.per_slice, slices.merged,
                                           volume, settings);
}

}  // namespace

FeatureFamily make_szm_family() {
  return {"szm", "IBSI grey level size zone matrix features (with aggregation suffix)",
          [](const settings::ExtractionSettings& settings) {
            return texture::describe_aggregated("szm", szm_features(), texture::volume_aggregations(settings),
                                                settings);
          },
          compute_szm};
}

}  // namespace radstudy::features::ibsi
