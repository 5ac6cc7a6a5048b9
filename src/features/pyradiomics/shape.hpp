#pragma once
#include "features/feature_family.hpp"

namespace radstudy::features::pyradiomics {

// PyRadiomics' 3D `shape` class (radiomics/shape.py), non-deprecated features, on the
// morphological mask (PyRadiomics computes shape before re-segmentation).
FeatureFamily make_shape_family();

}  // namespace radstudy::features::pyradiomics
