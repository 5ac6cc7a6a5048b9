#pragma once
#include "features/feature_family.hpp"

namespace radstudy::features::pyradiomics {

// PyRadiomics' ngtdm class: per voxel |i - mean of the ROI neighbours| (Chebyshev distances from
// `distances`, in-plane under force2D); voxels without ROI neighbours count with difference 0.
FeatureFamily make_ngtdm_family();

}  // namespace radstudy::features::pyradiomics
