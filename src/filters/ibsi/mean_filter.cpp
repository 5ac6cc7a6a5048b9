#include <fmt/format.h>

#include "filters/ibsi/ibsi_filter_options.hpp"
#include "filters/ibsi/separable_convolution.hpp"
#include "filters/image_filter.hpp"

namespace radstudy::filters {
namespace {

// IBSI 2 mean filter (S60F): the average over a cube (square in 2D) of `support` voxels per side, as
// separable 1D passes of 1/M. An even support gets MIRP's trailing zero tap: the window then reaches
// M/2 voxels forward and M/2 - 1 backward.
class MeanFilter final : public ImageFilter {
 public:
  MeanFilter(int support, ibsi::CommonFilterOptions common) : support_(support), common_(common) {}

  std::vector<std::string> image_names() const override {
    return {fmt::format("mean-s{}-{}", support_, common_.dimensions_name())};
  }
  int margin_voxels(const core::Vec3&) const override { return support_ / 2; }

  void apply(const core::IntensityImage& image, const core::Mask&, const ImageSink& yield) const override {
    std::vector<double> kernel(static_cast<std::size_t>(support_), 1.0 / support_);
    if (kernel.size() % 2 == 0) kernel.push_back(0.0);
    std::array<std::vector<double>, 3> kernels = {kernel, kernel, kernel};
    if (common_.slice_by_slice) kernels[2].clear();
    const auto response = ibsi::convolve_separable(ibsi::volume_of(image), kernels, common_.boundary);
    yield(image_names().front(), ibsi::image_of(response, image.geometry()));
  }

 private:
  int support_;
  ibsi::CommonFilterOptions common_;
};

}  // namespace

FilterType mean_filter_type() {
  return {"Mean", "IBSI 2 mean filter: support (voxels), boundary, dimensions (3D | 2D)",
          [](const FilterOptions& options) -> std::unique_ptr<ImageFilter> {
            if (!options.has("support"))
              options.fail("support", "is required: the side of the averaging cube in voxels (e.g. 5)");
            const int support = options.integer("support", 1);
            options.require(support >= 1 && support <= 255, "support", support,
                            "the mean filter's support is a whole number of voxels from 1 to 255");
            return std::make_unique<MeanFilter>(support, ibsi::read_common_filter_options(options));
          }};
}

}  // namespace radstudy::filters
