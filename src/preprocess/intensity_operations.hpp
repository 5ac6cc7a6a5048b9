#pragma once
#include <optional>
#include <vector>

#include "core/image.hpp"
#include "settings/extraction_settings.hpp"

namespace radstudy::preprocess {

// PyRadiomics' normalizeImage over the whole image: f(x) = s (x - mean) / sd with SimpleITK's
// Normalize (sd with N - 1); values beyond +-remove_outliers sd are clipped before scaling.
// The result is tagged Float64, the type sitk.Normalize returns.
void normalize_image(core::IntensityImage& image, double scale, std::optional<double> remove_outliers);

// Rounds every intensity to the nearest integer (halves to even), IBSI's intensity rounding.
void round_intensities(core::IntensityImage& image);

// Range re-segmentation: removes the mask voxels whose intensity lies outside the range.
// `range` is [lower] or [lower, upper] (sorted first); `mode` reads it as PyRadiomics does:
// absolute intensities, fractions of the region's maximum, or multiples of the region's standard
// deviation (numpy's, N) around its mean. Voxels equal to a threshold stay.
void resegment_by_range(const core::IntensityImage& image, core::Mask& mask, std::vector<double> range,
                        settings::ResegmentMode mode);

// IBSI outlier re-segmentation: removes the mask voxels outside mean +- sigma * sd of the
// region's intensities (sd with N).
void resegment_outliers(const core::IntensityImage& image, core::Mask& mask, double sigma);

std::size_t count_voxels(const core::Mask& mask);

}  // namespace radstudy::preprocess
