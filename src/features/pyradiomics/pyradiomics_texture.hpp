#pragma once
#include <vector>

#include "features/feature_family.hpp"
#include "features/texture/texture_grid.hpp"
#include "features/texture/texture_support.hpp"

namespace radstudy::features::pyradiomics {

// PyRadiomics' angles for a class: offsets at the Chebyshev distances `distances` within the
// cropped image, in-plane under force2D, one of each +/- pair unless `bidirectional`.
std::vector<texture::Offset> class_angles(const texture::TextureGrid& grid,
                                          const settings::ExtractionSettings& settings,
                                          const std::vector<int>& distances, bool bidirectional);

// The grid padding of the region's angles (texture::pyradiomics_padding of the prepared image).
int angle_padding(const RegionData& region);

// PyRadiomics' distance weight of an angle for weightingNorm: exp(-|a|^2) with |a| the infinity,
// euclidean or manhattan norm of the angle scaled by the voxel spacing; 1 for no_weighting.
double angle_weight(const texture::Offset& angle, const core::Vec3& spacing, const std::string& norm);

// The number of distinct grey levels in the region.
int present_level_count(const texture::TextureGrid& grid);

// The IBSI aggregation of a PyRadiomics class: "3D, averaged" per angle, "3D, merged" with
// weightingNorm, their 2.5D counterparts under force2D; for single-matrix classes "3D" or "2.5D".
std::string directional_ibsi_aggregation(const settings::ExtractionSettings& settings);
std::string volume_ibsi_aggregation(const settings::ExtractionSettings& settings);

// A PyRadiomics feature: its name, its IBSI identifier (empty when IBSI has none), its statistic.
template <typename Statistics>
struct ClassFeature {
  const char* name;
  const char* ibsi_key;
  double Statistics::*field;
};

// The features of a class enabled by the parameter file, named "<family>_<Feature>".
template <typename Statistics>
std::vector<FeatureDescription> describe_class(const std::string& family,
                                               const std::vector<ClassFeature<Statistics>>& features,
                                               const std::string& aggregation,
                                               const settings::ExtractionSettings& settings) {
  std::vector<FeatureDescription> descriptions;
  for (const auto& feature : features)
    if (texture::feature_enabled(settings, family, feature.name))
      descriptions.push_back({family + "_" + feature.name, feature.name, feature.ibsi_key,
                              *feature.ibsi_key ? aggregation : std::string()});
  return descriptions;
}

// The enabled features' values: each the mean over `statistics` (one per angle, or a single one).
template <typename Statistics>
FeatureValues class_values(const std::string& family, const std::vector<ClassFeature<Statistics>>& features,
                           const std::vector<Statistics>& statistics,
                           const settings::ExtractionSettings& settings) {
  FeatureValues values;
  for (const auto& feature : features)
    if (texture::feature_enabled(settings, family, feature.name))
      values.push_back({family + "_" + feature.name, texture::mean_of(statistics, feature.field)});
  return values;
}

}  // namespace radstudy::features::pyradiomics
