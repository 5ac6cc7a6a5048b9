#include "study/filter_response.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "core/errors.hpp"
#include "filters/filter_registry.hpp"
#include "io/image_io.hpp"
#include "preprocess/region_preparation.hpp"
#include "study/rtstruct_mask.hpp"

namespace radstudy::study {

core::Vec3 prepared_spacing(const core::IntensityImage& image, const settings::ExtractionSettings& settings) {
  core::Vec3 spacing = image.spacing();
  if (settings.resampled_pixel_spacing.empty() || settings.interpolator == settings::Interpolator::None)
    return spacing;
  for (int axis = 0; axis < 3; ++axis)
    if (settings.resampled_pixel_spacing[axis] > 0) spacing[axis] = settings.resampled_pixel_spacing[axis];
  return spacing;
}

int filter_margin(const std::vector<std::unique_ptr<filters::ImageFilter>>& image_filters,
                  const core::IntensityImage& image, const settings::ExtractionSettings& settings) {
  const bool resampling =
      !settings.resampled_pixel_spacing.empty() && settings.interpolator != settings::Interpolator::None;
  if (settings.resample_grid == settings::ResampleGrid::PyRadiomics && settings.pre_crop && !resampling)
    return 0;
  const core::Vec3 spacing = prepared_spacing(image, settings);
  int margin = 0;
  for (const auto& filter : image_filters) margin = std::max(margin, filter->margin_voxels(spacing));
  // The resampled grid is only padDistance wider than the region: filters see all of it, as in PyRadiomics
  // (a periodic wavelet wraps at its far edge where the region reaches the grid's).
  if (margin > 0 && resampling && settings.resample_grid == settings::ResampleGrid::PyRadiomics)
    return filters::kWholeImageMargin;
  return margin;
}

const settings::ImageTypeSettings& response_image_type(const settings::ExtractionSettings& settings) {
  const std::string source = settings.source.empty() ? std::string("settings") : settings.source;
  std::vector<const settings::ImageTypeSettings*> filters;
  for (const auto& type : settings.image_types)
    if (type.name != "Original") filters.push_back(&type);
  if (filters.size() > 1) {
    std::vector<std::string> names;
    for (const auto* type : filters) names.push_back(type->name);
    throw ConfigError(
        fmt::format("{}: imageType holds {} filters ({}); a response map comes from one: keep one", source,
                    filters.size(), fmt::join(names, ", ")));
  }
  if (!filters.empty()) return *filters.front();
  if (settings.image_types.empty())
    throw ConfigError(fmt::format("{}: imageType is empty; give the filter whose response to write", source));
  return settings.image_types.front();
}

std::vector<std::string> response_names(const settings::ExtractionSettings& settings) {
  return filters::make_filter(response_image_type(settings), settings)->image_names();
}

FilterResponse compute_filter_response(const FilterRequest& request,
                                       const settings::ExtractionSettings& settings) {
  const auto& image_type = response_image_type(settings);
  const auto names = filters::make_filter(image_type, settings)->image_names();
  if (names.empty())
    throw ConfigError(fmt::format("{}: imageType '{}' yields no image with these options",
                                  settings.source.empty() ? std::string("settings") : settings.source,
                                  image_type.name));
  std::string wanted = request.response;
  if (wanted.empty()) {
    if (names.size() > 1)
      throw ConfigError(fmt::format("imageType '{}' yields {} images ({}); choose one with --response NAME",
                                    image_type.name, names.size(), fmt::join(names, ", ")));
    wanted = names.front();
  } else if (std::find(names.begin(), names.end(), wanted) == names.end()) {
    throw ConfigError(fmt::format("--response '{}': imageType '{}' yields {}", wanted, image_type.name,
                                  fmt::join(names, ", ")));
  }

  const core::IntensityImage image = io::read_image(request.image);
  core::Mask mask;
  if (request.mask.empty()) {
    mask = core::Mask(image.geometry(), 1);
  } else {
    mask = read_region_mask(request.mask, request.roi, settings.label, image, request.image, settings);
  }
  std::vector<std::unique_ptr<filters::ImageFilter>> image_filters;
  image_filters.push_back(filters::make_filter(image_type, settings));
  const auto& filter = image_filters.front();
  // The window extraction filters: the response map shows the values the features are computed from.
  const auto region =
      preprocess::prepare_region(image, mask, settings, filter_margin(image_filters, image, settings));

  std::optional<FilterResponse> response;
  filter->apply(region.image, region.morphological_mask,
                [&](const std::string& name, const core::IntensityImage& filtered) {
                  if (name == wanted) response = FilterResponse{name, filtered};
                });
  if (!response)
    throw NumericalError(
        fmt::format("imageType '{}' did not yield {} for this image", image_type.name, wanted));
  return std::move(*response);
}

}  // namespace radstudy::study
