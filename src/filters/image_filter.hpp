#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/image.hpp"
#include "filters/filter_options.hpp"

namespace radstudy::filters {

// Receives one filtered image: its column prefix ("wavelet-LLH", "log-sigma-1-0-mm-3D") and the image on
// the input's grid. The image is only valid during the call (the filter frees it afterwards).
using ImageSink = std::function<void(const std::string& name, const core::IntensityImage& image)>;

// The margin of a filter whose response depends on the whole image (PyRadiomics scales Square,
// SquareRoot, Logarithm and Exponential by the whole image's max|x|): the crop is then the whole image.
inline constexpr int kWholeImageMargin = 1 << 20;

// One configured image type: a filter with its options read and checked.
class ImageFilter {
 public:
  virtual ~ImageFilter() = default;
  // Column prefixes of the images apply() yields, in that order.
  virtual std::vector<std::string> image_names() const = 0;
  // Voxels of image the filter needs on each side of the region (the largest over the axes, for a grid
  // of this spacing in mm) so that its response inside the region equals its response on the whole
  // image; 0 for a voxel-wise filter.
  virtual int margin_voxels(const core::Vec3& spacing) const = 0;
  // Filters `image` (the region's image with a margin around it; `mask` is the region on the same grid)
  // and calls `yield` once per image, in image_names() order. Throws InputError when the image is too
  // small for the filter.
  virtual void apply(const core::IntensityImage& image, const core::Mask& mask,
                     const ImageSink& yield) const = 0;
};

// A kind of image type, as the registry lists it.
struct FilterType {
  std::string name;         // the imageType key: Original, Wavelet, LoG, ... and radstudy's IBSI 2 filters
  std::string description;  // one line for `radstudy features`
  // Reads the options (each through `options`, which refuses values out of their domain) and returns the
  // configured filter.
  std::function<std::unique_ptr<ImageFilter>(const FilterOptions& options)> create;
};

}  // namespace radstudy::filters
