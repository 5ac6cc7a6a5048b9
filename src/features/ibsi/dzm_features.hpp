#pragma once
#include "features/feature_family.hpp"

namespace radstudy::features::ibsi {

// IBSI grey level distance zone features (family `dzm`, IBSI 3.9, VMDZ): the zones of `szm`
// (from the intensity mask) against their smallest distance to the border of the morphological
// mask (6-connected steps in 3D, 4-connected in 2D; 1 on the border). Aggregations 2D, 2.5D, 3D.
FeatureFamily make_dzm_family();

}  // namespace radstudy::features::ibsi
