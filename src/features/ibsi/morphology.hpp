#pragma once
#include "features/feature_family.hpp"

namespace radstudy::features::ibsi {

// IBSI morphological features (family `morph`, IBSI 3.1): the marching-cubes mesh of the
// morphological mask, its Qhull convex hull, PCA of the voxel centres, and the intensity mask
// for the intensity-weighted ones (centre of mass shift, integrated intensity, Moran's I,
// Geary's C).
FeatureFamily make_morph_family();

}  // namespace radstudy::features::ibsi
