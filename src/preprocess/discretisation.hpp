#pragma once
#include <string>
#include <vector>

#include "core/image.hpp"
#include "settings/extraction_settings.hpp"

namespace radstudy::preprocess {

// Grey levels of the intensity-mask voxels: 1..level_count inside the mask, 0 outside.
struct DiscretisedImage {
  core::Image<int> levels;
  int level_count = 0;       // the highest grey level present (Ng)
  double lower_bound = 0.0;  // the intensity at which bin 1 starts (fixed bin width)
};

// Fixed bin width when settings.bin_count is unset, else fixed bin number.
// PyRadiomics convention: bins of width w start at floor(min / w) * w.
// IBSI convention: bins start at the lower re-segmentation bound, else at the region minimum.
DiscretisedImage discretise(const core::IntensityImage& image, const core::Mask& intensity_mask,
                            const settings::ExtractionSettings& settings);

// Throws ConfigError naming binWidth when fixed bin width from lower_bound over [minimum, maximum]
// gives more than settings::kMaxGreyLevels grey levels, with the bin width that would fit.
void check_grey_level_count(double minimum, double maximum, double lower_bound, double bin_width,
                            const std::string& source);

DiscretisedImage discretise_fixed_bin_width(const core::IntensityImage& image, const core::Mask& intensity_mask,
                                            double bin_width, double lower_bound);
DiscretisedImage discretise_fixed_bin_count(const core::IntensityImage& image, const core::Mask& intensity_mask,
                                            int bin_count, settings::DiscretisationConvention convention);

}  // namespace radstudy::preprocess
