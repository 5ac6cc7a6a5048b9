#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/image.hpp"
#include "filters/image_filter.hpp"
#include "settings/extraction_settings.hpp"

namespace radstudy::study {

// What `radstudy filter` computes: the response map of the parameter file's filter on the processed
// image (resampled as the settings say, cropped to the region plus the filter's margin; without a mask
// the whole image is the region).
struct FilterRequest {
  std::string image;
  std::string mask;  // empty: the whole image
  std::string roi;   // RTSTRUCT ROI name when `mask` is an RTSTRUCT
  std::string
      response;  // which image of a filter that yields several (e.g. wavelet-LLH); empty: the only one
};

struct FilterResponse {
  std::string name;  // column prefix of the image, e.g. log-sigma-2-0-mm-3D
  core::IntensityImage image;
};

// The voxel spacing of the prepared region: the resampled spacing where resampling is asked for.
core::Vec3 prepared_spacing(const core::IntensityImage& image, const settings::ExtractionSettings& settings);

// The voxels of image around the region that the filters see (prepare_region's minimum padding), for
// extraction and `radstudy filter` alike. PyRadiomics filters the region's box plus padDistance when it
// pre-crops without resampling (0), its whole resampled grid when it resamples (filters::kWholeImageMargin:
// prepare_region never cuts beyond the grid), the whole image otherwise (the filters' margin reproduces it);
// IBSI processing always keeps the margin.
int filter_margin(const std::vector<std::unique_ptr<filters::ImageFilter>>& image_filters,
                  const core::IntensityImage& image, const settings::ExtractionSettings& settings);

// The image type the response comes from: the one image type other than Original (Original alone gives
// the processed image). ConfigError when the file holds several filters or none.
const settings::ImageTypeSettings& response_image_type(const settings::ExtractionSettings& settings);

// The names of the images the settings' filter yields.
std::vector<std::string> response_names(const settings::ExtractionSettings& settings);

// Reads the inputs, prepares the region and filters it. InputError for bad inputs, ConfigError for a
// `response` the filter does not yield.
FilterResponse compute_filter_response(const FilterRequest& request,
                                       const settings::ExtractionSettings& settings);

}  // namespace radstudy::study
