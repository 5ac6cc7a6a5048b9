#include "features/texture/texture_support.hpp"

#include <algorithm>

#include "core/errors.hpp"
#include "features/region_cache.hpp"

namespace radstudy::features::texture {

const TextureGrid& discretised_grid(const RegionData& region, int padding) {
  return region_cache(region).texture_grid(region, padding);
}

int texture_slice_axis(const settings::ExtractionSettings& settings) {
  return slice_axis_from_force2d_dimension(settings.force_2d_dimension);
}

std::vector<std::string> directional_aggregations(const settings::ExtractionSettings& settings) {
  static const std::vector<std::string> known{"2Davg", "2Dsmrg", "25Ddmrg", "25Dmrg", "3Davg", "3Dmrg"};
  if (settings.texture_aggregation.empty()) {
    if (settings.force_2d) return {"2Davg", "2Dsmrg", "25Ddmrg", "25Dmrg"};
    return {"3Davg", "3Dmrg"};
  }
  std::vector<std::string> tokens;
  for (const auto& token : known)
    if (std::find(settings.texture_aggregation.begin(), settings.texture_aggregation.end(), token) !=
        settings.texture_aggregation.end())
      tokens.push_back(token);
  return tokens;
}

std::vector<std::string> volume_aggregations(const settings::ExtractionSettings& settings) {
  std::vector<std::string> tokens;
  for (const auto& token : directional_aggregations(settings)) {
    const std::string mapped = token.rfind("25D", 0) == 0 ? "25D" : token.substr(0, 2);
    if (std::find(tokens.begin(), tokens.end(), mapped) == tokens.end()) tokens.push_back(mapped);
  }
  return tokens;
}

std::string ibsi_aggregation_name(const std::string& token) {
  if (token == "2Davg") return "2D, averaged";
  if (token == "2Dsmrg") return "2D, slice-merged";
  if (token == "25Ddmrg") return "2.5D, direction-merged";
  if (token == "25Dmrg") return "2.5D, merged";
  if (token == "3Davg") return "3D, averaged";
  if (token == "3Dmrg") return "3D, merged";
  if (token == "2D") return "2D";
  if (token == "25D") return "2.5D";
  if (token == "3D") return "3D";
  throw ConfigError("textureAggregation: unknown aggregation '" + token + "'");
}

bool feature_enabled(const settings::ExtractionSettings& settings, const std::string& family,
                     const std::string& feature) {
  const auto found = settings.feature_classes.find(family);
  if (found == settings.feature_classes.end() || found->second.empty()) return true;
  return std::find(found->second.begin(), found->second.end(), feature) != found->second.end();
}

int ibsi_distance(const settings::ExtractionSettings& settings) {
  if (settings.distances.empty()) return 1;
  if (settings.distances.front() < 1) throw ConfigError("distances: every distance must be at least 1");
  return settings.distances.front();
}

}  // namespace radstudy::features::texture
