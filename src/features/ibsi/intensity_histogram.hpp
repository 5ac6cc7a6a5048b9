#pragma once
#include "features/feature_family.hpp"

namespace radstudy::features::ibsi {

// IBSI intensity histogram features (family `ih`, IBSI 3.4) on the discretised intensity mask.
FeatureFamily make_ih_family();

}  // namespace radstudy::features::ibsi
