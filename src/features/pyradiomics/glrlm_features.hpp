#pragma once
#include "features/feature_family.hpp"

namespace radstudy::features::pyradiomics {

// PyRadiomics' glrlm class: one run length matrix per angle at distance 1 (in-plane under
// force2D); angles whose lines never hold two ROI voxels are dropped; features averaged over the
// angles, or computed on the weighted sum with weightingNorm.
FeatureFamily make_glrlm_family();

}  // namespace radstudy::features::pyradiomics
