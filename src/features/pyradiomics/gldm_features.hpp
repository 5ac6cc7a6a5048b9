#pragma once
#include "features/feature_family.hpp"

namespace radstudy::features::pyradiomics {

// PyRadiomics' gldm class: dependence = 1 + the ROI neighbours (Chebyshev distances from
// `distances`, in-plane under force2D) whose grey level differs by at most gldm_a.
FeatureFamily make_gldm_family();

}  // namespace radstudy::features::pyradiomics
