#pragma once
#include "features/feature_family.hpp"

namespace radstudy::features::ibsi {

// IBSI grey level run length features (family `rlm`, IBSI 3.7, TP0I) with the six IBSI
// aggregation methods (as for `cm`). Runs along the 13 (3D) or 4 in-plane (2D) directions.
FeatureFamily make_rlm_family();

}  // namespace radstudy::features::ibsi
