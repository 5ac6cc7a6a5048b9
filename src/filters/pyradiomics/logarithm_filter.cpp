#include <cmath>

#include "core/errors.hpp"
#include "filters/image_filter.hpp"
#include "filters/pyradiomics/pyradiomics_image.hpp"

namespace radstudy::filters {
namespace {

// PyRadiomics' Logarithm image (imageoperations.getLogarithmImage): log(x + 1) for x > 0, -log(1 - x)
// for x < 0, 0 for 0, rescaled so that its max|.| equals the image's max|x| (both over the whole
// image). PyRadiomics keeps float64; stored in float32.
class LogarithmFilter final : public ImageFilter {
 public:
  std::vector<std::string> image_names() const override { return {"logarithm"}; }
  int margin_voxels(const core::Vec3&) const override { return kWholeImageMargin; }
  void apply(const core::IntensityImage& image, const core::Mask&, const ImageSink& yield) const override {
    const double largest = pyradiomics::largest_magnitude(image);
    if (largest == 0)
      throw InputError("Logarithm: the image is 0 everywhere; its rescaling max|x| / max|log| is undefined");
    const auto& input = image.voxels();
    std::vector<double> logarithms(input.size());
    double largest_logarithm = 0;
    for (std::size_t k = 0; k < input.size(); ++k) {
      const double value = input[k];
      if (value > 0)
        logarithms[k] = std::log(value + 1);
      else if (value < 0)
        logarithms[k] = -std::log(-(value - 1));
      largest_logarithm = std::max(largest_logarithm, std::abs(logarithms[k]));
    }
    const double scale = largest / largest_logarithm;
    auto result = pyradiomics::blank_like(image, core::PixelType::Float64);
    auto& output = result.voxels();
    for (std::size_t k = 0; k < input.size(); ++k) output[k] = static_cast<float>(logarithms[k] * scale);
    yield("logarithm", result);
  }
};

}  // namespace

FilterType logarithm_filter_type() {
  return {"Logarithm", "PyRadiomics' signed logarithm of the intensities, sign(x) log(|x| + 1), rescaled",
          [](const FilterOptions&) { return std::make_unique<LogarithmFilter>(); }};
}

}  // namespace radstudy::filters
