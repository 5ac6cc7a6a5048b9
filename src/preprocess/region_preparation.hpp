#pragma once
#include "core/image.hpp"
#include "settings/extraction_settings.hpp"

namespace radstudy::preprocess {

// A region ready for feature extraction: image and masks on one grid, cropped to the region's
// bounding box plus settings.pad_distance voxels (with resampleGrid: ibsi, at least enough for the
// 6.2 mm local intensity sphere). The image keeps its stored pixel type tag.
struct PreparedRegion {
  core::IntensityImage image;
  core::Mask morphological_mask;  // after resampling, before re-segmentation
  core::Mask intensity_mask;      // after re-segmentation
};

// Applies the settings' preprocessing in PyRadiomics' or IBSI's order: mask checks,
// normalisation, resampling (image and mask), intensity rounding, cropping, re-segmentation.
// `image` and `mask` must share a grid (or settings.correct_mask must be set).
// Throws InputError for an empty or too small region. The crop keeps at least `minimum_padding` voxels
// around the region (the margin filters need) where the image has them; with PyRadiomics' resampling,
// never beyond its grid (the region's box plus padDistance, resampled), which `grid_padding` (>
// padDistance) widens for regions drawn around the segmentation (rings).
PreparedRegion prepare_region(const core::IntensityImage& image, const core::Mask& mask,
                              const settings::ExtractionSettings& settings, int minimum_padding = 0,
                              int grid_padding = 0);

}  // namespace radstudy::preprocess
