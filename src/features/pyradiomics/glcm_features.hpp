#pragma once
#include "features/feature_family.hpp"

namespace radstudy::features::pyradiomics {

// PyRadiomics' glcm class: one symmetric co-occurrence matrix per angle (Chebyshev distances from
// `distances`, in-plane under force2D), empty angles dropped, features averaged over the angles;
// with weightingNorm the matrices are weighted, summed and treated as one.
FeatureFamily make_glcm_family();

}  // namespace radstudy::features::pyradiomics
