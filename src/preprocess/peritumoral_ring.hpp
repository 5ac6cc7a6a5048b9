#pragma once
#include <vector>

#include "core/image.hpp"

namespace radstudy::preprocess {

// Squared Euclidean distance in mm from each voxel centre to the nearest voxel centre of `mask` (0 inside
// it), with the grid's spacing on each axis: the exact separable transform of Felzenszwalb and
// Huttenlocher (2012). Voxels of an image without any mask voxel get +infinity.
std::vector<double> squared_distance_to_region_mm(const core::Mask& mask);

// The voxels outside `mask` whose centres lie within `width_mm` of a mask voxel centre (a ball in mm,
// whatever the spacing), on the mask's grid; when `intensity_range` holds [lower, upper], only those whose
// intensity in `image` (same grid) lies in it.
core::Mask peritumoral_ring(const core::Mask& mask, double width_mm, const core::IntensityImage& image,
                            const std::vector<double>& intensity_range);

}  // namespace radstudy::preprocess
