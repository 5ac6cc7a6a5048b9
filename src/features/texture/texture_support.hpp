#pragma once
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "features/feature_family.hpp"
#include "features/texture/texture_grid.hpp"

namespace radstudy::features::texture {

// A feature of a texture family: its CamelCase name, its IBSI identifier (empty when IBSI has none)
// and the statistic it reads.
template <typename Statistics>
struct TextureFeature {
  const char* name;
  const char* ibsi_key;
  double Statistics::*field;
};

// The discretised region on a padded grid (padding >= the largest neighbour offset used), shared by
// the families of the region (computed once per padding, see region_cache.hpp).
const TextureGrid& discretised_grid(const RegionData& region, int padding);

// The axis perpendicular to the slices of 2D / 2.5D texture (axial unless force2Ddimension says otherwise).
int texture_slice_axis(const settings::ExtractionSettings& settings);

// IBSI aggregation tokens. Directional families (cm, rlm) use 2Davg, 2Dsmrg, 25Ddmrg, 25Dmrg,
// 3Davg, 3Dmrg; the others 2D, 25D, 3D. Taken from textureAggregation, else the 3D ones, or the
// 2D and 2.5D ones under force2D.
std::vector<std::string> directional_aggregations(const settings::ExtractionSettings& settings);
std::vector<std::string> volume_aggregations(const settings::ExtractionSettings& settings);
// The IBSI notation of a token, e.g. "3Davg" -> "3D, averaged".
std::string ibsi_aggregation_name(const std::string& token);

// Whether the parameter file enables `feature` of `family` (an empty list enables all).
bool feature_enabled(const settings::ExtractionSettings& settings, const std::string& family,
                     const std::string& feature);

// The first of settings.distances (IBSI texture uses one neighbourhood distance).
int ibsi_distance(const settings::ExtractionSettings& settings);

// Mean of a statistic over the non-empty statistics, ignoring NaN (NaN when none is left).
template <typename Statistics>
double mean_of(const std::vector<Statistics>& statistics, double Statistics::*field) {
  double sum = 0;
  int count = 0;
  for (const auto& s : statistics) {
    if (s.empty || std::isnan(s.*field)) continue;
    sum += s.*field;
    ++count;
  }
  return count > 0 ? sum / count : std::numeric_limits<double>::quiet_NaN();
}

// Lists the features of an IBSI texture family for each aggregation token, aggregation-major,
// named "<family>_<Feature>_<token>".
template <typename Statistics>
std::vector<FeatureDescription> describe_aggregated(const std::string& family,
                                                    const std::vector<TextureFeature<Statistics>>& features,
                                                    const std::vector<std::string>& tokens,
                                                    const settings::ExtractionSettings& settings) {
  std::vector<FeatureDescription> descriptions;
  for (const auto& token : tokens)
    for (const auto& feature : features) {
      if (!feature_enabled(settings, family, feature.name)) continue;
      const std::string suffixed = std::string(feature.name) + "_" + token;
      descriptions.push_back(
          {family + "_" + suffixed, suffixed, feature.ibsi_key, ibsi_aggregation_name(token)});
    }
  return descriptions;
}

// Appends the values of one aggregation (mean over `statistics`) in describe_aggregated's order.
template <typename Statistics>
void append_aggregated(const std::string& family, const std::vector<TextureFeature<Statistics>>& features,
                       const std::string& token, const std::vector<Statistics>& statistics,
                       const settings::ExtractionSettings& settings, FeatureValues& values) {
  for (const auto& feature : features) {
    if (!feature_enabled(settings, family, feature.name)) continue;
    values.push_back({family + "_" + feature.name + "_" + token, mean_of(statistics, feature.field)});
  }
}

// Values of a family aggregated as 2D (mean over slices), 2.5D (merged slices) or 3D, in token order.
template <typename Statistics>
FeatureValues volume_aggregated_values(const std::string& family,
                                       const std::vector<TextureFeature<Statistics>>& features,
                                       const std::vector<std::string>& tokens,
                                       const std::vector<Statistics>& per_slice,
                                       const Statistics& merged_slices, const Statistics& volume,
                                       const settings::ExtractionSettings& settings) {
  FeatureValues values;
  for (const auto& token : tokens) {
    if (token == "2D")
      append_aggregated(family, features, token, per_slice, settings, values);
    else
      append_aggregated(family, features, token,
                        std::vector<Statistics>{token == "25D" ? merged_slices : volume}, settings, values);
  }
  return values;
}

inline bool wants_aggregation(const std::vector<std::string>& tokens, const std::string& prefix) {
  for (const auto& token : tokens)
    if (token.rfind(prefix, 0) == 0) return true;
  return false;
}

}  // namespace radstudy::features::texture
