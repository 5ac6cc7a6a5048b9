#include "filters/filter_registry.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/errors.hpp"

namespace radstudy::filters {

// Each filter lives in its own file and exposes its FilterType; this table is the one place that lists
// them.
FilterType original_filter_type();
// PyRadiomics' image types (src/filters/pyradiomics).
FilterType wavelet_filter_type();
FilterType log_filter_type();
FilterType square_filter_type();
FilterType square_root_filter_type();
FilterType logarithm_filter_type();
FilterType exponential_filter_type();
FilterType gradient_filter_type();
FilterType lbp2d_filter_type();
FilterType lbp3d_filter_type();
// IBSI 2 filters (src/filters/ibsi).
FilterType mean_filter_type();
FilterType separable_wavelet_filter_type();
FilterType laplacian_of_gaussian_filter_type();
FilterType laws_filter_type();
FilterType gabor_filter_type();
FilterType simoncelli_filter_type();
FilterType riesz_filter_type();

const std::vector<FilterType>& filter_registry() {
  // clang-format off
  static const std::vector<FilterType> types = {
      original_filter_type(),
      wavelet_filter_type(),
      log_filter_type(),
      square_filter_type(),
      square_root_filter_type(),
      logarithm_filter_type(),
      exponential_filter_type(),
      gradient_filter_type(),
      lbp2d_filter_type(),
      lbp3d_filter_type(),
      mean_filter_type(),
      laplacian_of_gaussian_filter_type(),
      laws_filter_type(),
      gabor_filter_type(),
      separable_wavelet_filter_type(),
      simoncelli_filter_type(),
      riesz_filter_type(),
  };
  // clang-format on
  return types;
}

const FilterType* find_filter_type(const std::string& name) {
  const auto& types = filter_registry();
  auto found =
      std::find_if(types.begin(), types.end(), [&](const FilterType& type) { return type.name == name; });
  return found == types.end() ? nullptr : &*found;
}

std::unique_ptr<ImageFilter> make_filter(const settings::ImageTypeSettings& image_type,
                                         const settings::ExtractionSettings& settings) {
  const std::string source = settings.source.empty() ? std::string("settings") : settings.source;
  const FilterType* type = find_filter_type(image_type.name);
  if (!type) {
    std::vector<std::string> names;
    for (const auto& known : filter_registry()) names.push_back(known.name);
    throw ConfigError(fmt::format("{}: imageType '{}' is unknown; image types are {}", source,
                                  image_type.name, fmt::join(names, ", ")));
  }
  const FilterOptions options(image_type, settings);
  auto filter = type->create(options);
  const auto unread = options.unread_keys();
  if (!unread.empty())
    throw ConfigError(
        fmt::format("{}: imageType '{}': unknown option '{}'", source, image_type.name, unread.front()));
  return filter;
}

}  // namespace radstudy::filters
