#pragma once
#include "features/feature_family.hpp"

namespace radstudy::features::ibsi {

// IBSI neighbourhood grey tone difference features (family `ngt`, IBSI 3.10, IPET): Chebyshev
// neighbourhood of radius delta = distances[0] (in-plane in 2D), neighbours outside the ROI
// ignored, voxels without any ROI neighbour left out. Aggregations 2D, 2.5D, 3D.
FeatureFamily make_ngt_family();

}  // namespace radstudy::features::ibsi
