#pragma once
#include "features/feature_family.hpp"

namespace radstudy::features::ibsi {

// IBSI grey level size zone features (family `szm`, IBSI 3.8, 9SAK): zones of 26-connected (3D)
// or 8-connected in-plane (2D) voxels of equal grey level. Aggregations 2D (8QNN: mean over
// slices), 2.5D (62GR: merged slices) and 3D (KOBO).
FeatureFamily make_szm_family();

}  // namespace radstudy::features::ibsi
