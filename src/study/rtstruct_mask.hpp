#pragma once
#include <string>

#include "core/image.hpp"

namespace radstudy::study {

// The RTSTRUCT ROI `roi_name` rasterised onto `grid` by patient coordinates (contours are placed on
// slices by their position along the slice axis, never by referenced SOP instance UIDs).
// Throws InputError naming the file and the ROI.
core::Mask read_rtstruct_mask(const std::string& rtstruct_path, const std::string& roi_name,
                              const core::Geometry& grid);

}  // namespace radstudy::study
