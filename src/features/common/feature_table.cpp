#include "features/common/feature_table.hpp"

#include "core/errors.hpp"

namespace radstudy::features {

std::vector<FeatureDescription> describe_features(const std::string& class_name,
                                                  const std::vector<FeatureSpec>& specs) {
  std::vector<FeatureDescription> descriptions;
  descriptions.reserve(specs.size());
  for (const auto& spec : specs)
    descriptions.push_back({class_name + "_" + spec.feature, spec.feature, spec.ibsi_key, spec.ibsi_aggregation});
  return descriptions;
}

FeatureValues name_values(const std::vector<FeatureDescription>& descriptions, const std::vector<double>& values) {
  if (descriptions.size() != values.size())
    throw NumericalError("internal error: a feature class computed " + std::to_string(values.size()) +
                         " values for " + std::to_string(descriptions.size()) + " features");
  FeatureValues named;
  named.reserve(values.size());
  for (std::size_t k = 0; k < values.size(); ++k) named.push_back({descriptions[k].name, values[k]});
  return named;
}

}  // namespace radstudy::features
