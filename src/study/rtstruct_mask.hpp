#pragma once
#include <string>

#include "core/image.hpp"
#include "settings/extraction_settings.hpp"

namespace radstudy::study {

// The RTSTRUCT ROI `roi_name` rasterised onto `grid` by patient coordinates (contours are placed on
// slices by their position along the slice axis, never by referenced SOP instance UIDs).
// Throws InputError naming the file and the ROI.
core::Mask read_rtstruct_mask(const std::string& rtstruct_path, const std::string& roi_name,
                              const core::Geometry& grid);

// The region of a case read from `mask_path`, for `image` (read from `image_path`): the RTSTRUCT ROI
// `roi` rasterised on the image's grid, or, without an ROI, the voxels equal to `label` in a label image.
// Throws InputError, naming the files, for a label outside settings::kMinLabel..kMaxLabel, an RTSTRUCT
// given without an ROI name (listing its ROIs), and a label image off the image's grid when
// settings.correct_mask is false (saying what differs: size, spacing, origin, direction).
core::Mask read_region_mask(const std::string& mask_path, const std::string& roi, int label,
                            const core::IntensityImage& image, const std::string& image_path,
                            const settings::ExtractionSettings& settings);

}  // namespace radstudy::study
