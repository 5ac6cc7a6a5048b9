#include "preprocess/region_preparation.hpp"

#include <fmt/format.h>

#include "core/errors.hpp"
#include "preprocess/bounding_box.hpp"

namespace radstudy::preprocess {
namespace {

void resegment_by_range(const core::IntensityImage& image, core::Mask& mask, const std::vector<double>& range) {
  if (range.empty()) return;
  const double lower = range[0];
  const double upper = range.size() > 1 ? range[1] : std::numeric_limits<double>::infinity();
  auto& inside = mask.voxels();
  const auto& voxels = image.voxels();
  for (std::size_t k = 0; k < inside.size(); ++k)
    if (inside[k] && (voxels[k] < lower || voxels[k] > upper)) inside[k] = 0;
}

std::size_t count_voxels(const core::Mask& mask) {
  std::size_t count = 0;
  for (auto value : mask.voxels()) count += value != 0;
  return count;
}

}  // namespace

PreparedRegion prepare_region(const core::IntensityImage& image, const core::Mask& mask,
                              const settings::ExtractionSettings& settings) {
  if (!image.geometry().same_grid(mask.geometry(), settings.geometry_tolerance))
    throw InputError("the mask does not lie on the image's grid (size, spacing, origin or direction differ)");
  const BoundingBox box = find_bounding_box(mask);
  if (box.empty()) throw InputError("the region is empty");
  if (!settings.resampled_pixel_spacing.empty())
    throw ConfigError("resampledPixelSpacing: resampling is not available yet");

  PreparedRegion region;
  region.image = crop(image, box, settings.pad_distance);
  region.morphological_mask = crop(mask, box, settings.pad_distance);
  region.intensity_mask = region.morphological_mask;
  resegment_by_range(region.image, region.intensity_mask, settings.resegment_range);
  const std::size_t voxels = count_voxels(region.intensity_mask);
  if (voxels == 0) throw InputError("no voxel of the region is left after re-segmentation");
  region.diagnostics.emplace_back("Mask_VoxelNum", std::to_string(count_voxels(region.morphological_mask)));
  region.diagnostics.emplace_back("Mask_ResegmentedVoxelNum", std::to_string(voxels));
  region.diagnostics.emplace_back(
      "Mask_BoundingBox", fmt::format("({};{};{};{};{};{})", box.lower[0], box.lower[1], box.lower[2], box.extent(0),
                                      box.extent(1), box.extent(2)));
  return region;
}

}  // namespace radstudy::preprocess
