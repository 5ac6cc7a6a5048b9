#include <algorithm>

#include "features/feature_family.hpp"
#include "features/ibsi/cm_features.hpp"
#include "features/ibsi/dzm_features.hpp"
#include "features/ibsi/intensity_histogram.hpp"
#include "features/ibsi/intensity_statistics.hpp"
#include "features/ibsi/intensity_volume_histogram.hpp"
#include "features/ibsi/local_intensity.hpp"
#include "features/ibsi/morphology.hpp"
#include "features/ibsi/ngl_features.hpp"
#include "features/ibsi/ngt_features.hpp"
#include "features/ibsi/rlm_features.hpp"
#include "features/ibsi/szm_features.hpp"
#include "features/pyradiomics/first_order.hpp"
#include "features/pyradiomics/glcm_features.hpp"
#include "features/pyradiomics/gldm_features.hpp"
#include "features/pyradiomics/glrlm_features.hpp"
#include "features/pyradiomics/glszm_features.hpp"
#include "features/pyradiomics/ngtdm_features.hpp"
#include "features/pyradiomics/shape.hpp"
#include "features/pyradiomics/shape_2d.hpp"

namespace radstudy::features {

// Each family lives in its own folder and exposes a factory; this table is the one place that
// lists them, in output order.
const std::vector<FeatureFamily>& feature_registry() {
  static const std::vector<FeatureFamily> families = {
      pyradiomics::make_firstorder_family(),
      pyradiomics::make_shape_family(),
      pyradiomics::make_shape2d_family(),
      pyradiomics::make_glcm_family(),
      pyradiomics::make_glrlm_family(),
      pyradiomics::make_glszm_family(),
      pyradiomics::make_gldm_family(),
      pyradiomics::make_ngtdm_family(),
      ibsi::make_morph_family(),
      ibsi::make_loc_family(),
      ibsi::make_stat_family(),
      ibsi::make_ih_family(),
      ibsi::make_ivh_family(),
      ibsi::make_cm_family(),
      ibsi::make_rlm_family(),
      ibsi::make_szm_family(),
      ibsi::make_dzm_family(),
      ibsi::make_ngt_family(),
      ibsi::make_ngl_family(),
  };
  return families;
}

const FeatureFamily* find_family(const std::string& name) {
  const auto& families = feature_registry();
  auto found = std::find_if(families.begin(), families.end(), [&](const FeatureFamily& family) { return family.name == name; });
  return found == families.end() ? nullptr : &*found;
}

}  // namespace radstudy::features
