#include "features/pyradiomics/pyradiomics_texture.hpp"

#include <algorithm>
#include <cmath>

#include "features/texture/texture_support.hpp"

namespace radstudy::features::pyradiomics {

std::vector<texture::Offset> class_angles(const texture::TextureGrid& grid,
                                          const settings::ExtractionSettings& settings,
                                          const std::vector<int>& distances, bool bidirectional) {
  const int excluded_axis = settings.force_2d ? texture::texture_slice_axis(settings) : -1;
  return texture::pyradiomics_angles(grid.original_size, distances, excluded_axis, bidirectional);
}

int angle_padding(const RegionData& region) {
  const auto& size = region.image.size();
  return texture::pyradiomics_padding(
      {static_cast<int>(size[0]), static_cast<int>(size[1]), static_cast<int>(size[2])},
      region.settings.distances);
}

double angle_weight(const texture::Offset& angle, const core::Vec3& spacing, const std::string& norm) {
  double maximum = 0, squares = 0, sum = 0;
  for (int axis = 0; axis < 3; ++axis) {
    const double length = std::abs(angle.component(axis)) * spacing[axis];
    maximum = std::max(maximum, length);
    squares += length * length;
    sum += length;
  }
  if (norm == "infinity") return std::exp(-maximum * maximum);
  if (norm == "euclidean") return std::exp(-squares);
  if (norm == "manhattan") return std::exp(-sum * sum);
  return 1.0;  // no_weighting (and, as in PyRadiomics, any unknown norm)
}

int present_level_count(const texture::TextureGrid& grid) {
  std::vector<char> present(grid.level_count + 1, 0);
  for (std::size_t voxel : grid.region) present[grid.levels[voxel]] = 1;
  int count = 0;
  for (int level = 1; level <= grid.level_count; ++level) count += present[level];
  return count;
}

std::string directional_ibsi_aggregation(const settings::ExtractionSettings& settings) {
  const bool merged = !settings.weighting_norm.empty();
  if (settings.force_2d) return merged ? "2.5D, merged" : "2.5D, direction-merged";
  return merged ? "3D, merged" : "3D, averaged";
}

std::string volume_ibsi_aggregation(const settings::ExtractionSettings& settings) {
  return settings.force_2d ? "2.5D" : "3D";
}

}  // namespace radstudy::features::pyradiomics
