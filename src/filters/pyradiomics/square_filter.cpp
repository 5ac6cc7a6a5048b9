#include <fmt/format.h>

#include <cmath>

#include "core/errors.hpp"
#include "filters/image_filter.hpp"
#include "filters/pyradiomics/pyradiomics_image.hpp"

namespace radstudy::filters {
namespace {

// PyRadiomics' Square image (imageoperations.getSquareImage): f(x) = (c x)^2 with c = 1 / sqrt(max|x|),
// max over the whole image. PyRadiomics keeps the result in float64; radstudy stores it in float32.
class SquareFilter final : public ImageFilter {
 public:
  std::vector<std::string> image_names() const override { return {"square"}; }
  // The scale is the whole image's max|x|: the response on a crop equals the whole image's only when
  // the crop is the whole image.
  int margin_voxels(const core::Vec3&) const override { return kWholeImageMargin; }
  void apply(const core::IntensityImage& image, const core::Mask&, const ImageSink& yield) const override {
    const double largest = pyradiomics::largest_magnitude(image);
    if (largest == 0)
      throw InputError("Square: the image is 0 everywhere; its scale 1/sqrt(max|x|) is undefined");
    const double scale = 1 / std::sqrt(largest);
    auto result = pyradiomics::blank_like(image, core::PixelType::Float64);
    const auto& input = image.voxels();
    auto& output = result.voxels();
    for (std::size_t k = 0; k < input.size(); ++k) {
      const double scaled = scale * input[k];
      output[k] = static_cast<float>(scaled * scaled);
    }
    yield("square", result);
  }
};

}  // namespace

FilterType square_filter_type() {
  return {"Square", "PyRadiomics' square of the intensities, (x / sqrt(max|x|))^2",
          [](const FilterOptions&) { return std::make_unique<SquareFilter>(); }};
}

}  // namespace radstudy::filters
