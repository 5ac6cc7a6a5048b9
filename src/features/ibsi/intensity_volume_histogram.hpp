#pragma once
#include "features/feature_family.hpp"

namespace radstudy::features::ibsi {

// IBSI intensity-volume histogram features (family `ivh`, IBSI 3.5). Intensities as they are
// (calibrated discrete, w = 1; range: the re-segmentation range, else min..max), or with
// ivhBinWidth (calibrated continuous: bin centres from the lower re-segmentation bound) or
// ivhBinCount (arbitrary units: bins 1..N).
FeatureFamily make_ivh_family();

}  // namespace radstudy::features::ibsi
