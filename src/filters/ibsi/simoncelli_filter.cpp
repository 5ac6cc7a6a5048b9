#include <fmt/format.h>

#include <cmath>

#include "filters/ibsi/fourier_filtering.hpp"
#include "filters/ibsi/ibsi_filter_options.hpp"
#include "filters/image_filter.hpp"

namespace radstudy::filters {
namespace {

// IBSI 2 non-separable wavelet, Simoncelli (PRT7), band-pass response of one decomposition level, in the
// Fourier domain: the band is radial in frequency coordinates normalised to [-1, 1] per axis on the
// transformed grid, as MIRP and the reference maps define it (see consensus_frequency).
class SimoncelliFilter final : public ImageFilter {
 public:
  SimoncelliFilter(int level, ibsi::CommonFilterOptions common) : level_(level), common_(common) {}

  std::vector<std::string> image_names() const override {
    return {fmt::format("simoncelli-level-{}-{}", level_, common_.dimensions_name())};
  }

  // A periodic boundary makes the image a torus: the response depends on the whole image.
  int margin_voxels(const core::Vec3&) const override {
    return common_.boundary == BoundaryCondition::Periodic ? kWholeImageMargin
                                                           : ibsi::simoncelli_margin(level_);
  }

  void apply(const core::IntensityImage& image, const core::Mask&, const ImageSink& yield) const override {
    const ibsi::PaddedSpectrum spectrum(image, common_.boundary, ibsi::simoncelli_margin(level_),
                                        common_.slice_by_slice);
    const auto grid = spectrum.grid();
    const int level = level_;
    yield(image_names().front(), spectrum.response([&](const std::array<long, 3>& index) {
      return std::complex<double>(ibsi::simoncelli_transfer(index, grid, level), 0.0);
    }));
  }

 private:
  int level_;
  ibsi::CommonFilterOptions common_;
};

}  // namespace

FilterType simoncelli_filter_type() {
  return {"Simoncelli",
          "IBSI 2 non-separable (Simoncelli) wavelet, band-pass of one level: level (1, 2, ...), boundary, "
          "dimensions (3D | 2D)",
          [](const FilterOptions& options) -> std::unique_ptr<ImageFilter> {
            const int level = ibsi::read_simoncelli_level(options);
            return std::make_unique<SimoncelliFilter>(level, ibsi::read_common_filter_options(options));
          }};
}

}  // namespace radstudy::filters
