#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "filters/ibsi/ibsi_filter_options.hpp"
#include "filters/ibsi/separable_convolution.hpp"
#include "filters/image_filter.hpp"

namespace radstudy::filters {
namespace {

// IBSI 2 Laplacian of Gaussian (L6PA). MIRP samples, at voxel centres k (in voxels),
//   g[k] = -1/s^2 (2 pi s^2)^(-D/2) (D - |k|^2/s^2) exp(-|k|^2 / (2 s^2)),  s = sigma / spacing,
// on a box of 1 + 2 floor(truncation * s + 0.5) voxels per axis, not renormalised: the voxel-unit
// Laplacian of a unit-mass Gaussian. With anisotropic spacing radstudy keeps the Gaussian isotropic in mm
// (s_a = sigma / spacing_a on each axis a) and takes the Laplacian in mm scaled by the square of the
// geometric mean spacing, which is MIRP's kernel whenever the spacing is isotropic (MIRP instead uses the
// largest s_a on every axis, a Gaussian wider in mm along the coarse axes). The kernel is the sum over axes
// a of D_a (x) prod_{b != a} G_b (second derivative along a, Gaussian along the others): 7 passes in 3D.
class LaplacianOfGaussianFilter final : public ImageFilter {
 public:
  LaplacianOfGaussianFilter(std::vector<double> sigmas, double truncation, ibsi::CommonFilterOptions common)
      : sigmas_(std::move(sigmas)), truncation_(truncation), common_(common) {}

  std::vector<std::string> image_names() const override {
    std::vector<std::string> names;
    for (double sigma : sigmas_)
      names.push_back(
          fmt::format("log-ibsi-sigma-{}-mm-{}", ibsi::prefix_number(sigma), common_.dimensions_name()));
    return names;
  }

  int margin_voxels(const core::Vec3& spacing) const override {
    long margin = 0;
    for (double sigma : sigmas_)
      for (int axis = 0; axis < common_.dimension_count(); ++axis)
        margin = std::max(margin, half_support(sigma, spacing[axis]));
    return static_cast<int>(margin);
  }

  void apply(const core::IntensityImage& image, const core::Mask&, const ImageSink& yield) const override {
    const auto names = image_names();
    const auto input = ibsi::volume_of(image);
    for (std::size_t index = 0; index < sigmas_.size(); ++index)
      yield(names[index], ibsi::image_of(filter(input, sigmas_[index], image.spacing()), image.geometry()));
  }

 private:
  long half_support(double sigma, double spacing) const {
    return static_cast<long>(std::floor(truncation_ * sigma / spacing + 0.5));
  }

  ibsi::Volume filter(const ibsi::Volume& input, double sigma, const core::Vec3& spacing) const {
    const int dimensions = common_.dimension_count();
    // Per axis: the Gaussian G_a and its second derivative D_a (in mm), each times the spacing, so that
    // the product over axes carries the voxel volume.
    std::array<std::vector<double>, 3> gaussian, second_derivative;
    double volume = 1.0;
    for (int axis = 0; axis < dimensions; ++axis) {
      const double step = spacing[axis];
      volume *= step;
      const long half = half_support(sigma, step);
      for (long k = -half; k <= half; ++k) {
        const double position = static_cast<double>(k) * step;
        const double value = step * std::exp(-position * position / (2.0 * sigma * sigma)) /
                             (std::sqrt(2.0 * std::numbers::pi) * sigma);
        gaussian[axis].push_back(value);
        second_derivative[axis].push_back(value *
                                          (position * position / std::pow(sigma, 4) - 1.0 / (sigma * sigma)));
      }
    }
    const double scale = std::pow(volume, 2.0 / dimensions);  // squared geometric-mean spacing
    const auto condition = common_.boundary;
    auto along = [&](const ibsi::Volume& from, int axis, const std::vector<double>& kernel,
                     ibsi::Volume& to) { ibsi::convolve_axis_into(from, axis, kernel, condition, to); };
    auto add = [](ibsi::Volume& to, const ibsi::Volume& from) {
      for (std::size_t k = 0; k < to.voxels.size(); ++k) to.voxels[k] += from.voxels[k];
    };
    ibsi::Volume smooth_x, curved_x, first, second, third;
    along(input, 0, gaussian[0], smooth_x);
    along(input, 0, second_derivative[0], curved_x);
    ibsi::Volume result;
    if (dimensions == 2) {
      along(smooth_x, 1, second_derivative[1], result);
      along(curved_x, 1, gaussian[1], first);
      add(result, first);
    } else {
      along(smooth_x, 1, gaussian[1], first);            // G_y G_x
      along(smooth_x, 1, second_derivative[1], second);  // D_y G_x
      along(curved_x, 1, gaussian[1], third);            // G_y D_x
      add(second, third);
      along(first, 2, second_derivative[2], result);  // D_z G_y G_x
      along(second, 2, gaussian[2], third);           // G_z (D_y G_x + G_y D_x)
      add(result, third);
    }
    for (double& value : result.voxels) value *= scale;
    return result;
  }

  std::vector<double> sigmas_;
  double truncation_;
  ibsi::CommonFilterOptions common_;
};

}  // namespace

FilterType laplacian_of_gaussian_filter_type() {
  return {
      "LaplacianOfGaussian",
      "IBSI 2 Laplacian of Gaussian: sigma (mm, one image each), truncation (sigmas, default 4), boundary, "
      "dimensions (3D | 2D)",
      [](const FilterOptions& options) -> std::unique_ptr<ImageFilter> {
        if (!options.has("sigma"))
          options.fail("sigma", "is required: the Gaussian's standard deviation in mm, one or a list");
        const auto sigmas = options.numbers("sigma", {});
        if (sigmas.empty()) options.fail("sigma", "expected one or more numbers (mm)");
        for (double sigma : sigmas)
          options.require(sigma > 0 && sigma <= 1000, "sigma", sigma, "sigma is in mm, > 0 and at most 1000");
        const double truncation = ibsi::read_log_truncation(options);
        return std::make_unique<LaplacianOfGaussianFilter>(sigmas, truncation,
                                                           ibsi::read_common_filter_options(options));
      }};
}

}  // namespace radstudy::filters
