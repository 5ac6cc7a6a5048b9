#include <cmath>

#include "core/errors.hpp"
#include "filters/image_filter.hpp"
#include "filters/pyradiomics/pyradiomics_image.hpp"

namespace radstudy::filters {
namespace {

// PyRadiomics' SquareRoot image (imageoperations.getSquareRootImage): sqrt(c x) for x > 0, -sqrt(-c x)
// for x < 0, 0 for 0, with c = max|x| over the whole image. PyRadiomics keeps float64; stored in float32.
class SquareRootFilter final : public ImageFilter {
 public:
  std::vector<std::string> image_names() const override { return {"squareroot"}; }
  int margin_voxels(const core::Vec3&) const override { return kWholeImageMargin; }
  void apply(const core::IntensityImage& image, const core::Mask&, const ImageSink& yield) const override {
    const double scale = pyradiomics::largest_magnitude(image);
    auto result = pyradiomics::blank_like(image, core::PixelType::Float64);
    const auto& input = image.voxels();
    auto& output = result.voxels();
    for (std::size_t k = 0; k < input.size(); ++k) {
      const double value = input[k];
      if (value > 0)
        output[k] = static_cast<float>(std::sqrt(value * scale));
      else if (value < 0)
        output[k] = static_cast<float>(-std::sqrt(-value * scale));
    }
    yield("squareroot", result);
  }
};

}  // namespace

FilterType square_root_filter_type() {
  return {"SquareRoot", "PyRadiomics' signed square root of the intensities, sign(x) sqrt(|x| max|x|)",
          [](const FilterOptions&) { return std::make_unique<SquareRootFilter>(); }};
}

}  // namespace radstudy::filters
