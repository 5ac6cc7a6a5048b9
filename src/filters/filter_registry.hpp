#pragma once
#include <memory>
#include <string>
#include <vector>

#include "filters/image_filter.hpp"

namespace radstudy::filters {

// Every image type radstudy knows, in the order `radstudy features` lists them. Defined in
// filter_registry.cpp, the one table of filters.
const std::vector<FilterType>& filter_registry();
const FilterType* find_filter_type(const std::string& name);

// The image type's filter, its options read: ConfigError (naming the file, the image type and the key)
// for an unknown image type, an unknown option of its own mapping or a value out of its domain.
std::unique_ptr<ImageFilter> make_filter(const settings::ImageTypeSettings& image_type,
                                         const settings::ExtractionSettings& settings);

}  // namespace radstudy::filters
