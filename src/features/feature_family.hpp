#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/image.hpp"
#include "settings/extraction_settings.hpp"

namespace radstudy::features {

class RegionCache;  // features/region_cache.hpp

// One computed feature. `name` is "<class>_<Feature>" (e.g. "glcm_Contrast"); the image type
// prefix ("original_") is added by the caller. NaN when the feature is undefined for the region.
struct FeatureValue {
  std::string name;
  double value;
};
using FeatureValues = std::vector<FeatureValue>;

// A feature as listed by `radstudy features`: its column name (without image type) and its IBSI
// identity in the notation of reference_values.csv (empty where IBSI has none).
struct FeatureDescription {
  std::string name;              // "<class>_<Feature>"
  std::string feature;           // "<Feature>"
  std::string ibsi_key;          // e.g. "HTZT"
  std::string ibsi_aggregation;  // e.g. "3D, averaged"
};

// The region after preprocessing. Both masks lie on the image's grid; the image is cropped to
// the region's bounding box plus padding. The morphological mask is the region before
// re-segmentation, the intensity mask after it (IBSI 2.x).
struct RegionData {
  const core::IntensityImage& image;
  const core::Mask& morphological_mask;
  const core::Mask& intensity_mask;
  const settings::ExtractionSettings& settings;
  // What several families share (the discretised region, ...), computed on first use: see
  // region_cache(). Copies of a RegionData share it.
  mutable std::shared_ptr<RegionCache> cache = nullptr;
};

// A feature class: it lists its features for the given settings and computes them.
// `compute` returns every feature of describe(settings), in the same order.
struct FeatureFamily {
  std::string name;         // the featureClass key: firstorder, glcm, ..., morph, cm, ...
  std::string description;  // one line for `radstudy features`
  std::function<std::vector<FeatureDescription>(const settings::ExtractionSettings&)> describe;
  std::function<FeatureValues(const RegionData&)> compute;
};

// Every feature class radstudy knows, in output order. Defined in registry.cpp.
const std::vector<FeatureFamily>& feature_registry();
const FeatureFamily* find_family(const std::string& name);

}  // namespace radstudy::features
