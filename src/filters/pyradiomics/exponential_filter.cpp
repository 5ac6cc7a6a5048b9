#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "core/errors.hpp"
#include "filters/image_filter.hpp"
#include "filters/pyradiomics/pyradiomics_image.hpp"

namespace radstudy::filters {
namespace {

// PyRadiomics' Exponential image (imageoperations.getExponentialImage): exp(c x) with
// c = log(max|x|) / max|x| over the whole image. PyRadiomics keeps float64; stored in float32.
class ExponentialFilter final : public ImageFilter {
 public:
  std::vector<std::string> image_names() const override { return {"exponential"}; }
  int margin_voxels(const core::Vec3&) const override { return kWholeImageMargin; }
  void apply(const core::IntensityImage& image, const core::Mask&, const ImageSink& yield) const override {
    const double largest = pyradiomics::largest_magnitude(image);
    if (largest == 0)
      throw InputError("Exponential: the image is 0 everywhere; its scale log(max|x|) / max|x| is undefined");
    const double scale = std::log(largest) / largest;
    auto result = pyradiomics::blank_like(image, core::PixelType::Float64);
    const auto& input = image.voxels();
    auto& output = result.voxels();
    for (std::size_t k = 0; k < input.size(); ++k) {
      const double value = std::exp(scale * input[k]);
      if (!std::isfinite(value) || value > std::numeric_limits<float>::max())
        throw InputError(
            fmt::format("Exponential: exp({} x) of the intensity {} overflows", scale, input[k]));
      output[k] = static_cast<float>(value);
    }
    yield("exponential", result);
  }
};

}  // namespace

FilterType exponential_filter_type() {
  return {"Exponential", "PyRadiomics' exponential of the intensities, exp(x log(max|x|) / max|x|)",
          [](const FilterOptions&) { return std::make_unique<ExponentialFilter>(); }};
}

}  // namespace radstudy::filters
