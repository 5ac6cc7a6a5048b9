#include "features/ibsi/rlm_features.hpp"

#include "features/texture/run_length_matrix.hpp"
#include "features/texture/texture_support.hpp"

namespace radstudy::features::ibsi {
namespace {

using texture::LevelCountMatrix;
using texture::LevelCountStatistics;
using Feature = texture::TextureFeature<LevelCountStatistics>;

// r_ij: runs of grey level i and length j; N_s: number of runs; N_v: voxels; p_ij = r_ij / N_s.
const std::vector<Feature>& rlm_features() {
  static const std::vector<Feature> features{
      {"ShortRunsEmphasis", "22OV", &LevelCountStatistics::short_emphasis},  // sum r_.j / j^2 / N_s
      {"LongRunsEmphasis", "W4KF", &LevelCountStatistics::long_emphasis},    // sum r_.j j^2 / N_s
      {"LowGreyLevelRunEmphasis", "V3SW",
       &LevelCountStatistics::low_grey_level_emphasis},  // sum r_i. / i^2 / N_s
      {"HighGreyLevelRunEmphasis", "G3QZ",
       &LevelCountStatistics::high_grey_level_emphasis},  // sum r_i. i^2 / N_s
      {"ShortRunLowGreyLevelEmphasis", "HTZT",
       &LevelCountStatistics::short_low_grey_level_emphasis},  // sum r_ij / (i^2 j^2) / N_s
      {"ShortRunHighGreyLevelEmphasis", "GD3A",
       &LevelCountStatistics::short_high_grey_level_emphasis},  // sum r_ij i^2 / j^2 / N_s
      {"LongRunLowGreyLevelEmphasis", "IVPO",
       &LevelCountStatistics::long_low_grey_level_emphasis},  // sum r_ij j^2 / i^2 / N_s
      {"LongRunHighGreyLevelEmphasis", "3KUM",
       &LevelCountStatistics::long_high_grey_level_emphasis},  // sum r_ij i^2 j^2 / N_s
      {"GreyLevelNonUniformity", "R5YN",
       &LevelCountStatistics::grey_level_non_uniformity},  // sum r_i.^2 / N_s
      {"NormalisedGreyLevelNonUniformity", "OVBL",
       &LevelCountStatistics::normalised_grey_level_non_uniformity},                    // sum r_i.^2 / N_s^2
      {"RunLengthNonUniformity", "W92Y", &LevelCountStatistics::count_non_uniformity},  // sum r_.j^2 / N_s
      {"NormalisedRunLengthNonUniformity", "IC23",
       &LevelCountStatistics::normalised_count_non_uniformity},                   // sum r_.j^2 / N_s^2
      {"RunPercentage", "9ZK5", &LevelCountStatistics::percentage},               // N_s / N_v
      {"GreyLevelVariance", "8CE5", &LevelCountStatistics::grey_level_variance},  // sum (i-mu_i)^2 p_ij
      {"RunLengthVariance", "SXLW", &LevelCountStatistics::count_variance},       // sum (j-mu_j)^2 p_ij
      {"RunEntropy", "HJ9O", &LevelCountStatistics::entropy},                     // -sum p_ij log2 p_ij
  };
  return features;
}

bool wants(const std::vector<std::string>& tokens, const std::string& prefix) {
  for (const auto& token : tokens)
    if (token.rfind(prefix, 0) == 0) return true;
  return false;
}

FeatureValues compute_rlm(const RegionData& region) {
  const auto& settings = region.settings;
  const auto tokens = texture::directional_aggregations(settings);
  const texture::TextureGrid& grid = texture::discretised_grid(region, 1);

  std::vector<LevelCountStatistics> averaged_3d, merged_3d, averaged_2d, slice_merged_2d,
      direction_merged_25d, merged_25d;
  if (wants(tokens, "3D")) {
    LevelCountMatrix total;
    for (const auto& runs : texture::region_run_length_matrices(grid, texture::ibsi_directions(1, -1))) {
      averaged_3d.push_back(texture::level_count_statistics(runs.matrix));
      total.merge(runs.matrix);
    }
    merged_3d.push_back(texture::level_count_statistics(total));
  }
  if (wants(tokens, "2")) {
    const int axis = texture::texture_slice_axis(settings);
    const auto directions = texture::ibsi_directions(1, axis);
    std::vector<LevelCountMatrix> per_direction(directions.size());
    LevelCountMatrix total;
    for (int slice = 0; slice < grid.slice_count(axis); ++slice) {
      LevelCountMatrix slice_total;
      for (std::size_t d = 0; d < directions.size(); ++d) {
        const auto runs = texture::run_length_matrix(grid, directions[d], axis, slice, slice + 1);
        if (runs.matrix.entries.empty()) continue;
        averaged_2d.push_back(texture::level_count_statistics(runs.matrix));
        slice_total.merge(runs.matrix);
        per_direction[d].merge(runs.matrix);
      }
      if (!slice_total.entries.empty())
        slice_merged_2d.push_back(texture::level_count_statistics(slice_total));
    }
    for (const auto& matrix : per_direction) {
      direction_merged_25d.push_back(texture::level_count_statistics(matrix));
      total.merge(matrix);
    }
    merged_25d.push_back(texture::level_count_statistics(total));
  }

  FeatureValues values;
  for (const auto& token : tokens) {
    const auto& statistics = token == "2Davg"     ? averaged_2d
                             : token == "2Dsmrg"  ? slice_merged_2d
                             : token == "25Ddmrg" ? direction_merged_25d
                             : token == "25Dmrg"  ? merged_25d
                             : token == "3Davg"   ? averaged_3d
                                                  : merged_3d;
    texture::append_aggregated("rlm", rlm_features(), token, statistics, settings, values);
  }
  return values;
}

}  // namespace

FeatureFamily make_rlm_family() {
  return {"rlm", "IBSI grey level run length matrix features (with aggregation suffix)",
          [](const settings::ExtractionSettings& settings) {
            return texture::describe_aggregated("rlm", rlm_features(),
                                                texture::directional_aggregations(settings), settings);
          },
          compute_rlm};
}

}  // namespace radstudy::features::ibsi
