#include "features/ibsi/ngl_features.hpp"

#include <cmath>

#include "features/texture/neighbourhood_matrices.hpp"
#include "features/texture/texture_support.hpp"

namespace radstudy::features::ibsi {
namespace {

using texture::LevelCountStatistics;
using Feature = texture::TextureFeature<LevelCountStatistics>;

// s_ij: neighbourhoods with centre grey level i and dependence j; N_s = N_v: neighbourhoods;
// p_ij = s_ij / N_s.
const std::vector<Feature>& ngl_features() {
  static const std::vector<Feature> features{
      {"LowDependenceEmphasis", "SODN", &LevelCountStatistics::short_emphasis},  // sum s_.j / j^2 / N_s
      {"HighDependenceEmphasis", "IMOQ", &LevelCountStatistics::long_emphasis},  // sum s_.j j^2 / N_s
      {"LowGreyLevelCountEmphasis", "TL9H",
       &LevelCountStatistics::low_grey_level_emphasis},  // sum s_i. / i^2 / N_s
      {"HighGreyLevelCountEmphasis", "OAE7",
       &LevelCountStatistics::high_grey_level_emphasis},  // sum s_i. i^2 / N_s
      {"LowDependenceLowGreyLevelEmphasis", "EQ3F",
       &LevelCountStatistics::short_low_grey_level_emphasis},  // sum s_ij / (i^2 j^2) / N_s
      {"LowDependenceHighGreyLevelEmphasis", "JA6D",
       &LevelCountStatistics::short_high_grey_level_emphasis},  // sum s_ij i^2 / j^2 / N_s
      {"HighDependenceLowGreyLevelEmphasis", "NBZI",
       &LevelCountStatistics::long_low_grey_level_emphasis},  // sum s_ij j^2 / i^2 / N_s
      {"HighDependenceHighGreyLevelEmphasis", "9QMG",
       &LevelCountStatistics::long_high_grey_level_emphasis},  // sum s_ij i^2 j^2 / N_s
      {"GreyLevelNonUniformity", "FP8K",
       &LevelCountStatistics::grey_level_non_uniformity},  // sum s_i.^2 / N_s
      {"NormalisedGreyLevelNonUniformity", "5SPA",
       &LevelCountStatistics::normalised_grey_level_non_uniformity},  // sum s_i.^2 / N_s^2
      {"DependenceCountNonUniformity", "Z87G",
       &LevelCountStatistics::count_non_uniformity},  // sum s_.j^2 / N_s
      {"NormalisedDependenceCountNonUniformity", "OKJI",
       &LevelCountStatistics::normalised_count_non_uniformity},                    // sum s_.j^2 / N_s^2
      {"DependenceCountPercentage", "6XV8", &LevelCountStatistics::percentage},    // N_s / N_v
      {"GreyLevelVariance", "1PFV", &LevelCountStatistics::grey_level_variance},   // sum (i-mu_i)^2 p_ij
      {"DependenceCountVariance", "DNX2", &LevelCountStatistics::count_variance},  // sum (j-mu_j)^2 p_ij
      {"DependenceCountEntropy", "FCBV", &LevelCountStatistics::entropy},          // -sum p_ij log2 p_ij
      {"DependenceCountEnergy", "CAS9", &LevelCountStatistics::energy},            // sum p_ij^2
  };
  return features;
}

FeatureValues compute_ngl(const RegionData& region) {
  const auto& settings = region.settings;
  const auto tokens = texture::volume_aggregations(settings);
  const int distance = texture::ibsi_distance(settings);
  const int alpha = static_cast<int>(std::lround(settings.gldm_a));
  const texture::TextureGrid& grid = texture::discretised_grid(region, distance);
  texture::SliceStatistics slices;
  LevelCountStatistics volume;
  if (texture::wants_aggregation(tokens, "2")) {
    const int axis = texture::texture_slice_axis(settings);
    slices = texture::slice_statistics(
        texture::dependence_matrices(grid, texture::chebyshev_neighbourhood(distance, axis), alpha, axis));
  }
  if (texture::wants_aggregation(tokens, "3D"))
    volume = texture::level_count_statistics(
        texture::dependence_matrices(grid, texture::chebyshev_neighbourhood(distance, -1), alpha, -1)
            .front());
  return texture::volume_aggregated_values("ngl", ngl_features(), tokens, slices.per_slice, slices.merged,
                                           volume, settings);
}

}  // namespace

FeatureFamily make_ngl_family() {
  return {"ngl", "IBSI neighbouring grey level dependence matrix features (with aggregation suffix)",
          [](const settings::ExtractionSettings& settings) {
            return texture::describe_aggregated("ngl", ngl_features(), texture::volume_aggregations(settings),
                                                settings);
          },
          compute_ngl};
}

}  // namespace radstudy::features::ibsi
