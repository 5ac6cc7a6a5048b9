#pragma once
#include "features/feature_family.hpp"

namespace radstudy::features::ibsi {

// IBSI grey level co-occurrence features (family `cm`, IBSI 3.6, LFYI), with the six IBSI
// aggregation methods: 2D averaged (BTW3), 2D slice-merged (SUJT), 2.5D direction-merged (JJUI),
// 2.5D merged (ZW7Z), 3D averaged (ITBB) and 3D merged (IAZD). Symmetric matrices of the voxel
// pairs at Chebyshev distance delta = distances[0] along the 13 (3D) or 4 (2D) IBSI directions.
FeatureFamily make_cm_family();

}  // namespace radstudy::features::ibsi
