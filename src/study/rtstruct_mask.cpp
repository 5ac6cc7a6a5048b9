#include "study/rtstruct_mask.hpp"

#include <fmt/format.h>

#include "core/errors.hpp"
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

}  // namespace radstudy::study
