#include "features/region_cache.hpp"

namespace radstudy::features {

const preprocess::DiscretisedImage& RegionCache::discretised(const RegionData& region) {
  if (!discretised_) discretised_ = preprocess::discretise(region.image, region.intensity_mask, region.settings);
  return *discretised_;
}

const texture::TextureGrid& RegionCache::texture_grid(const RegionData& region, int padding) {
  for (const auto& grid : grids_)
    if (grid->padding == padding) return *grid;
  grids_.push_back(std::make_unique<texture::TextureGrid>(
      texture::make_texture_grid(discretised(region), &region.morphological_mask, padding)));
  return *grids_.back();
}

RegionCache& region_cache(const RegionData& region) {
  if (!region.cache) region.cache = std::make_shared<RegionCache>();
  return *region.cache;
}

}  // namespace radstudy::features
