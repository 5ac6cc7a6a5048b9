#include "features/ibsi/dzm_features.hpp"

#include "features/texture/texture_support.hpp"
#include "features/texture/zone_matrices.hpp"

namespace radstudy::features::ibsi {
namespace {

using texture::LevelCountStatistics;
using Feature = texture::TextureFeature<LevelCountStatistics>;

// d_ij: zones of grey level i and border distance j; N_s: number of zones; N_v: voxels;
// p_ij = d_ij / N_s.
const std::vector<Feature>& dzm_features() {
  static const std::vector<Feature> features{
      {"SmallDistanceEmphasis", "0GBI", &LevelCountStatistics::short_emphasis},  // sum d_.j / j^2 / N_s
      {"LargeDistanceEmphasis", "MB4I", &LevelCountStatistics::long_emphasis},   // sum d_.j j^2 / N_s
      {"LowGreyLevelZoneEmphasis", "S1RA",
       &LevelCountStatistics::low_grey_level_emphasis},  // sum d_i. / i^2 / N_s
      {"HighGreyLevelZoneEmphasis", "K26C",
       &LevelCountStatistics::high_grey_level_emphasis},  // sum d_i. i^2 / N_s
      {"SmallDistanceLowGreyLevelEmphasis", "RUVG",
       &LevelCountStatistics::short_low_grey_level_emphasis},  // sum d_ij / (i^2 j^2) / N_s
      {"SmallDistanceHighGreyLevelEmphasis", "DKNJ",
       &LevelCountStatistics::short_high_grey_level_emphasis},  // sum d_ij i^2 / j^2 / N_s
      {"LargeDistanceLowGreyLevelEmphasis", "A7WM",
       &LevelCountStatistics::long_low_grey_level_emphasis},  // sum d_ij j^2 / i^2 / N_s
      {"LargeDistanceHighGreyLevelEmphasis", "KLTH",
       &LevelCountStatistics::long_high_grey_level_emphasis},  // sum d_ij i^2 j^2 / N_s
      {"GreyLevelNonUniformity", "VFT7",
       &LevelCountStatistics::grey_level_non_uniformity},  // sum d_i.^2 / N_s
      {"NormalisedGreyLevelNonUniformity", "7HP3",
       &LevelCountStatistics::normalised_grey_level_non_uniformity},  // sum d_i.^2 / N_s^2
      {"ZoneDistanceNonUniformity", "V294", &LevelCountStatistics::count_non_uniformity},  // sum d_.j^2 / N_s
      {"NormalisedZoneDistanceNonUniformity", "IATH",
       &LevelCountStatistics::normalised_count_non_uniformity},                   // sum d_.j^2 / N_s^2
      {"ZonePercentage", "VIWW", &LevelCountStatistics::percentage},              // N_s / N_v
      {"GreyLevelVariance", "QK93", &LevelCountStatistics::grey_level_variance},  // sum (i-mu_i)^2 p_ij
      {"ZoneDistanceVariance", "7WT1", &LevelCountStatistics::count_variance},    // sum (j-mu_j)^2 p_ij
      {"ZoneDistanceEntropy", "GBDU", &LevelCountStatistics::entropy},            // -sum p_ij log2 p_ij
  };
  return features;
}

FeatureValues compute_dzm(const RegionData& region) {
  const auto& settings = region.settings;
  const auto tokens = texture::volume_aggregations(settings);
  const texture::TextureGrid& grid = texture::discretised_grid(region, 1);
  texture::SliceStatistics slices;
  LevelCountStatistics volume;
  if (texture::wants_aggregation(tokens, "2")) {
    const int axis = texture::texture_slice_axis(settings);
    const auto distances = texture::border_distance_map(grid, axis);
    slices = texture::slice_statistics(
        texture::zone_matrices(grid, texture::find_zones(grid, axis, &distances), axis, true));
  }
  if (texture::wants_aggregation(tokens, "3D")) {
    const auto distances = texture::border_distance_map(grid, -1);
    volume = texture::level_count_statistics(
        texture::zone_matrices(grid, texture::find_zones(grid, -1, &distances), -1, true).front());
  }
  return texture::volume_aggregated_values("dzm", dzm_features(), tokens, slices.per_slice, slices.merged,
                                           volume, settings);
}

}  // namespace

FeatureFamily make_dzm_family() {
  return {"dzm", "IBSI grey level distance zone matrix features (with aggregation suffix)",
          [](const settings::ExtractionSettings& settings) {
            return texture::describe_aggregated("dzm", dzm_features(), texture::volume_aggregations(settings),
                                                settings);
          },
          compute_dzm};
}

}  // namespace radstudy::features::ibsi
