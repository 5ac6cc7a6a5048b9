#pragma once
#include <set>
#include <string>

#include "features/feature_family.hpp"

namespace radstudy::features::texture {

// Refuses, before any texture matrix or padded grid is allocated, settings that would cost too much
// on this region: matrices of one class above settings::kMaxTextureMatrixBytes (grey levels from
// binWidth/binCount), neighbour visits above settings::kMaxNeighbourVisits or a padded grid above
// the byte limit (distances), and distances that give a class no neighbour at all. Throws
// ConfigError naming the key, its value and a value that fits. `families` are the classes to compute;
// discretises the region (through its cache) when a texture class is among them.
void check_texture_cost(const RegionData& region, const std::set<std::string>& families);

}  // namespace radstudy::features::texture
