#include "filters/image_filter.hpp"

namespace radstudy::filters {
namespace {

// The image as it is (PyRadiomics' Original image type).
class OriginalFilter final : public ImageFilter {
 public:
  std::vector<std::string> image_names() const override { return {"original"}; }
  int margin_voxels(const core::Vec3&) const override { return 0; }
  void apply(const core::IntensityImage& image, const core::Mask&, const ImageSink& yield) const override {
    yield("original", image);
  }
};

}  // namespace

FilterType original_filter_type() {
  return {"Original", "the image without a filter",
          [](const FilterOptions&) { return std::make_unique<OriginalFilter>(); }};
}

}  // namespace radstudy::filters
