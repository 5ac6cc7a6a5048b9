#pragma once
#include "features/feature_family.hpp"

namespace radstudy::features::ibsi {

// IBSI neighbouring grey level dependence features (family `ngl`, IBSI 3.11, REK0): dependence
// j = 1 + the ROI neighbours within Chebyshev distance delta = distances[0] whose grey level differs
// by at most alpha = gldm_a. Aggregations 2D, 2.5D, 3D.
FeatureFamily make_ngl_family();

}  // namespace radstudy::features::ibsi
