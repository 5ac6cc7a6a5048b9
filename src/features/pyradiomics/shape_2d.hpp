#pragma once
#include "features/feature_family.hpp"

namespace radstudy::features::pyradiomics {

// PyRadiomics' `shape2D` class (radiomics/shape2D.py), non-deprecated features, on the
// morphological mask of one slice: requires force2D; the slice is the plane normal to
// force2Ddimension (PyRadiomics' axis order: 0 = z, 1 = y, 2 = x).
FeatureFamily make_shape2d_family();

}  // namespace radstudy::features::pyradiomics
