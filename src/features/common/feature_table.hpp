#pragma once
#include <string>
#include <vector>

#include "features/feature_family.hpp"

namespace radstudy::features {

// One feature of a class: its CamelCase name and IBSI identity (empty where IBSI has none).
struct FeatureSpec {
  std::string feature;
  std::string ibsi_key;
  std::string ibsi_aggregation;
};

// "<class>_<Feature>" descriptions, in the order of `specs`.
std::vector<FeatureDescription> describe_features(const std::string& class_name, const std::vector<FeatureSpec>& specs);

// Pairs each description with its value; `values` follows the order of the descriptions.
FeatureValues name_values(const std::vector<FeatureDescription>& descriptions, const std::vector<double>& values);

}  // namespace radstudy::features
