#include "study/rtstruct_mask.hpp"

#include <fmt/format.h>

#include "core/errors.hpp"
#include "io/image_io.hpp"
#include "io/rtstruct.hpp"
#include "preprocess/contour_rasteriser.hpp"

namespace radstudy::study {

core::Mask read_rtstruct_mask(const std::string& rtstruct_path, const std::string& roi_name,
                              const core::Geometry& grid) {
  const std::vector<io::Contour> contours = io::read_rtstruct_contours(rtstruct_path, roi_name);
  std::vector<preprocess::PatientContour> polygons;
  polygons.reserve(contours.size());
  for (const auto& contour : contours) polygons.push_back(contour.points);
  preprocess::RasterisedContours rasterised;
  try {
    rasterised = preprocess::rasterise_contours(polygons, grid);
  } catch (const InputError& error) {
    throw InputError(fmt::format("{}: ROI '{}': {}", rtstruct_path, roi_name, error.what()));
  }
  if (rasterised.voxel_count == 0)
    throw InputError(
        fmt::format("{}: ROI '{}' covers no voxel centre of the image ({} contours on {} slices)",
                    rtstruct_path, roi_name, rasterised.contour_count, rasterised.slice_count));
  return std::move(rasterised.mask);
}

core::Mask read_region_mask(const std::string& mask_path, const std::string& roi, int label,
                            const core::IntensityImage& image, const std::string& image_path,
                            const settings::ExtractionSettings& settings) {
  if (!roi.empty()) return read_rtstruct_mask(mask_path, roi, image.geometry());
  if (label < settings::kMinLabel || label > settings::kMaxLabel)
    throw InputError(
        fmt::format("{}: label {} is out of range; {}", mask_path, label, settings::label_domain()));
  if (const auto rois = io::rtstruct_roi_names(mask_path)) {
    std::string listed;
    for (const auto& name : *rois) listed += (listed.empty() ? "'" : ", '") + name + "'";
    throw InputError(fmt::format(
        "{}: is a DICOM RTSTRUCT, not a label image; name the structure with --roi ({}), or a roi column in "
        "the manifest",
        mask_path, rois->empty() ? std::string("it holds no ROI") : "its ROIs: " + listed));
  }
  core::Mask mask = io::read_label_mask(mask_path, label);
  const core::Geometry& grid = image.geometry();
  if (!settings.correct_mask && !grid.same_grid(mask.geometry(), settings.geometry_tolerance))
    throw InputError(fmt::format(
        "{}: does not lie on the grid of {}: {}; {}", mask_path, image_path,
        core::describe_grid_difference(mask.geometry(), grid, "the image", settings.geometry_tolerance),
        settings::kCorrectMaskAdvice));
  return mask;
}

}  // namespace radstudy::study
