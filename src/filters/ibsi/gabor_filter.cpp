#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <limits>
#include <numbers>

#include "filters/ibsi/ibsi_filter_options.hpp"
#include "filters/ibsi/plane_fft_convolution.hpp"
#include "filters/ibsi/separable_convolution.hpp"
#include "filters/image_filter.hpp"

namespace radstudy::filters {
namespace {

// A plane of the 2D Gabor kernel: its rows run along row_axis, its columns along column_axis.
struct GaborPlane {
  int row_axis;
  int column_axis;
};
// Axial (slices along z): rows y, columns x, as MIRP's (y, x) grid; coronal and sagittal as MIRP's
// planes orthogonal to y and x: rows z, columns x; rows z, columns y.
constexpr GaborPlane kAxial{1, 0};
constexpr GaborPlane kCoronal{2, 0};
constexpr GaborPlane kSagittal{2, 1};

// IBSI 2 Gabor filter (Q88H) with MIRP's conventions: at the offset (y, x) in mm of a voxel centre from
// the kernel's centre (y along the plane's rows, x along its columns),
//   g = exp(-(x'^2 + gamma^2 y'^2) / (2 sigma^2)) exp(2 pi i x' / lambda),
//   x' = cos(theta) x + sin(theta) y,  y' = sin(theta) x - cos(theta) y,
// not normalised (an impulse of height h gives a response of modulus h at its centre); the response is
// the modulus of the convolution. Rotation invariance pools (max or average) over theta, theta + step,
// ... below 360 degrees; planes: orthogonal pools over the axial, coronal and sagittal planes too (IBSI 2
// test 4.a.2), each plane's slices filtered on their own.
// Unlike MIRP, whose kernel is as wide as the image (so that a region's response would depend on the crop),
// the kernel stops at truncation x the envelope's largest standard deviation, sigma max(1, 1/gamma): it
// is then the same for a cropped region (margin_voxels) as for the whole image, and identical to
// MIRP's on the IBSI phantoms wherever the image, not the kernel, is the limit.
class GaborFilter final : public ImageFilter {
 public:
  struct Settings {
    double sigma = 0, wavelength = 0, gamma = 1, theta = 0, theta_step = 0, truncation = 4;
    bool rotation_invariant = false, max_pooling = false, orthogonal_planes = false;
  };

  GaborFilter(Settings settings, ibsi::CommonFilterOptions common) : settings_(settings), common_(common) {}

  std::vector<std::string> image_names() const override {
    std::string name =
        fmt::format("gabor-sigma-{}-mm-lambda-{}-mm-gamma-{}-theta-{}", ibsi::prefix_number(settings_.sigma),
                    ibsi::prefix_number(settings_.wavelength), ibsi::prefix_number(settings_.gamma),
                    ibsi::prefix_number(settings_.theta));
    if (settings_.rotation_invariant) name += "-step-" + ibsi::prefix_number(settings_.theta_step);
    if (settings_.rotation_invariant || settings_.orthogonal_planes)
      name += settings_.max_pooling ? "-max" : "-average";
    name += settings_.orthogonal_planes ? "-orthogonal" : "-axial";
    return {name + "-" + common_.dimensions_name()};
  }

  int margin_voxels(const core::Vec3& spacing) const override {
    long margin = 0;
    for (const auto& plane : planes())
      margin =
          std::max({margin, half_support(spacing[plane.row_axis]), half_support(spacing[plane.column_axis])});
    return static_cast<int>(margin);
  }

  void apply(const core::IntensityImage& image, const core::Mask&, const ImageSink& yield) const override {
    const auto input = ibsi::volume_of(image);
    const auto& spacing = image.spacing();
    // Orientations theta and theta + 180 degrees have conjugate kernels, hence the same modulus on a real
    // image: each pair is computed once and counted twice.
    std::vector<double> thetas;
    std::vector<double> multiplicity;
    std::size_t orientation_count = 1;
    if (settings_.rotation_invariant) {
      orientation_count = static_cast<std::size_t>(std::lround(360.0 / settings_.theta_step));
      const bool paired = orientation_count % 2 == 0;
      for (std::size_t k = 0; k < (paired ? orientation_count / 2 : orientation_count); ++k) {
        thetas.push_back(settings_.theta + static_cast<double>(k) * settings_.theta_step);
        multiplicity.push_back(paired ? 2.0 : 1.0);
      }
    } else {
      thetas.push_back(settings_.theta);
      multiplicity.push_back(1.0);
    }
    const auto plane_list = planes();
    const std::size_t response_count = orientation_count * plane_list.size();
    ibsi::Volume pooled(input.size, settings_.max_pooling ? -std::numeric_limits<double>::infinity() : 0.0);
    const std::size_t strides[3] = {1, input.size[0], input.size[0] * input.size[1]};
    for (const auto& plane : plane_list) {
      std::vector<ibsi::PlaneKernel> kernels;
      for (double theta : thetas) kernels.push_back(kernel(plane, theta, spacing));
      const int stack_axis = 3 - plane.row_axis - plane.column_axis;
      const std::size_t columns = input.size[plane.column_axis];
      ibsi::convolve_planes(input, plane.row_axis, plane.column_axis, kernels, common_.boundary,
                            [&](std::size_t kernel_index, std::size_t slice,
                                const std::vector<std::complex<double>>& response) {
                              const double weight = multiplicity[kernel_index];
                              for (std::size_t k = 0; k < response.size(); ++k) {
                                const std::size_t index = slice * strides[stack_axis] +
                                                          (k / columns) * strides[plane.row_axis] +
                                                          (k % columns) * strides[plane.column_axis];
                                const double modulus = std::sqrt(std::norm(response[k]));
                                if (settings_.max_pooling)
                                  pooled.voxels[index] = std::max(pooled.voxels[index], modulus);
                                else
                                  pooled.voxels[index] += weight * modulus;
                              }
                            });
    }
    if (!settings_.max_pooling)
      for (double& value : pooled.voxels) value /= static_cast<double>(response_count);
    yield(image_names().front(), ibsi::image_of(pooled, image.geometry()));
  }

 private:
  std::vector<GaborPlane> planes() const {
    if (settings_.orthogonal_planes) return {kAxial, kCoronal, kSagittal};
    return {kAxial};
  }

  long half_support(double spacing) const {
    const double envelope = settings_.sigma * std::max(1.0, 1.0 / settings_.gamma);
    return static_cast<long>(std::floor(settings_.truncation * envelope / spacing + 0.5));
  }

  ibsi::PlaneKernel kernel(const GaborPlane& plane, double theta_degrees, const core::Vec3& spacing) const {
    const double row_spacing = spacing[plane.row_axis], column_spacing = spacing[plane.column_axis];
    ibsi::PlaneKernel kernel{half_support(row_spacing), half_support(column_spacing), {}};
    const double theta = theta_degrees * std::numbers::pi / 180.0;
    const double cos_theta = std::cos(theta), sin_theta = std::sin(theta);
    const double sigma = settings_.sigma, gamma = settings_.gamma;
    kernel.taps.reserve(static_cast<std::size_t>((2 * kernel.row_half + 1) * (2 * kernel.column_half + 1)));
    for (long r = -kernel.row_half; r <= kernel.row_half; ++r)
      for (long c = -kernel.column_half; c <= kernel.column_half; ++c) {
        const double y = static_cast<double>(r) * row_spacing, x = static_cast<double>(c) * column_spacing;
        const double along = cos_theta * x + sin_theta * y;
        const double across = sin_theta * x - cos_theta * y;
        const double envelope =
            std::exp(-(along * along + gamma * gamma * across * across) / (2.0 * sigma * sigma));
        kernel.taps.push_back(std::polar(envelope, 2.0 * std::numbers::pi * along / settings_.wavelength));
      }
    return kernel;
  }

  Settings settings_;
  ibsi::CommonFilterOptions common_;
};

}  // namespace

FilterType gabor_filter_type() {
  return {
      "Gabor",
      "IBSI 2 Gabor filter (modulus): sigma, lambda (mm), gamma, theta (degrees), rotation_invariance with "
      "theta_step (degrees), pooling (max | average), planes (axial | orthogonal), truncation, boundary, "
      "dimensions (3D | 2D)",
      [](const FilterOptions& options) -> std::unique_ptr<ImageFilter> {
        const auto common = ibsi::read_common_filter_options(options);
        GaborFilter::Settings settings;
        for (const char* key : {"sigma", "lambda"})
          if (!options.has(key))
            options.fail(key,
                         "is required (mm): sigma is the envelope's standard deviation, lambda the "
                         "wavelength");
        settings.sigma = options.number("sigma", 0);
        options.require(settings.sigma > 0 && settings.sigma <= 1000, "sigma", settings.sigma,
                        "sigma is in mm, > 0 and at most 1000");
        settings.wavelength = options.number("lambda", 0);
        options.require(settings.wavelength > 0 && settings.wavelength <= 1000, "lambda", settings.wavelength,
                        "lambda is in mm, > 0 and at most 1000");
        settings.gamma = options.number("gamma", 1.0);
        options.require(settings.gamma >= 0.01 && settings.gamma <= 100, "gamma", settings.gamma,
                        "gamma is the envelope's aspect ratio, from 0.01 to 100");
        settings.theta = options.number("theta", 0.0);
        options.require(settings.theta >= 0 && settings.theta < 360, "theta", settings.theta,
                        "theta is in degrees, from 0 to below 360");
        settings.truncation = options.number("truncation", 4.0);
        options.require(
            settings.truncation > 0 && settings.truncation <= 20, "truncation", settings.truncation,
            "the kernel stops at truncation x sigma max(1, 1/gamma), truncation > 0 and at most 20");
        settings.rotation_invariant = options.flag("rotation_invariance", false);
        if (settings.rotation_invariant) {
          if (!options.has("theta_step"))
            options.fail("theta_step",
                         "is required with rotation_invariance: the angle between pooled "
                         "orientations in degrees (e.g. 45)");
          settings.theta_step = options.number("theta_step", 0);
          const double portions = 360.0 / settings.theta_step;
          options.require(settings.theta_step > 0 && settings.theta_step <= 180 &&
                              std::abs(portions - std::round(portions)) < 1e-9,
                          "theta_step", settings.theta_step,
                          "theta_step is in degrees and divides 360 into equal portions (e.g. 45, 22.5)");
        } else if (options.has("theta_step")) {
          options.fail("theta_step", "needs rotation_invariance: true");
        }
        settings.orthogonal_planes = options.word("planes", "axial", {"axial", "orthogonal"}) == "orthogonal";
        if (settings.orthogonal_planes && common.slice_by_slice)
          options.fail("planes", "orthogonal planes need dimensions: 3D (2D filters each axial slice)");
        if (!settings.rotation_invariant && !settings.orthogonal_planes && options.has("pooling"))
          options.fail("pooling",
                       "pools orientations or planes; it needs rotation_invariance: true or "
                       "planes: orthogonal");
        settings.max_pooling = options.word("pooling", "average", {"max", "average"}) == "max";
        return std::make_unique<GaborFilter>(settings, common);
      }};
}

}  // namespace radstudy::filters
