#pragma once
#include "features/feature_family.hpp"

namespace radstudy::features::ibsi {

// IBSI local intensity features (family `loc`, IBSI 3.2): mean intensities in a 1 cm^3 sphere
// (radius (3 / (4 pi))^(1/3) cm) around intensity-mask voxels, drawing on every image voxel
// inside the sphere (the region's image is cropped with padDistance: give it room).
FeatureFamily make_loc_family();

}  // namespace radstudy::features::ibsi
