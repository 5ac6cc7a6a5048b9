#pragma once
#include "features/feature_family.hpp"

namespace radstudy::features::pyradiomics {

// PyRadiomics' `firstorder` class (radiomics/firstorder.py), its non-deprecated features, with
// its names and definitions.
FeatureFamily make_firstorder_family();

}  // namespace radstudy::features::pyradiomics
