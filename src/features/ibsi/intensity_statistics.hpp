#pragma once
#include "features/feature_family.hpp"

namespace radstudy::features::ibsi {

// IBSI intensity-based statistical features (family `stat`, IBSI 3.3) on the intensity mask.
FeatureFamily make_stat_family();

}  // namespace radstudy::features::ibsi
