#include <algorithm>

#include "features/feature_family.hpp"
#include "features/ibsi/intensity_histogram.hpp"
#include "features/ibsi/intensity_statistics.hpp"
#include "features/pyradiomics/first_order.hpp"
#include "features/pyradiomics/shape.hpp"

namespace radstudy::features {

// Each family lives in its own folder and exposes a factory; this table is the one place that
// lists them, in output order.
const std::vector<FeatureFamily>& feature_registry() {
  static const std::vector<FeatureFamily> families = {
      pyradiomics::make_firstorder_family(),
      pyradiomics::make_shape_family(),
      ibsi::make_stat_family(),
      ibsi::make_ih_family(),
  };
  return families;
}

const FeatureFamily* find_family(const std::string& name) {
  const auto& families = feature_registry();
  auto found = std::find_if(families.begin(), families.end(), [&](const FeatureFamily& family) { return family.name == name; });
  return found == families.end() ? nullptr : &*found;
}

}  // namespace radstudy::features
