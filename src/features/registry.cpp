#include <algorithm>

#include "features/feature_family.hpp"

namespace radstudy::features {

// Each family lives in its own folder and exposes a factory; this table is the one place that
// lists them, in output order.
const std::vector<FeatureFamily>& feature_registry() {
  static const std::vector<FeatureFamily> families = {
  };
  return families;
}

const FeatureFamily* find_family(const std::string& name) {
  const auto& families = feature_registry();
  auto found = std::find_if(families.begin(), families.end(), [&](const FeatureFamily& family) { return family.name == name; });
  return found == families.end() ? nullptr : &*found;
}

}  // namespace radstudy::features
