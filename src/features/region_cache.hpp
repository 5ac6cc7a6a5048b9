#pragma once
#include <memory>
#include <optional>
#include <vector>

#include "features/feature_family.hpp"
#include "features/texture/texture_grid.hpp"
#include "preprocess/discretisation.hpp"

namespace radstudy::features {

// Intermediate results that several feature families of one region share (the discretised
// intensities, the padded texture grid), each computed on first use and kept for the region's
// lifetime. Not thread-safe: a RegionData belongs to one thread.
class RegionCache {
public:
  const preprocess::DiscretisedImage& discretised(const RegionData& region);
  // The discretised region on a grid padded by `padding` voxels (texture::make_texture_grid).
  const texture::TextureGrid& texture_grid(const RegionData& region, int padding);

private:
  std::optional<preprocess::DiscretisedImage> discretised_;
  std::vector<std::unique_ptr<texture::TextureGrid>> grids_;  // one per padding asked for
};

// The region's cache, created on first use.
RegionCache& region_cache(const RegionData& region);

}  // namespace radstudy::features
