#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "core/errors.hpp"
#include "filters/image_filter.hpp"
#include "filters/pyradiomics/pyradiomics_image.hpp"

namespace radstudy::filters {
namespace {

// PyRadiomics' LoG image type (imageoperations.getLoGImage) is SimpleITK's
// LaplacianRecursiveGaussianImageFilter with NormalizeAcrossScale on. This is that filter as ITK computes
// it: per axis d, the second-derivative recursive Gaussian along d, then the smoothing recursive
// Gaussian along the two other axes in increasing order, each pass in double and stored as float32
// between passes (ITK's internal float images); the three results are summed into a float32 image as
// float(sum + pass / spacing_d^2).

// The coefficients of one pass of ITK's RecursiveGaussianImageFilter (Deriche's fourth-order
// recursion with Farneback and Westin's parameters), as RecursiveGaussianImageFilter::SetUp computes
// them.
struct RecursiveCoefficients {
  double n0 = 0, n1 = 0, n2 = 0, n3 = 0;  // causal, times the input
  double d1 = 0, d2 = 0, d3 = 0, d4 = 0;  // times the previous outputs (both directions)
  double m1 = 0, m2 = 0, m3 = 0, m4 = 0;  // anti-causal, times the input
  double bn1 = 0, bn2 = 0, bn3 = 0, bn4 = 0, bm1 = 0, bm2 = 0, bm3 = 0, bm4 = 0;  // edge extension
};

enum class GaussianOrder { Smoothing, SecondDerivative };

struct ExponentialSeries {
  double n0, n1, n2, n3, sn, dn, en;
};

ExponentialSeries exponential_series(double sigmad, double a1, double b1, double w1, double l1, double a2,
                                     double b2, double w2, double l2) {
  const double sin1 = std::sin(w1 / sigmad), sin2 = std::sin(w2 / sigmad);
  const double cos1 = std::cos(w1 / sigmad), cos2 = std::cos(w2 / sigmad);
  const double exp1 = std::exp(l1 / sigmad), exp2 = std::exp(l2 / sigmad);
  ExponentialSeries s{};
  s.n0 = a1 + a2;
  s.n1 = exp2 * (b2 * sin2 - (a2 + 2 * a1) * cos2);
  s.n1 += exp1 * (b1 * sin1 - (a1 + 2 * a2) * cos1);
  s.n2 = (a1 + a2) * cos2 * cos1;
  s.n2 -= b1 * cos2 * sin1 + b2 * cos1 * sin2;
  s.n2 *= 2 * exp1 * exp2;
  s.n2 += a2 * exp1 * exp1 + a1 * exp2 * exp2;
  s.n3 = exp2 * exp1 * exp1 * (b2 * sin2 - a2 * cos2);
  s.n3 += exp1 * exp2 * exp2 * (b1 * sin1 - a1 * cos1);
  s.sn = s.n0 + s.n1 + s.n2 + s.n3;
  s.dn = s.n1 + 2 * s.n2 + 3 * s.n3;
  s.en = s.n1 + 4 * s.n2 + 9 * s.n3;
  return s;
}

RecursiveCoefficients recursive_gaussian(double sigma, double spacing, GaussianOrder order) {
  const double sigmad = sigma / spacing;
  // Table 3 of Farneback and Westin (2006), as ITK uses it.
  constexpr double a1[3] = {1.3530, -0.6724, -1.3563}, b1[3] = {1.8151, -3.4327, 5.2318};
  constexpr double w1 = 0.6681, l1 = -1.3932;
  constexpr double a2[3] = {-0.3531, 0.6724, 0.3446}, b2[3] = {0.0902, 0.6100, -2.2355};
  constexpr double w2 = 2.0787, l2 = -1.3732;

  RecursiveCoefficients k;
  const double cos1 = std::cos(w1 / sigmad), cos2 = std::cos(w2 / sigmad);
  const double exp1 = std::exp(l1 / sigmad), exp2 = std::exp(l2 / sigmad);
  k.d4 = exp1 * exp1 * exp2 * exp2;
  k.d3 = -2 * cos1 * exp1 * exp2 * exp2;
  k.d3 += -2 * cos2 * exp2 * exp1 * exp1;
  k.d2 = 4 * cos2 * cos1 * exp1 * exp2;
  k.d2 += exp1 * exp1 + exp2 * exp2;
  k.d1 = -2 * (exp2 * cos2 + exp1 * cos1);
  const double sd = 1.0 + k.d1 + k.d2 + k.d3 + k.d4;
  const double dd = k.d1 + 2 * k.d2 + 3 * k.d3 + 4 * k.d4;
  const double ed = k.d1 + 4 * k.d2 + 9 * k.d3 + 16 * k.d4;

  if (order == GaussianOrder::Smoothing) {
    const auto s = exponential_series(sigmad, a1[0], b1[0], w1, l1, a2[0], b2[0], w2, l2);
    const double alpha0 = 2 * s.sn / sd - s.n0;
    const double scale = 1.0 / alpha0;  // ITK multiplies by across_scale_normalization (1) / alpha0
    k.n0 = s.n0 * scale;
    k.n1 = s.n1 * scale;
    k.n2 = s.n2 * scale;
    k.n3 = s.n3 * scale;
  } else {
    const double normalization = sigma * sigma;  // NormalizeAcrossScale: sigma^2, sigma in mm
    const auto s0 = exponential_series(sigmad, a1[0], b1[0], w1, l1, a2[0], b2[0], w2, l2);
    const auto s2 = exponential_series(sigmad, a1[2], b1[2], w1, l1, a2[2], b2[2], w2, l2);
    const double beta = -(2 * s2.sn - sd * s2.n0) / (2 * s0.sn - sd * s0.n0);
    k.n0 = s2.n0 + beta * s0.n0;
    k.n1 = s2.n1 + beta * s0.n1;
    k.n2 = s2.n2 + beta * s0.n2;
    k.n3 = s2.n3 + beta * s0.n3;
    const double sn = s2.sn + beta * s0.sn;
    const double dn = s2.dn + beta * s0.dn;
    const double en = s2.en + beta * s0.en;
    double alpha2 = en * sd * sd - ed * sn * sd - 2 * dn * dd * sd + 2 * dd * dd * sn;
    alpha2 /= sd * sd * sd;
    k.n0 *= normalization / alpha2;
    k.n1 *= normalization / alpha2;
    k.n2 *= normalization / alpha2;
    k.n3 *= normalization / alpha2;
  }
  // Both orders are symmetric kernels.
  k.m1 = k.n1 - k.d1 * k.n0;
  k.m2 = k.n2 - k.d2 * k.n0;
  k.m3 = k.n3 - k.d3 * k.n0;
  k.m4 = -k.d4 * k.n0;
  const double sum_n = k.n0 + k.n1 + k.n2 + k.n3;
  const double sum_m = k.m1 + k.m2 + k.m3 + k.m4;
  const double sum_d = 1.0 + k.d1 + k.d2 + k.d3 + k.d4;
  k.bn1 = k.d1 * sum_n / sum_d;
  k.bn2 = k.d2 * sum_n / sum_d;
  k.bn3 = k.d3 * sum_n / sum_d;
  k.bn4 = k.d4 * sum_n / sum_d;
  k.bm1 = k.d1 * sum_m / sum_d;
  k.bm2 = k.d2 * sum_m / sum_d;
  k.bm3 = k.d3 * sum_m / sum_d;
  k.bm4 = k.d4 * sum_m / sum_d;
  return k;
}

// Lines filtered side by side: element i of lane l at [i * kLanes + l], so that every step of the
// recursion runs over the lanes at once. Each lane's arithmetic is ITK's FilterDataArray, term for term.
constexpr std::size_t kLanes = 16;

void filter_lanes(const RecursiveCoefficients& k, const double* data, double* outs, double* scratch,
                  std::size_t length) {
  constexpr std::size_t L = kLanes;
  const std::size_t n = length;
  auto at = [](std::size_t i, std::size_t lane) { return i * L + lane; };
  // Causal pass; the first sample is assumed to extend to infinity.
  for (std::size_t l = 0; l < L; ++l) {
    const double v = data[at(0, l)];
    double o0 = v * k.n0 + v * k.n1 + v * k.n2 + v * k.n3;
    o0 -= v * k.bn1 + v * k.bn2 + v * k.bn3 + v * k.bn4;
    double o1 = data[at(1, l)] * k.n0 + v * k.n1 + v * k.n2 + v * k.n3;
    o1 -= o0 * k.d1 + v * k.bn2 + v * k.bn3 + v * k.bn4;
    double o2 = data[at(2, l)] * k.n0 + data[at(1, l)] * k.n1 + v * k.n2 + v * k.n3;
    o2 -= o1 * k.d1 + o0 * k.d2 + v * k.bn3 + v * k.bn4;
    double o3 = data[at(3, l)] * k.n0 + data[at(2, l)] * k.n1 + data[at(1, l)] * k.n2 + v * k.n3;
    o3 -= o2 * k.d1 + o1 * k.d2 + o0 * k.d3 + v * k.bn4;
    outs[at(0, l)] = o0;
    outs[at(1, l)] = o1;
    outs[at(2, l)] = o2;
    outs[at(3, l)] = o3;
  }
  for (std::size_t i = 4; i < n; ++i) {
    const double* d0 = data + at(i, 0);
    const double* d1 = data + at(i - 1, 0);
    const double* d2 = data + at(i - 2, 0);
    const double* d3 = data + at(i - 3, 0);
    double* o = outs + at(i, 0);
    const double* o1 = outs + at(i - 1, 0);
    const double* o2 = outs + at(i - 2, 0);
    const double* o3 = outs + at(i - 3, 0);
    const double* o4 = outs + at(i - 4, 0);
    for (std::size_t l = 0; l < L; ++l) {
      double value = d0[l] * k.n0 + d1[l] * k.n1 + d2[l] * k.n2 + d3[l] * k.n3;
      value -= o1[l] * k.d1 + o2[l] * k.d2 + o3[l] * k.d3 + o4[l] * k.d4;
      o[l] = value;
    }
  }
  // Anti-causal pass; the last sample is assumed to extend to infinity.
  for (std::size_t l = 0; l < L; ++l) {
    const double v = data[at(n - 1, l)];
    double s1 = v * k.m1 + v * k.m2 + v * k.m3 + v * k.m4;
    s1 -= v * k.bm1 + v * k.bm2 + v * k.bm3 + v * k.bm4;
    double s2 = data[at(n - 1, l)] * k.m1 + v * k.m2 + v * k.m3 + v * k.m4;
    s2 -= s1 * k.d1 + v * k.bm2 + v * k.bm3 + v * k.bm4;
    double s3 = data[at(n - 2, l)] * k.m1 + data[at(n - 1, l)] * k.m2 + v * k.m3 + v * k.m4;
    s3 -= s2 * k.d1 + s1 * k.d2 + v * k.bm3 + v * k.bm4;
    double s4 = data[at(n - 3, l)] * k.m1 + data[at(n - 2, l)] * k.m2 + data[at(n - 1, l)] * k.m3 + v * k.m4;
    s4 -= s3 * k.d1 + s2 * k.d2 + s1 * k.d3 + v * k.bm4;
    scratch[at(n - 1, l)] = s1;
    scratch[at(n - 2, l)] = s2;
    scratch[at(n - 3, l)] = s3;
    scratch[at(n - 4, l)] = s4;
  }
  for (std::size_t i = n - 4; i > 0; --i) {
    const double* d0 = data + at(i, 0);
    const double* d1 = data + at(i + 1, 0);
    const double* d2 = data + at(i + 2, 0);
    const double* d3 = data + at(i + 3, 0);
    double* s = scratch + at(i - 1, 0);
    const double* s1 = scratch + at(i, 0);
    const double* s2 = scratch + at(i + 1, 0);
    const double* s3 = scratch + at(i + 2, 0);
    const double* s4 = scratch + at(i + 3, 0);
    for (std::size_t l = 0; l < L; ++l) {
      double value = d0[l] * k.m1 + d1[l] * k.m2 + d2[l] * k.m3 + d3[l] * k.m4;
      value -= s1[l] * k.d1 + s2[l] * k.d2 + s3[l] * k.d3 + s4[l] * k.d4;
      s[l] = value;
    }
  }
  // The caller adds the two passes (outs + scratch) as it stores them.
}

// The buffers of one pass, sized for the longest axis.
struct LaneBuffers {
  std::vector<double> data, outs, scratch;
  explicit LaneBuffers(std::size_t longest)
      : data(longest * kLanes), outs(longest * kLanes), scratch(longest * kLanes) {}
};

// Filters every line of `values` (float32, x fastest) along `axis`, in place.
void filter_axis(std::vector<float>& values, const core::Size3& size, int axis,
                 const RecursiveCoefficients& k, LaneBuffers& buffers) {
  const std::size_t nx = size[0], ny = size[1], nz = size[2];
  const std::size_t length = size[axis];
  const std::size_t stride = axis == 0 ? 1 : axis == 1 ? nx : nx * ny;
  const std::size_t lines = nx * ny * nz / length;
  // The first voxel of line q (lines enumerate the two other axes, the faster one first).
  auto line_start = [&](std::size_t q) -> std::size_t {
    if (axis == 0) return q * nx;
    if (axis == 1) return q % nx + nx * ny * (q / nx);
    return q;
  };
  float* voxels = values.data();
  double* __restrict data = buffers.data.data();
  const double* __restrict outs = buffers.outs.data();
  const double* __restrict scratch = buffers.scratch.data();
  std::size_t starts[kLanes];
  for (std::size_t first = 0; first < lines; first += kLanes) {
    const std::size_t count = std::min(kLanes, lines - first);
    for (std::size_t l = 0; l < kLanes; ++l) starts[l] = line_start(first + std::min(l, count - 1));
    // Lines of adjacent voxels (along y within a row of x, along z always) move as whole rows.
    const bool adjacent = count == kLanes && starts[kLanes - 1] == starts[0] + kLanes - 1;
    if (adjacent) {
      for (std::size_t i = 0; i < length; ++i) {
        const float* __restrict row = voxels + starts[0] + i * stride;
        for (std::size_t l = 0; l < kLanes; ++l) data[i * kLanes + l] = row[l];
      }
    } else {
      for (std::size_t i = 0; i < length; ++i)
        for (std::size_t l = 0; l < kLanes; ++l) data[i * kLanes + l] = voxels[starts[l] + i * stride];
    }
    filter_lanes(k, data, buffers.outs.data(), buffers.scratch.data(), length);
    if (adjacent) {
      for (std::size_t i = 0; i < length; ++i) {
        float* __restrict row = voxels + starts[0] + i * stride;
        for (std::size_t l = 0; l < kLanes; ++l)
          row[l] = static_cast<float>(outs[i * kLanes + l] + scratch[i * kLanes + l]);
      }
    } else {
      for (std::size_t i = 0; i < length; ++i)
        for (std::size_t l = 0; l < count; ++l)
          voxels[starts[l] + i * stride] = static_cast<float>(outs[i * kLanes + l] + scratch[i * kLanes + l]);
    }
  }
}

// ITK's LaplacianRecursiveGaussianImageFilter (NormalizeAcrossScale on) of `image`; every axis has at
// least 4 voxels.
core::IntensityImage laplacian_of_gaussian(const core::IntensityImage& image, double sigma) {
  const auto& size = image.size();
  LaneBuffers buffers(std::max({size[0], size[1], size[2]}));
  auto result = pyradiomics::blank_like(image, core::PixelType::Float32);
  auto& sum = result.voxels();
  std::vector<float> pass;
  for (int axis = 0; axis < 3; ++axis) {
    pass = image.voxels();
    const auto& spacing = image.spacing();
    filter_axis(pass, size, axis, recursive_gaussian(sigma, spacing[axis], GaussianOrder::SecondDerivative),
                buffers);
    for (int other = 0; other < 3; ++other)
      if (other != axis)
        filter_axis(pass, size, other, recursive_gaussian(sigma, spacing[other], GaussianOrder::Smoothing),
                    buffers);
    const double spacing_squared = spacing[axis] * spacing[axis];
    for (std::size_t k = 0; k < sum.size(); ++k)
      sum[k] = static_cast<float>(static_cast<double>(sum[k]) + pass[k] * (1.0 / spacing_squared));
  }
  return result;
}

// PyRadiomics' name: 'log-sigma-%s-mm-3D' % str(sigma).replace('.', '-'), str() of a float sigma.
std::string sigma_name(double sigma) {
  std::string text = fmt::format("{}", sigma);  // shortest round trip, as Python's repr
  if (text.find_first_of(".e") == std::string::npos) text += ".0";
  std::replace(text.begin(), text.end(), '.', '-');
  return "log-sigma-" + text + "-mm-3D";
}

class LogFilter final : public ImageFilter {
 public:
  explicit LogFilter(std::vector<double> sigmas) : sigmas_(std::move(sigmas)) {}

  std::vector<std::string> image_names() const override {
    std::vector<std::string> names;
    for (double sigma : sigmas_) names.push_back(sigma_name(sigma));
    return names;
  }

  // The recursive Gaussian's response decays as exp(-1.37 n / (sigma / spacing)) over n voxels: 12
  // sigmas leave less than 1e-7 of an edge's influence.
  int margin_voxels(const core::Vec3& spacing) const override {
    const double finest = std::min({spacing[0], spacing[1], spacing[2]});
    const double largest = *std::max_element(sigmas_.begin(), sigmas_.end());
    return static_cast<int>(std::ceil(12 * largest / finest));
  }

  // As PyRadiomics: no image when an axis has fewer than 4 voxels; a sigma is skipped (its columns stay
  // empty) unless every axis has at least ceil(sigma / spacing) + 1 voxels.
  void apply(const core::IntensityImage& image, const core::Mask&, const ImageSink& yield) const override {
    const auto& size = image.size();
    if (std::min({size[0], size[1], size[2]}) < 4) return;
    for (double sigma : sigmas_) {
      bool large_enough = true;
      for (int axis = 0; axis < 3; ++axis)
        large_enough =
            large_enough && static_cast<double>(size[axis]) >= std::ceil(sigma / image.spacing()[axis]) + 1;
      if (!large_enough) continue;
      yield(sigma_name(sigma), laplacian_of_gaussian(image, sigma));
    }
  }

 private:
  std::vector<double> sigmas_;
};

}  // namespace

FilterType log_filter_type() {
  return {"LoG", "PyRadiomics' Laplacian of Gaussian (ITK's recursive Gaussian), one image per sigma in mm",
          [](const FilterOptions& options) {
            if (!options.has("sigma"))
              options.fail("sigma",
                           "required: the Gaussian widths in mm, e.g. sigma: [1.0, 3.0] (PyRadiomics "
                           "computes no LoG image without it)");
            const auto sigmas = options.numbers("sigma", {});
            std::set<double> seen;
            for (double sigma : sigmas) {
              options.require(sigma > 0 && sigma <= 1e4, "sigma", sigma, "a sigma is a width in mm, > 0");
              if (!seen.insert(sigma).second) options.fail("sigma", fmt::format("{} is listed twice", sigma));
            }
            return std::make_unique<LogFilter>(sigmas);
          }};
}

}  // namespace radstudy::filters
