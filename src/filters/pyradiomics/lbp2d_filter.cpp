#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/errors.hpp"
#include "core/text.hpp"
#include "filters/image_filter.hpp"
#include "filters/pyradiomics/pyradiomics_image.hpp"

namespace radstudy::filters {
namespace {

enum class LbpMethod { Default, Ror, Uniform, NriUniform, Variance };

const std::vector<std::string>& lbp_method_words() {
  static const std::vector<std::string> words = {"default", "ror", "uniform", "nri_uniform", "var"};
  return words;
}

// One plane of the image: rows and columns as numpy sees the slice PyRadiomics hands to scikit-image.
struct Plane {
  std::size_t rows, cols;
  std::size_t row_stride, col_stride;  // in voxels of the image
};

// PyRadiomics' LBP2D image (imageoperations.getLBP2DImage): scikit-image's local_binary_pattern(slice,
// P, R, method) on every slice across force2Ddimension (0: axial (rows y, columns x), 1: coronal (rows
// z, columns x), 2: sagittal (rows y, columns z), as numpy's swapaxes(0, axis) orders them), written back
// into the image's own pixel type as numpy assigns float64 into it.
class Lbp2dFilter final : public ImageFilter {
 public:
  Lbp2dFilter(double radius, int samples, LbpMethod method, int axis)
      : radius_(radius), samples_(samples), method_(method), axis_(axis) {
    // scikit-image: rp = round(-R sin(2 pi i / P), 5), cp = round(R cos(2 pi i / P), 5).
    constexpr double kPi = 3.141592653589793;
    for (int i = 0; i < samples_; ++i) {
      const double angle = 2 * kPi * static_cast<double>(i) / samples_;
      row_offsets_.push_back(round5(-radius_ * std::sin(angle)));
      col_offsets_.push_back(round5(radius_ * std::cos(angle)));
    }
  }

  std::vector<std::string> image_names() const override { return {"lbp-2D"}; }
  // Bilinear samples at distance R in the slice, zero beyond the image's edge.
  int margin_voxels(const core::Vec3&) const override { return static_cast<int>(std::ceil(radius_)) + 1; }

  void apply(const core::IntensityImage& image, const core::Mask& mask,
             const ImageSink& yield) const override {
    const auto& size = image.size();
    const std::size_t nx = size[0], ny = size[1], nz = size[2];
    const std::size_t sx = 1, sy = nx, sz = nx * ny;
    std::size_t slices = 0, slice_stride = 0;
    Plane plane{};
    if (axis_ == 0) {
      slices = nz, slice_stride = sz, plane = {ny, nx, sy, sx};
    } else if (axis_ == 1) {
      slices = ny, slice_stride = sy, plane = {nz, nx, sz, sx};
    } else {
      slices = nx, slice_stride = sx, plane = {ny, nz, sy, sz};
    }
    const core::PixelType type = image.stored_pixel_type();
    auto result = pyradiomics::blank_like(image, type);
    std::vector<double> slice(plane.rows * plane.cols);
    for (std::size_t s = 0; s < slices; ++s) {
      const std::size_t base = s * slice_stride;
      for (std::size_t r = 0; r < plane.rows; ++r)
        for (std::size_t c = 0; c < plane.cols; ++c)
          slice[r * plane.cols + c] = image.voxels()[base + r * plane.row_stride + c * plane.col_stride];
      for (std::size_t r = 0; r < plane.rows; ++r)
        for (std::size_t c = 0; c < plane.cols; ++c)
          result.voxels()[base + r * plane.row_stride + c * plane.col_stride] =
              static_cast<float>(pyradiomics::numpy_cast(pattern(slice, plane.rows, plane.cols, r, c), type));
    }
    // 'var' is NaN where the samples are all equal (float images keep it; numpy turns it into 0 in an
    // integer image). Outside the region it is set to 0; inside, no feature would be defined.
    std::size_t undefined = 0;
    for (std::size_t k = 0; k < result.voxel_count(); ++k)
      if (std::isnan(result.voxels()[k])) {
        if (mask.voxels()[k]) ++undefined;
        result.voxels()[k] = 0;
      }
    if (undefined > 0)
      throw InputError(
          fmt::format("LBP2D: lbp2DMethod 'var' is undefined (all {} samples equal) at {} voxels of "
                      "the region",
                      samples_, undefined));
    yield("lbp-2D", result);
  }

 private:
  static double round5(double value) { return std::nearbyint(value * 1e5) / 1e5; }

  // scikit-image's bilinear_interpolation with mode 'C', cval 0.
  static double bilinear(const std::vector<double>& slice, std::size_t rows, std::size_t cols, double r,
                         double c) {
    const long min_r = static_cast<long>(std::floor(r)), min_c = static_cast<long>(std::floor(c));
    const long max_r = static_cast<long>(std::ceil(r)), max_c = static_cast<long>(std::ceil(c));
    const double dr = r - static_cast<double>(min_r), dc = c - static_cast<double>(min_c);
    auto pixel = [&](long row, long col) {
      if (row < 0 || col < 0 || row >= static_cast<long>(rows) || col >= static_cast<long>(cols)) return 0.0;
      return slice[static_cast<std::size_t>(row) * cols + static_cast<std::size_t>(col)];
    };
    const double top = (1 - dc) * pixel(min_r, min_c) + dc * pixel(min_r, max_c);
    const double bottom = (1 - dc) * pixel(max_r, min_c) + dc * pixel(max_r, max_c);
    return (1 - dr) * top + dr * bottom;
  }

  // scikit-image's _local_binary_pattern at (r, c).
  double pattern(const std::vector<double>& slice, std::size_t rows, std::size_t cols, std::size_t r,
                 std::size_t c) const {
    const int p = samples_;
    double texture[32];
    int signs[32];
    const double centre = slice[r * cols + c];
    for (int i = 0; i < p; ++i) {
      texture[i] = bilinear(slice, rows, cols, static_cast<double>(r) + row_offsets_[i],
                            static_cast<double>(c) + col_offsets_[i]);
      signs[i] = texture[i] - centre >= 0 ? 1 : 0;
    }
    switch (method_) {
      case LbpMethod::Variance: {
        double sum = 0, squares = 0;
        for (int i = 0; i < p; ++i) {
          sum += texture[i];
          squares += texture[i] * texture[i];
        }
        const double variance = (squares - (sum * sum) / p) / p;
        return variance != 0 ? variance : std::numeric_limits<double>::quiet_NaN();
      }
      case LbpMethod::Uniform:
      case LbpMethod::NriUniform: {
        int changes = 0;
        for (int i = 0; i < p - 1; ++i) changes += signs[i] != signs[i + 1];
        if (method_ == LbpMethod::Uniform) {
          if (changes > 2) return p + 1;
          int ones = 0;
          for (int i = 0; i < p; ++i) ones += signs[i];
          return ones;
        }
        if (changes > 2) return static_cast<double>(p) * (p - 1) + 2;
        int ones = 0, first_one = -1, first_zero = -1;
        for (int i = 0; i < p; ++i) {
          if (signs[i]) {
            ++ones;
            if (first_one == -1) first_one = i;
          } else if (first_zero == -1) {
            first_zero = i;
          }
        }
        if (ones == 0) return 0;
        if (ones == p) return static_cast<double>(p) * (p - 1) + 1;
        const int rotation = first_one == 0 ? ones - first_zero : p - first_one;
        return 1 + static_cast<double>(ones - 1) * p + rotation;
      }
      case LbpMethod::Default:
      case LbpMethod::Ror: {
        std::uint32_t code = 0;
        for (int i = 0; i < p; ++i) code += static_cast<std::uint32_t>(signs[i]) << i;
        if (method_ == LbpMethod::Default) return code;
        // The smallest of the P right rotations of the P-bit code.
        std::uint32_t smallest = code, rotated = code;
        const std::uint32_t mask = p == 32 ? 0xffffffffu : (1u << p) - 1;
        for (int i = 1; i < p; ++i) {
          rotated = ((rotated >> 1) | (rotated << (p - 1))) & mask;
          smallest = std::min(smallest, rotated);
        }
        return smallest;
      }
    }
    return 0;
  }

  double radius_;
  int samples_;
  LbpMethod method_;
  int axis_;
  std::vector<double> row_offsets_, col_offsets_;
};

}  // namespace

FilterType lbp2d_filter_type() {
  return {
      "LBP2D", "PyRadiomics' 2D local binary pattern (scikit-image) on every slice across force2Ddimension",
      [](const FilterOptions& options) {
        const double radius = options.number("lbp2DRadius", 1);
        options.require(radius > 0 && radius <= 1000, "lbp2DRadius", radius,
                        "the radius in voxels is > 0 (and at most 1000)");
        const int samples = options.integer("lbp2DSamples", 8);
        options.require(samples >= 1 && samples <= 31, "lbp2DSamples", samples,
                        "1 to 31 samples (scikit-image's codes are 32-bit integers)");
        const std::string method = core::lowercase(options.word("lbp2DMethod", "uniform"));
        const auto& words = lbp_method_words();
        const auto found = std::find(words.begin(), words.end(), method);
        if (found == words.end())
          options.fail("lbp2DMethod", fmt::format("'{}' is not one of {}", method, fmt::join(words, ", ")));
        const auto kind = static_cast<LbpMethod>(found - words.begin());
        return std::make_unique<Lbp2dFilter>(radius, samples, kind, options.settings().force_2d_dimension);
      }};
}

}  // namespace radstudy::filters
