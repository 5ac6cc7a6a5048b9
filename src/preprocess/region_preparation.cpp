#include "preprocess/region_preparation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <optional>

#include "core/errors.hpp"
#include "core/geometry.hpp"
#include "preprocess/bounding_box.hpp"
#include "preprocess/intensity_operations.hpp"
#include "preprocess/resampling.hpp"

namespace radstudy::preprocess {
namespace {

using settings::ExtractionSettings;
using settings::Interpolator;

// Local intensity features (IBSI 3.2) average a sphere of 1 cm^3 (radius 6.2 mm) around each
// voxel, including voxels outside the region: the crop keeps at least that much image.
constexpr double kLocalIntensityRadiusMm = 6.21;

// PyRadiomics' checkMask: the region must span at least `minimum_dimensions` axes and, when a
// minimum size is set, hold more voxels than it.
void check_region(const core::Mask& mask, const BoundingBox& box, const ExtractionSettings& settings,
                  const std::string& stage) {
  // " after re-segmentation", or nothing for the region as given.
  const std::string when = stage.empty() ? std::string() : " " + stage;
  if (box.empty()) throw InputError(fmt::format("the region is empty{}; check the mask and its label", when));
  int dimensions = 0;
  for (int axis = 0; axis < 3; ++axis) dimensions += box.extent(axis) > 1;
  if (dimensions == 0)
    throw InputError(fmt::format(
        "the region holds a single voxel{}; features need a region of more voxels (check the mask)", when));
  if (dimensions < settings.minimum_roi_dimensions)
    throw InputError(fmt::format(
        "the region spans {} dimension(s){}; minimumROIDimensions is {} (lower it under setting:, or check "
        "the mask)",
        dimensions, when, settings.minimum_roi_dimensions));
  if (settings.minimum_roi_size) {
    const std::size_t voxels = count_voxels(mask);
    if (voxels <= static_cast<std::size_t>(*settings.minimum_roi_size))
      throw InputError(fmt::format(
          "the region holds {} voxels{}; minimumROISize is {} (lower it under setting:, or check the mask)",
          voxels, when, *settings.minimum_roi_size));
  }
}

// PyRadiomics' _checkROI + _correctMask: the region must lie inside the image (1e-3 voxel
// tolerance); the mask is then resampled onto the image grid with nearest neighbour.
core::Mask align_mask_to_image(const core::IntensityImage& image, const core::Mask& mask) {
  const BoundingBox box = find_bounding_box(mask);
  if (box.empty()) throw InputError("the region is empty; check the mask and its label");
  const core::Geometry& grid = mask.geometry();
  const core::Vec3 lower_corner =
      grid.index_to_point({box.lower[0] - 0.5, box.lower[1] - 0.5, box.lower[2] - 0.5});
  const core::Vec3 upper_corner =
      grid.index_to_point({box.upper[0] + 0.5, box.upper[1] + 0.5, box.upper[2] + 0.5});
  const core::Vec3 lower_index = image.geometry().point_to_index(lower_corner);
  const core::Vec3 upper_index = image.geometry().point_to_index(upper_corner);
  constexpr double tolerance = 1e-3;
  for (int axis = 0; axis < 3; ++axis) {
    const double low = std::min(lower_index[axis], upper_index[axis]);
    const double high = std::max(lower_index[axis], upper_index[axis]);
    if (low < -0.5 - tolerance || high > static_cast<double>(image.size()[axis]) - 0.5 + tolerance)
      throw InputError(
          "the region of the mask extends beyond the image, so correctMask cannot resample it onto the "
          "image; use the mask drawn on this image");
  }
  return resample_mask_nearest(mask, image.geometry(), EdgeMode::Itk);
}

core::IntensityImage image_from_values(const core::Geometry& geometry, const std::vector<double>& values,
                                       core::PixelType stored_type, bool cast_like_itk) {
  core::IntensityImage image;
  image.geometry() = geometry;
  auto& voxels = image.voxels();
  voxels.resize(values.size());
  for (std::size_t k = 0; k < values.size(); ++k)
    voxels[k] =
        static_cast<float>(cast_like_itk ? core::cast_to_pixel_type(values[k], stored_type) : values[k]);
  image.set_stored_pixel_type(stored_type);
  return image;
}

core::Mask mask_from_values(const core::Geometry& geometry, const std::vector<double>& values,
                            double threshold) {
  // IBSI grids put many points exactly half-way between input slices, where a linearly interpolated mask
  // is exactly 0.5 in exact arithmetic; rounding noise of 1e-12 in the geometry (a DICOM series against its
  // NIfTI) must not flip them, so values within 1e-9 of the threshold count as reaching it.
  constexpr double kThresholdTolerance = 1e-9;
  core::Mask mask(geometry);
  for (std::size_t k = 0; k < values.size(); ++k)
    mask.voxels()[k] = values[k] >= threshold - kThresholdTolerance ? 1 : 0;
  return mask;
}

bool all_close(const core::Vec3& a, const core::Vec3& b) {  // numpy.allclose
  for (int axis = 0; axis < 3; ++axis)
    if (std::abs(a[axis] - b[axis]) > 1e-8 + 1e-5 * std::abs(b[axis])) return false;
  return true;
}

bool identical_geometry(const core::Geometry& a, const core::Geometry& b) {
  return std::memcmp(a.size.data(), b.size.data(), sizeof a.size) == 0 &&
         std::memcmp(a.spacing.data(), b.spacing.data(), sizeof a.spacing) == 0 &&
         std::memcmp(a.origin.data(), b.origin.data(), sizeof a.origin) == 0 &&
         std::memcmp(a.direction.data(), b.direction.data(), sizeof a.direction) == 0;
}

// Refuses, before interpolating, a resampled region larger than settings::kMaxResampledVoxels.
void check_resampled_size(const core::Geometry& grid, const ExtractionSettings& settings) {
  const double voxels = static_cast<double>(grid.size[0]) * grid.size[1] * grid.size[2];
  if (voxels <= static_cast<double>(settings::kMaxResampledVoxels)) return;
  const double scale = std::cbrt(voxels / static_cast<double>(settings::kMaxResampledVoxels));
  throw ConfigError(
      fmt::format("{}: setting 'resampledPixelSpacing': [{}] gives a region of {} x {} x {} = {:.3g} voxels; "
                  "the limit is {} voxels (a whole 512^3 volume); use spacings about {:.2g} times larger",
                  settings.source.empty() ? std::string("settings") : settings.source,
                  fmt::join(settings.resampled_pixel_spacing, ", "), grid.size[0], grid.size[1], grid.size[2],
                  voxels, settings::kMaxResampledVoxels, scale * 1.01));
}

bool resampling_requested(const ExtractionSettings& settings) {
  return !settings.resampled_pixel_spacing.empty() && settings.interpolator != Interpolator::None;
}

template <typename T>
core::Image<T> crop_keeping_type(const core::Image<T>& image, const BoundingBox& box, int padding) {
  core::Image<T> cropped = crop(image, box, padding);
  cropped.set_stored_pixel_type(image.stored_pixel_type());
  return cropped;
}

// PyRadiomics (imageoperations.py, featureextractor.py): normalise the whole image, resample
// image and mask on a grid aligned to the input origin (image into its stored pixel type, mask
// with nearest neighbour), check the mask, re-segment; shape sees the mask cropped to the
// re-segmented bounding box, the other classes the re-segmented mask. The region is cut with
// `window_padding` (>= padDistance) voxels around its box: PyRadiomics filters the whole resampled grid
// (the original box plus padDistance, resampled), which a window as wide as the filters' margin
// reproduces (the window never leaves the grid).
PreparedRegion prepare_pyradiomics(const core::IntensityImage& input_image, const core::Mask& input_mask,
                                   const ExtractionSettings& settings, int window_padding) {
  PreparedRegion region;
  const BoundingBox original_box = find_bounding_box(input_mask);
  if (original_box.empty()) throw InputError("the region is empty; check the mask and its label");
  // The image and mask the region is cut from: the inputs until a step replaces them.
  core::IntensityImage owned_image;
  core::Mask owned_mask;
  const core::IntensityImage* image = &input_image;
  const core::Mask* mask = &input_mask;
  if (settings.normalize) {
    owned_image = input_image;
    normalize_image(owned_image, settings.normalize_scale, settings.remove_outliers);
    image = &owned_image;
  }

  if (resampling_requested(settings)) {
    const core::Vec3 spacing =
        pyradiomics_target_spacing(mask->geometry(), original_box, settings.resampled_pixel_spacing);
    if (all_close(image->spacing(), spacing)) {
      owned_image = crop_keeping_type(*image, original_box, settings.pad_distance);
      owned_mask = crop(*mask, original_box, settings.pad_distance);
    } else {
      const core::Geometry grid =
          pyradiomics_resampling_grid(mask->geometry(), original_box, spacing, settings.pad_distance);
      check_resampled_size(grid, settings);
      const core::PixelType output_type =
          settings.resample_to_float ? core::PixelType::Float32 : image->stored_pixel_type();
      owned_mask = resample_mask_nearest(*mask, grid, EdgeMode::Itk);
      const BoundingBox box = find_bounding_box(owned_mask);
      if (settings.resegment_range.empty()) {  // only the cropped part of the image is interpolated
        check_region(owned_mask, box, settings, "");
        region.image = interpolate_cropped(*image, grid, box, window_padding, settings.interpolator,
                                           EdgeMode::Itk, output_type);
        region.morphological_mask = crop(owned_mask, box, window_padding);
        region.intensity_mask = region.morphological_mask;
        return region;
      }
      const auto values = interpolate(*image, grid, settings.interpolator, EdgeMode::Itk);
      owned_image = image_from_values(grid, values, output_type, true);
    }
    image = &owned_image;
    mask = &owned_mask;
  }

  BoundingBox box = find_bounding_box(*mask);
  check_region(*mask, box, settings, "");
  if (settings.resegment_range.empty()) {
    region.image = crop_keeping_type(*image, box, window_padding);
    region.morphological_mask = crop(*mask, box, window_padding);
    region.intensity_mask = region.morphological_mask;
    return region;
  }
  core::Mask intensity_mask = *mask;
  resegment_by_range(*image, intensity_mask, settings.resegment_range, settings.resegment_mode);
  if (count_voxels(intensity_mask) <= 1)
    throw InputError("re-segmentation left fewer than two voxels of the region");
  box = find_bounding_box(intensity_mask);
  check_region(intensity_mask, box, settings, "after re-segmentation");
  region.image = crop_keeping_type(*image, box, window_padding);
  region.morphological_mask = crop(*mask, box, window_padding);
  region.intensity_mask = crop(intensity_mask, box, window_padding);
  // PyRadiomics crops the shape input (the mask before re-segmentation) to this box.
  const BoundingBox cropped = padded_box(box, mask->size(), window_padding);
  core::Mask& shape_mask = region.morphological_mask;
  for (std::size_t z = 0; z < shape_mask.size()[2]; ++z)
    for (std::size_t y = 0; y < shape_mask.size()[1]; ++y)
      for (std::size_t x = 0; x < shape_mask.size()[0]; ++x) {
        const long index[3] = {static_cast<long>(x) + cropped.lower[0],
                               static_cast<long>(y) + cropped.lower[1],
                               static_cast<long>(z) + cropped.lower[2]};
        bool inside = true;
        for (int axis = 0; axis < 3; ++axis)
          inside = inside && index[axis] >= box.lower[axis] && index[axis] <= box.upper[axis];
        if (!inside) shape_mask.at(x, y, z) = 0;
      }
  return region;
}

// IBSI 1 chapter 2: intensity rounding, interpolation on a grid centred on the input grid with
// nearest-boundary padding, mask interpolation with a partial-volume threshold, range then
// outlier re-segmentation of the intensity mask.
PreparedRegion prepare_ibsi(core::IntensityImage image, core::Mask mask, const ExtractionSettings& settings) {
  PreparedRegion region;
  const BoundingBox original_box = find_bounding_box(mask);
  if (original_box.empty()) throw InputError("the region is empty; check the mask and its label");
  if (settings.intensity_rounding) round_intensities(image);
  if (settings.normalize) normalize_image(image, settings.normalize_scale, settings.remove_outliers);

  int padding = settings.pad_distance;
  if (resampling_requested(settings)) {
    const bool in_plane_only = settings.force_2d && settings.force_2d_dimension == 0;
    const core::Geometry full_grid =
        ibsi_interpolation_grid(image.geometry(), settings.resampled_pixel_spacing, in_plane_only);
    for (int axis = 0; axis < 3; ++axis)
      padding = std::max(padding,
                         static_cast<int>(std::ceil(kLocalIntensityRadiusMm / full_grid.spacing[axis])) + 1);
    const core::Geometry grid = sub_grid_covering(full_grid, image.geometry(), original_box, padding);
    check_resampled_size(grid, settings);
    const auto values = interpolate(image, grid, settings.interpolator, EdgeMode::Nearest);
    image = image_from_values(grid, values, image.stored_pixel_type(), false);
    if (settings.intensity_rounding) round_intensities(image);
    if (settings.mask_interpolator == Interpolator::Nearest)
      mask = resample_mask_nearest(mask, grid, EdgeMode::Nearest);
    else
      mask =
          mask_from_values(grid, interpolate_mask(mask, grid, settings.mask_interpolator, EdgeMode::Nearest),
                           settings.mask_partial_volume);
  } else {
    for (int axis = 0; axis < 3; ++axis)
      padding =
          std::max(padding, static_cast<int>(std::ceil(kLocalIntensityRadiusMm / image.spacing()[axis])) + 1);
  }

  const BoundingBox box = find_bounding_box(mask);
  check_region(mask, box, settings, "after interpolation");
  core::Mask intensity_mask = mask;
  resegment_by_range(image, intensity_mask, settings.resegment_range, settings.resegment_mode);
  if (settings.resegment_outlier_sigma) {
    if (count_voxels(intensity_mask) == 0)
      throw InputError("no voxel of the region is left after re-segmentation");
    resegment_outliers(image, intensity_mask, *settings.resegment_outlier_sigma);
  }
  region.image = crop_keeping_type(image, box, padding);
  region.morphological_mask = crop(mask, box, padding);
  region.intensity_mask = crop(intensity_mask, box, padding);
  return region;
}

// `settings`, or a copy kept in `storage` whose padDistance is raised to `padding`.
const ExtractionSettings& with_pad_distance_at_least(const ExtractionSettings& settings, int padding,
                                                     std::optional<ExtractionSettings>& storage) {
  if (padding <= settings.pad_distance) return settings;
  storage = settings;
  storage->pad_distance = padding;
  return *storage;
}

}  // namespace

PreparedRegion prepare_region(const core::IntensityImage& image, const core::Mask& mask,
                              const settings::ExtractionSettings& input_settings, int minimum_padding,
                              int grid_padding) {
  // The crop's padding is the only setting the margins change; the features do not depend on it.
  std::optional<settings::ExtractionSettings> padded_settings, grid_settings;
  const auto& settings = with_pad_distance_at_least(input_settings, minimum_padding, padded_settings);
  const bool same_grid = image.geometry().same_grid(mask.geometry(), settings.geometry_tolerance);
  if (!same_grid && !settings.correct_mask)
    throw InputError(fmt::format("the mask does not lie on the image's grid: {}; {}",
                                 core::describe_grid_difference(mask.geometry(), image.geometry(),
                                                                "the image", settings.geometry_tolerance),
                                 settings::kCorrectMaskAdvice));
  // The mask on the image's grid; no copy when it already carries the image's geometry bit for bit.
  const bool use_input_mask = same_grid && identical_geometry(mask.geometry(), image.geometry());
  core::Mask aligned;
  if (!use_input_mask) {
    aligned = same_grid ? mask : align_mask_to_image(image, mask);
    aligned.geometry() = image.geometry();
  }
  const core::Mask& region_mask = use_input_mask ? mask : aligned;

  // PyRadiomics' resampling grid keeps padDistance (unless a ring needs more); only the window cut from
  // it grows.
  PreparedRegion region =
      settings.resample_grid == settings::ResampleGrid::Ibsi
          ? prepare_ibsi(image, region_mask, settings)
          : prepare_pyradiomics(image, region_mask,
                                with_pad_distance_at_least(input_settings, grid_padding, grid_settings),
                                std::max({minimum_padding, grid_padding, input_settings.pad_distance}));
  const auto& intensity_voxels = region.intensity_mask.voxels();  // stops at the first region voxel
  auto inside = [](std::uint8_t voxel) { return voxel != 0; };
  if (std::none_of(intensity_voxels.begin(), intensity_voxels.end(), inside))
    throw InputError("no voxel of the region is left after re-segmentation");
  return region;
}

}  // namespace radstudy::preprocess
