#include <cmath>

#include "filters/image_filter.hpp"
#include "filters/pyradiomics/pyradiomics_image.hpp"

namespace radstudy::filters {
namespace {

// PyRadiomics' Gradient image (imageoperations.getGradientImage): SimpleITK's
// GradientMagnitudeImageFilter, i.e. ITK's central differences (f[i+1] - f[i-1]) / 2 per axis, divided
// by the spacing when gradientUseSpacing is on, the edge voxel repeated beyond the image (ITK's
// zero-flux Neumann condition), magnitude sqrt(gx^2 + gy^2 + gz^2) computed in double and stored as
// float32 (SimpleITK's output type).
class GradientFilter final : public ImageFilter {
 public:
  explicit GradientFilter(bool use_spacing) : use_spacing_(use_spacing) {}
  std::vector<std::string> image_names() const override { return {"gradient"}; }
  int margin_voxels(const core::Vec3&) const override { return 1; }
  void apply(const core::IntensityImage& image, const core::Mask&, const ImageSink& yield) const override {
    const auto& size = image.size();
    const std::size_t nx = size[0], ny = size[1], nz = size[2];
    // ITK scales the operator (-1/2, 0, 1/2) by 1/spacing: coefficient 0.5 * (1 / spacing).
    double half[3];
    for (int axis = 0; axis < 3; ++axis)
      half[axis] = use_spacing_ ? 0.5 * (1.0 / image.spacing()[axis]) : 0.5;
    auto result = pyradiomics::blank_like(image, core::PixelType::Float32);
    const float* input = image.voxels().data();
    float* output = result.voxels().data();
    const std::size_t stride_y = nx, stride_z = nx * ny;
    for (std::size_t z = 0; z < nz; ++z) {
      const std::size_t z_before = z > 0 ? z - 1 : 0, z_after = z + 1 < nz ? z + 1 : nz - 1;
      for (std::size_t y = 0; y < ny; ++y) {
        const std::size_t y_before = y > 0 ? y - 1 : 0, y_after = y + 1 < ny ? y + 1 : ny - 1;
        const std::size_t row = y * stride_y + z * stride_z;
        const float* before_y = input + y_before * stride_y + z * stride_z;
        const float* after_y = input + y_after * stride_y + z * stride_z;
        const float* before_z = input + y * stride_y + z_before * stride_z;
        const float* after_z = input + y * stride_y + z_after * stride_z;
        const float* line = input + row;
        for (std::size_t x = 0; x < nx; ++x) {
          const std::size_t x_before = x > 0 ? x - 1 : 0, x_after = x + 1 < nx ? x + 1 : nx - 1;
          // ITK's inner product: -h f[i-1] + 0 f[i] + h f[i+1], in that order (the 0 term adds nothing).
          const double gx = -half[0] * line[x_before] + half[0] * line[x_after];
          const double gy = -half[1] * before_y[x] + half[1] * after_y[x];
          const double gz = -half[2] * before_z[x] + half[2] * after_z[x];
          double sum = 0;
          sum += gx * gx;
          sum += gy * gy;
          sum += gz * gz;
          output[row + x] = static_cast<float>(std::sqrt(sum));
        }
      }
    }
    yield("gradient", result);
  }

 private:
  bool use_spacing_;
};

}  // namespace

FilterType gradient_filter_type() {
  return {"Gradient", "PyRadiomics' gradient magnitude (central differences, in intensity per mm)",
          [](const FilterOptions& options) {
            return std::make_unique<GradientFilter>(options.flag("gradientUseSpacing", true));
          }};
}

}  // namespace radstudy::filters
