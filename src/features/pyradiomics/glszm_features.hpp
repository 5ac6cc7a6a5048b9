#pragma once
#include "features/feature_family.hpp"

namespace radstudy::features::pyradiomics {

// PyRadiomics' glszm class: zones of 26-connected voxels (8-connected in-plane under force2D) of
// equal grey level, one matrix for the region.
FeatureFamily make_glszm_family();

}  // namespace radstudy::features::pyradiomics
