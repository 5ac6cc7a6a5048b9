#include <fmt/format.h>
#include <time.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <complex>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <utility>

#include "core/errors.hpp"
#include "filters/image_filter.hpp"
#include "filters/pyradiomics/pyradiomics_image.hpp"

namespace radstudy::filters {
namespace {

// PyRadiomics' LBP3D image type (imageoperations.getLBP3DImage, after Banerjee et al. 2013): for every
// voxel of the region, the image is sampled at the vertices of an icosphere around it (trimesh's
// icosphere, in voxel units, its x, y, z added to numpy's z, y, x index as PyRadiomics adds them) by
// scipy's map_coordinates (cubic B-spline, mirror-initialised prefilter, 0 outside the image, values
// stored in the image's pixel type). The samples give the spherical kurtosis (lbp-3D-k) and, thresholded
// at the centre voxel, the L2 norm over the vertices of their spherical-harmonic expansion per degree
// n < lbp3DLevels (lbp-3D-m<n+1>), with scipy's sph_harm(m, n, theta, phi) called as PyRadiomics calls
// it (theta = the polar angle, phi = the azimuth). Voxels outside the region are 0.

using Vertex = std::array<double, 3>;

// trimesh.creation.icosphere(subdivisions, radius): the icosahedron of trimesh's data file, each
// subdivision splitting every face in four at its edges' midpoints and moving every vertex to the radius
// as trimesh does (v += v / |v| * (radius - |v|)).
std::vector<Vertex> icosphere(int subdivisions, double radius) {
  constexpr double a = 0.5257311121191336, b = 0.85065080835204;
  std::vector<Vertex> vertices = {{-a, b, 0},  {a, b, 0},  {-a, -b, 0}, {a, -b, 0}, {0, -a, b},  {0, a, b},
                                  {0, -a, -b}, {0, a, -b}, {b, 0, -a},  {b, 0, a},  {-b, 0, -a}, {-b, 0, a}};
  // The icosahedron's faces: the triples of mutually nearest vertices (edge^2 = 4 a^2 = 1.106).
  auto squared_distance = [&](std::size_t i, std::size_t j) {
    double sum = 0;
    for (int axis = 0; axis < 3; ++axis)
      sum += (vertices[i][axis] - vertices[j][axis]) * (vertices[i][axis] - vertices[j][axis]);
    return sum;
  };
  std::vector<std::array<std::size_t, 3>> faces;
  for (std::size_t i = 0; i < vertices.size(); ++i)
    for (std::size_t j = i + 1; j < vertices.size(); ++j)
      for (std::size_t k = j + 1; k < vertices.size(); ++k)
        if (squared_distance(i, j) < 1.5 && squared_distance(j, k) < 1.5 && squared_distance(i, k) < 1.5)
          faces.push_back({i, j, k});
  auto to_radius = [&] {
    for (auto& vertex : vertices) {
      const double length = std::sqrt(vertex[0] * vertex[0] + vertex[1] * vertex[1] + vertex[2] * vertex[2]);
      for (int axis = 0; axis < 3; ++axis) vertex[axis] += vertex[axis] / length * (radius - length);
    }
  };
  for (int round = 0; round < subdivisions; ++round) {
    std::map<std::pair<std::size_t, std::size_t>, std::size_t> midpoints;
    auto midpoint = [&](std::size_t i, std::size_t j) {
      const auto key = std::minmax(i, j);
      auto found = midpoints.find(key);
      if (found != midpoints.end()) return found->second;
      Vertex middle;
      for (int axis = 0; axis < 3; ++axis) middle[axis] = (vertices[i][axis] + vertices[j][axis]) / 2;
      vertices.push_back(middle);
      midpoints.emplace(key, vertices.size() - 1);
      return vertices.size() - 1;
    };
    std::vector<std::array<std::size_t, 3>> finer;
    for (const auto& [p, q, r] : faces) {
      const std::size_t pq = midpoint(p, q), qr = midpoint(q, r), rp = midpoint(r, p);
      finer.push_back({p, pq, rp});
      finer.push_back({pq, q, qr});
      finer.push_back({rp, qr, r});
      finer.push_back({pq, qr, rp});
    }
    faces = std::move(finer);
    to_radius();
  }
  if (subdivisions <= 0) to_radius();
  return vertices;
}

// scipy.special.sph_harm(m, n, azimuth, polar): sqrt((2n+1)/(4 pi) (n-m)!/(n+m)!) P_n^m(cos polar)
// e^(i m azimuth), P_n^m with the Condon-Shortley phase, P_n^-m = (-1)^m (n-m)!/(n+m)! P_n^m.
std::complex<double> spherical_harmonic(int m, int n, double azimuth, double polar) {
  const int order = std::abs(m);
  const double x = std::cos(polar);
  // P_order^order, then up the degree.
  double previous = 0, current = 1;
  const double sine = std::sqrt((1 - x) * (1 + x));
  for (int k = 1; k <= order; ++k) current *= -(2.0 * k - 1) * sine;
  for (int degree = order + 1; degree <= n; ++degree) {
    const double next =
        ((2.0 * degree - 1) * x * current - (degree + order - 1.0) * previous) / (degree - order);
    previous = current;
    current = next;
  }
  // (n - order)! / (n + order)!
  double ratio = 1;
  for (int k = n - order + 1; k <= n + order; ++k) ratio /= k;
  double value = current * std::sqrt((2.0 * n + 1) / (4 * 3.141592653589793) * ratio);
  if (m < 0 && order % 2 == 1) value = -value;
  return std::polar(1.0, m * azimuth) * value;
}

// scipy.ndimage's mirror index mapping of spline support points beyond the edge.
long mirror_index(long index, long length) {
  if (index >= 0 && index < length) return index;
  if (length <= 1) return 0;
  const long period = 2 * length - 2;
  if (index < 0) {
    index += period * (-index / period);
    return index <= 1 - length ? index + period : -index;
  }
  index -= period * (index / period);
  return index >= length ? period - index : index;
}

// Cubic B-spline weights of the four support points floor(t) - 1 .. floor(t) + 2 (scipy's
// get_spline_interpolation_weights, order 3).
std::array<double, 4> cubic_weights(double t) {
  const double x = t - std::floor(t), y = x, z = 1.0 - x;
  std::array<double, 4> w{};
  w[1] = (y * y * (y - 2.0) * 3.0 + 4.0) / 6.0;
  w[2] = (z * z * (z - 2.0) * 3.0 + 4.0) / 6.0;
  w[0] = z * z * z / 6.0;
  w[3] = 1.0 - w[0] - w[1] - w[2];
  return w;
}

// The support of one offset along one axis: the four points from `start` (relative to the voxel) and
// their weights.
struct SplineTaps {
  long start = 0;
  std::array<double, 4> weights{};
};

SplineTaps spline_taps(double offset) {
  return {static_cast<long>(std::floor(offset)) - 1, cubic_weights(offset)};
}

constexpr double kPole = -0.267949192431122706472553658494127633;  // sqrt(3) - 2

// scipy.ndimage.spline_filter1d (order 3; 'constant' initialises as 'mirror') of `lanes` lines side by
// side: element i of line l is source[i * source_stride + l], its coefficient goes to c[i * stride + l]
// (source may be c, with the same stride). Each line has the arithmetic of scipy's filter of that line
// alone (the gain applied to every element first, then the mirror initialisation and the two
// recursions); the loops run over the lanes, whole rows at a time.
template <typename Source>
void cubic_prefilter_lanes(const Source* source, std::size_t source_stride, double* c, std::size_t stride,
                           std::size_t n, std::size_t lanes, std::vector<double>& scratch) {
  auto input = [&](std::size_t i) { return source + i * source_stride; };
  auto output = [&](std::size_t i) { return c + i * stride; };
  if (n < 2) {
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t l = 0; l < lanes; ++l) output(i)[l] = static_cast<double>(input(i)[l]);
    return;
  }
  const double pole = kPole;
  const double gain = (1.0 - pole) * (1.0 - 1.0 / pole);
  const double pole_last = std::pow(pole, static_cast<double>(n - 1));
  scratch.resize(lanes);
  double* __restrict first = scratch.data();
  {
    const Source* a = input(0);
    const Source* b = input(n - 1);
    for (std::size_t l = 0; l < lanes; ++l)
      first[l] = static_cast<double>(a[l]) * gain + pole_last * (static_cast<double>(b[l]) * gain);
  }
  double power = pole;
  for (std::size_t i = 1; i + 1 < n; ++i) {
    const Source* a = input(i);
    const Source* b = input(n - 1 - i);
    for (std::size_t l = 0; l < lanes; ++l)
      first[l] += power * (static_cast<double>(a[l]) * gain + pole_last * (static_cast<double>(b[l]) * gain));
    power *= pole;
  }
  {
    double* a = output(0);
    for (std::size_t l = 0; l < lanes; ++l) a[l] = first[l] / (1 - pole_last * pole_last);
  }
  for (std::size_t i = 1; i < n; ++i) {
    const Source* a = input(i);
    double* out = output(i);
    const double* previous = output(i - 1);
    for (std::size_t l = 0; l < lanes; ++l) out[l] = static_cast<double>(a[l]) * gain + pole * previous[l];
  }
  {
    double* a = output(n - 1);
    const double* b = output(n - 2);
    for (std::size_t l = 0; l < lanes; ++l) a[l] = (pole * b[l] + a[l]) * pole / (pole * pole - 1);
  }
  for (std::size_t i = n - 1; i-- > 0;) {
    double* a = output(i);
    const double* b = output(i + 1);
    for (std::size_t l = 0; l < lanes; ++l) a[l] = pole * (b[l] - a[l]);
  }
}

// The cubic spline coefficients of an image (scipy.ndimage.spline_filter, float64: along numpy's axes
// z, y, x in turn), held for slices z_low..z_high only and valid in their rows y_low..y_high (the rows
// the samples read; the others are left filtered along z and y only).
class SplineCoefficients {
 public:
  SplineCoefficients(const core::IntensityImage& image, long z_low, long z_high, long y_low, long y_high)
      : nx_(image.size()[0]), ny_(image.size()[1]), z_low_(z_low) {
    const std::size_t nz = image.size()[2], plane = nx_ * ny_;
    const std::size_t slices = static_cast<std::size_t>(z_high - z_low + 1);
    values_.reset(new double[slices * plane]);
    std::vector<double> scratch;
    // Along z, one row of columns (all x at one y) at a time through a buffer, keeping slices
    // z_low..z_high.
    std::vector<double> columns(nz * nx_);
    for (std::size_t y = 0; y < ny_; ++y) {
      cubic_prefilter_lanes(image.voxels().data() + y * nx_, plane, columns.data(), nx_, nz, nx_, scratch);
      for (std::size_t k = 0; k < slices; ++k)
        std::copy_n(columns.data() + (k + static_cast<std::size_t>(z_low)) * nx_, nx_,
                    values_.get() + k * plane + y * nx_);
    }
    // Along y, whole slices in place.
    for (std::size_t k = 0; k < slices; ++k) {
      double* slice = values_.get() + k * plane;
      cubic_prefilter_lanes(slice, nx_, slice, nx_, ny_, nx_, scratch);
    }
    // Along x, the rows y_low..y_high, 8 side by side through a transposed block.
    constexpr std::size_t kRows = 8;
    std::vector<double> block(nx_ * kRows);
    for (std::size_t k = 0; k < slices; ++k)
      for (long y = y_low; y <= y_high; y += static_cast<long>(kRows)) {
        const std::size_t rows = std::min(kRows, static_cast<std::size_t>(y_high - y + 1));
        double* start = values_.get() + k * plane + static_cast<std::size_t>(y) * nx_;
        for (std::size_t r = 0; r < rows; ++r)
          for (std::size_t x = 0; x < nx_; ++x) block[x * rows + r] = start[r * nx_ + x];
        cubic_prefilter_lanes(block.data(), rows, block.data(), rows, nx_, rows, scratch);
        for (std::size_t r = 0; r < rows; ++r)
          for (std::size_t x = 0; x < nx_; ++x) start[r * nx_ + x] = block[x * rows + r];
      }
  }

  // Row y of slice z (z_low <= z <= z_high).
  const double* row(long y, long z) const {
    return values_.get() + nx_ * (static_cast<std::size_t>(y) + ny_ * static_cast<std::size_t>(z - z_low_));
  }

 private:
  std::size_t nx_, ny_;
  long z_low_;
  std::unique_ptr<double[]> values_;
};

// out[x - from] for x = from..to: the 4-point spline sum along `line` (n points, mirrored beyond its
// ends) of the taps around x, in scipy's order of terms.
void spline_sums_along_line(const double* line, long n, const SplineTaps& taps, long from, long to,
                            double* out) {
  const auto& w = taps.weights;
  const long s = taps.start;
  auto at_edge = [&](long x) {
    out[x - from] = line[mirror_index(x + s, n)] * w[0] + line[mirror_index(x + s + 1, n)] * w[1] +
                    line[mirror_index(x + s + 2, n)] * w[2] + line[mirror_index(x + s + 3, n)] * w[3];
  };
  const long inner_from = std::max(from, -s), inner_to = std::min(to, n - 4 - s);
  if (inner_from > inner_to) {
    for (long x = from; x <= to; ++x) at_edge(x);
    return;
  }
  for (long x = from; x < inner_from; ++x) at_edge(x);
  double* __restrict shifted = out - from;
  for (long x = inner_from; x <= inner_to; ++x)
    shifted[x] =
        line[x + s] * w[0] + line[x + s + 1] * w[1] + line[x + s + 2] * w[2] + line[x + s + 3] * w[3];
  for (long x = inner_to + 1; x <= to; ++x) at_edge(x);
}

// out[i] = the spline sum along z of in[0..3][i] with weights w (in scipy's order of terms), stored as
// scipy stores an interpolated value in an output array of the image's pixel type, for i < count.
using SampleAlongZ = void (*)(const double* const* in, const double* w, float* out, std::size_t count);

template <core::PixelType kType>
void sample_along_z(const double* const* in, const double* w, float* __restrict out, std::size_t count) {
  using core::PixelType;
  const double* __restrict in0 = in[0], * __restrict in1 = in[1], * __restrict in2 = in[2], * __restrict in3 = in[3];
  auto sum_at = [&](std::size_t i) {
    double sum = 0;
    sum += in0[i] * w[0];
    sum += in1[i] * w[1];
    sum += in2[i] * w[2];
    sum += in3[i] * w[3];
    return sum;
  };
  if constexpr (kType == PixelType::Float32 || kType == PixelType::Float64 || kType == PixelType::UInt32) {
    for (std::size_t i = 0; i < count; ++i)
      out[i] = static_cast<float>(pyradiomics::scipy_interpolation_cast(sum_at(i), kType));
  } else {
    // scipy_interpolation_cast's rounding and clamping, the truncation through int32 (exact: the clamped
    // value fits; a rounded -0 becomes +0, which no statistic tells apart) in blocks, so that both loops
    // vectorise. Integer images hold no NaN.
    constexpr double lowest = kType == PixelType::Int8    ? -128.0
                              : kType == PixelType::Int16 ? -32768.0
                              : kType == PixelType::Int32 ? -2147483648.0
                                                          : 0.0;
    constexpr double highest = kType == PixelType::Int8     ? 127.0
                               : kType == PixelType::UInt8  ? 255.0
                               : kType == PixelType::Int16  ? 32767.0
                               : kType == PixelType::UInt16 ? 65535.0
                                                            : 2147483647.0;
    constexpr bool is_signed = lowest < 0;
    constexpr std::size_t kBlock = 256;
    double rounded[kBlock];
    std::int32_t truncated[kBlock];
    for (std::size_t first = 0; first < count; first += kBlock) {
      const std::size_t block = std::min(kBlock, count - first);
      // Half away from zero (value + copysign(0.5, value) is value +- 0.5 as scipy adds it; +0 and -0
      // both truncate to 0). Unsigned: scipy stores 0 for value <= 0; value + 0.5 <= 0.5 truncates to
      // 0 as well.
      for (std::size_t i = 0; i < block; ++i) {
        const double value = sum_at(first + i);
        rounded[i] = is_signed ? value + std::copysign(0.5, value) : value + 0.5;
      }
      // The clamping, only for a block that needs it (the comparisons vectorise, the selections not).
      bool outside = false;
      for (std::size_t i = 0; i < block; ++i)
        outside = outside | (rounded[i] < lowest) | (rounded[i] > highest);
      if (outside)
        for (std::size_t i = 0; i < block; ++i) rounded[i] = std::min(std::max(rounded[i], lowest), highest);
      for (std::size_t i = 0; i < block; ++i) truncated[i] = static_cast<std::int32_t>(rounded[i]);
      for (std::size_t i = 0; i < block; ++i) out[first + i] = static_cast<float>(truncated[i]);
    }
  }
}

SampleAlongZ sampler_along_z(core::PixelType type) {
  using core::PixelType;
  switch (type) {
    case PixelType::Int8:
      return &sample_along_z<PixelType::Int8>;
    case PixelType::UInt8:
      return &sample_along_z<PixelType::UInt8>;
    case PixelType::Int16:
      return &sample_along_z<PixelType::Int16>;
    case PixelType::UInt16:
      return &sample_along_z<PixelType::UInt16>;
    case PixelType::Int32:
      return &sample_along_z<PixelType::Int32>;
    case PixelType::UInt32:
      return &sample_along_z<PixelType::UInt32>;
    case PixelType::Float64:
      return &sample_along_z<PixelType::Float64>;
    case PixelType::Float32:
      break;
  }
  return &sample_along_z<PixelType::Float32>;
}

// sums[k * chunk + i] = the sum over the vertices v (in order) whose sample samples[v * stride + i] is
// >= centre[i] of values[v * parts + k], for i < chunk (a multiple of 4). Adding value * 0 (+-0) leaves
// a sum as skipping the vertex does, as the sums start at +0.
void harmonic_sums_any(const float* samples, std::size_t stride, std::size_t count, const float* centre,
                       const double* values, std::size_t parts, double* sums, std::size_t chunk) {
  std::fill(sums, sums + parts * chunk, 0.0);
  std::vector<double> at_least_centre(chunk);
  for (std::size_t v = 0; v < count; ++v) {
    const float* __restrict s = samples + v * stride;
    for (std::size_t i = 0; i < chunk; ++i) at_least_centre[i] = s[i] >= centre[i] ? 1.0 : 0.0;
    for (std::size_t k = 0; k < parts; ++k) {
      const double value = values[v * parts + k];
      double* __restrict sum = sums + k * chunk;
      for (std::size_t i = 0; i < chunk; ++i) sum[i] += value * at_least_centre[i];
    }
  }
}

// The same for a fixed number of parts, 4 positions at a time with the sums in registers.
template <std::size_t kParts>
void harmonic_sums(const float* samples, std::size_t stride, std::size_t count, const float* centre,
                   const double* values, double* sums, std::size_t chunk) {
  constexpr std::size_t kPositions = 4;
  for (std::size_t block = 0; block < chunk; block += kPositions) {
    double sum[kParts][kPositions] = {};
    for (std::size_t v = 0; v < count; ++v) {
      const float* s = samples + v * stride + block;
      const double* value = values + v * kParts;
      double at_least_centre[kPositions];
      for (std::size_t j = 0; j < kPositions; ++j) at_least_centre[j] = s[j] >= centre[block + j] ? 1.0 : 0.0;
      for (std::size_t k = 0; k < kParts; ++k)
        for (std::size_t j = 0; j < kPositions; ++j) sum[k][j] += value[k] * at_least_centre[j];
    }
    for (std::size_t k = 0; k < kParts; ++k)
      for (std::size_t j = 0; j < kPositions; ++j) sums[k * chunk + block + j] = sum[k][j];
  }
}

class Lbp3dFilter final : public ImageFilter {
 public:
  Lbp3dFilter(int levels, double radius, int subdivisions)
      : levels_(levels), radius_(radius), vertices_(icosphere(subdivisions, radius)) {
    // Columns of Y: (n, m) for n < levels, m = -n..n, as PyRadiomics stacks them.
    for (int n = 0; n < levels_; ++n)
      for (int m = -n; m <= n; ++m) columns_.push_back({n, m});
    std::vector<std::complex<double>> harmonics(vertices_.size() * columns_.size());
    for (std::size_t v = 0; v < vertices_.size(); ++v) {
      const auto& vertex = vertices_[v];
      // PyRadiomics: theta = arccos(z / radius), phi = arctan2(y, x); sph_harm(m, n, theta, phi). The
      // quotient is clamped to [-1, 1] (rounding may push a pole vertex beyond it).
      const double theta = std::acos(std::clamp(vertex[2] / radius_, -1.0, 1.0));
      const double phi = std::atan2(vertex[1], vertex[0]);
      for (std::size_t x = 0; x < columns_.size(); ++x)
        harmonics[v * columns_.size() + x] =
            spherical_harmonic(columns_[x].second, columns_[x].first, theta, phi);
    }
    // The squared norm over the vertices of f_n(u) = Re sum_m c_m Y_m(u) (c_m = p_m + i q_m) is
    // w' G_n w with w = (p, q) over degree n's columns and G_n their Gram matrix over the vertices.
    for (int n = 0; n < levels_; ++n) {
      const std::size_t first = static_cast<std::size_t>(n * n), count = static_cast<std::size_t>(2 * n + 1);
      std::vector<double> gram(4 * count * count, 0.0);
      for (std::size_t u = 0; u < vertices_.size(); ++u) {
        std::vector<double> basis(2 * count);
        for (std::size_t j = 0; j < count; ++j) {
          basis[j] = harmonics[u * columns_.size() + first + j].real();
          basis[count + j] = -harmonics[u * columns_.size() + first + j].imag();
        }
        for (std::size_t r = 0; r < 2 * count; ++r)
          for (std::size_t s = 0; s < 2 * count; ++s) gram[r * 2 * count + s] += basis[r] * basis[s];
      }
      grams_.push_back(std::move(gram));
    }
    // The sums c_m over the vertices need only Re Y_n^m for m >= 0 and Im Y_n^m for m > 0: Y_n^-m =
    // (-1)^m conj(Y_n^m) (exactly so as spherical_harmonic computes it), and Im Y_n^0 = 0.
    for (int n = 0; n < levels_; ++n) {
      for (int m = 0; m <= n; ++m) parts_.push_back({n, m, false});
      for (int m = 1; m <= n; ++m) parts_.push_back({n, m, true});
    }
    part_values_.resize(vertices_.size() * parts_.size());
    for (std::size_t v = 0; v < vertices_.size(); ++v)
      for (std::size_t k = 0; k < parts_.size(); ++k) {
        const auto& harmonic = harmonics[v * columns_.size() + column_of(parts_[k].n, parts_[k].m)];
        part_values_[v * parts_.size() + k] = parts_[k].imaginary ? harmonic.imag() : harmonic.real();
      }
    // The order of the samples: vertices sharing an x offset share the x pass, those sharing (x, y)
    // offsets the y pass. Vertex v's offsets along numpy's z, y, x axes are its x, y, z: offset x =
    // vertex[2], y = vertex[1], z = vertex[0].
    std::map<double, std::map<double, std::vector<std::size_t>>> groups;
    for (std::size_t v = 0; v < vertices_.size(); ++v) groups[vertices_[v][2]][vertices_[v][1]].push_back(v);
    for (const auto& [offset_x, by_y] : groups) {
      XOffsetGroup group{offset_x, spline_taps(offset_x), {}};
      for (const auto& [offset_y, members] : by_y)
        group.pairs.push_back({offset_y, spline_taps(offset_y), members});
      plan_.push_back(std::move(group));
    }
  }

  std::vector<std::string> image_names() const override {
    std::vector<std::string> names;
    for (int level = 1; level <= levels_; ++level) names.push_back(fmt::format("lbp-3D-m{}", level));
    names.push_back("lbp-3D-k");
    return names;
  }

  // Samples reach radius + 2 voxels; the spline prefilter is global, its pole (0.268^n) forgets an edge
  // to 4e-12 within 20 voxels.
  int margin_voxels(const core::Vec3&) const override { return static_cast<int>(std::ceil(radius_)) + 22; }

  void apply(const core::IntensityImage& image, const core::Mask& mask,
             const ImageSink& yield) const override {
    const auto& size = image.size();
    const long nx = static_cast<long>(size[0]), ny = static_cast<long>(size[1]),
               nz = static_cast<long>(size[2]);
    // The region by rows: every row (y, z) holding region voxels, from its first to its last.
    std::vector<Row> rows;
    long low[3] = {nx, ny, nz}, high[3] = {-1, -1, -1};
    std::size_t positions = 0;
    for (long z = 0; z < nz; ++z)
      for (long y = 0; y < ny; ++y) {
        const std::uint8_t* line = mask.voxels().data() + nx * (y + ny * z);
        long x0 = -1, x1 = -1;
        for (long x = 0; x < nx; ++x)
          if (line[x]) {
            if (x0 < 0) x0 = x;
            x1 = x;
          }
        if (x0 < 0) continue;
        rows.push_back({y, z, x0, x1, positions});
        positions += static_cast<std::size_t>(x1 - x0 + 1);
        const long position_low[3] = {x0, y, z}, position_high[3] = {x1, y, z};
        for (int axis = 0; axis < 3; ++axis) {
          low[axis] = std::min(low[axis], position_low[axis]);
          high[axis] = std::max(high[axis], position_high[axis]);
        }
      }
    std::vector<core::IntensityImage> results;
    for (int level = 0; level <= levels_; ++level)
      results.push_back(pyradiomics::blank_like(image, core::PixelType::Float64));
    if (!rows.empty()) {
      const long reach = this->reach();
      const SplineCoefficients coefficients(image, std::max(0L, low[2] - reach),
                                            std::min(nz - 1, high[2] + reach), std::max(0L, low[1] - reach),
                                            std::min(ny - 1, high[1] + reach));
      // Slabs of whole slices holding at most kSamplesPerSlab samples (at least one slice each), so that
      // the samples of a large region are never all held at once.
      constexpr std::size_t kSamplesPerSlab = std::size_t{1} << 21;
      const std::size_t positions_per_slab = std::max<std::size_t>(1, kSamplesPerSlab / vertices_.size());
      std::vector<Slab> slabs;
      for (std::size_t first = 0; first < rows.size();) {
        std::size_t last = first;
        while (last < rows.size()) {
          std::size_t slice_end = last;
          while (slice_end < rows.size() && rows[slice_end].z == rows[last].z) ++slice_end;
          const Row& end = rows[slice_end - 1];
          const std::size_t span = end.position + row_length(end) - rows[first].position;
          if (last > first && span > positions_per_slab) break;
          last = slice_end;
        }
        slabs.push_back(slab(size, rows, first, last));
        first = last;
      }
      // The buffers, sized once for the largest slab (fresh pages cost more than the sampling).
      Buffers buffers;
      for (const Slab& slab : slabs) {
        auto grow = [](auto& buffer, std::size_t count) { buffer.resize(std::max(buffer.size(), count)); };
        grow(buffers.samples, vertices_.size() * slab.stride);
        grow(buffers.index, slab.positions);
        grow(buffers.along_x, static_cast<std::size_t>(slab.slices * slab.line_rows * slab.width));
        grow(buffers.along_xy, static_cast<std::size_t>(slab.slices * slab.height * slab.width));
      }
      for (const Slab& slab : slabs) {
        sample(image, coefficients, rows, slab, buffers);
        statistics(image, mask, rows, slab, buffers, results);
      }
    }
    const auto names = image_names();
    for (std::size_t k = 0; k < names.size(); ++k) yield(names[k], results[k]);
  }

 private:
  // The region voxels of row (y, z) lie within x0..x1; the row's samples start at `position`.
  struct Row {
    long y, z, x0, x1;
    std::size_t position;
  };

  // One sum c_m needed per voxel: Re or Im of Y_n^m, m >= 0.
  struct HarmonicPart {
    int n, m;
    bool imaginary;
  };

  struct OffsetPair {
    double offset_y;
    SplineTaps y;
    std::vector<std::size_t> members;  // vertices
  };
  struct XOffsetGroup {
    double offset_x;
    SplineTaps x;
    std::vector<OffsetPair> pairs;
  };

  // A slab of whole slices: rows first..last-1, their box (x_low..x_high, y_low..y_high) and the slices
  // and rows the x pass covers around it (z_low.., line_y_low..: the samples reach `reach` voxels;
  // mirrored indices of a support beyond the image's edge stay inside them).
  struct Slab {
    std::size_t first, last, positions, stride;  // stride: positions padded to a multiple of kBlock
    long x_low, x_high, y_low, z_low, line_y_low;
    long slices, line_rows, width, height;
  };

  Slab slab(const core::Size3& size, const std::vector<Row>& rows, std::size_t first,
            std::size_t last) const {
    const long nx = static_cast<long>(size[0]), ny = static_cast<long>(size[1]),
               nz = static_cast<long>(size[2]);
    Slab slab{};
    slab.first = first;
    slab.last = last;
    slab.positions = rows[last - 1].position + row_length(rows[last - 1]) - rows[first].position;
    slab.stride = (slab.positions + kBlock - 1) / kBlock * kBlock;
    long x_low = nx, x_high = -1, y_low = ny, y_high = -1;
    for (std::size_t r = first; r < last; ++r) {
      x_low = std::min(x_low, rows[r].x0);
      x_high = std::max(x_high, rows[r].x1);
      y_low = std::min(y_low, rows[r].y);
      y_high = std::max(y_high, rows[r].y);
    }
    const long reach = this->reach();
    slab.x_low = x_low;
    slab.x_high = x_high;
    slab.y_low = y_low;
    slab.z_low = std::max(0L, rows[first].z - reach);
    slab.line_y_low = std::max(0L, y_low - reach);
    slab.slices = std::min(nz - 1, rows[last - 1].z + reach) - slab.z_low + 1;
    slab.line_rows = std::min(ny - 1, y_high + reach) - slab.line_y_low + 1;
    slab.width = x_high - x_low + 1;
    slab.height = y_high - y_low + 1;
    return slab;
  }

  // Work buffers, kept across the slabs of one image (fresh pages cost more than the sampling).
  struct Buffers {
    std::vector<float> samples;  // [vertex][position in the slab]
    std::vector<double> along_x, along_xy, chunk;
    std::vector<std::size_t> index;  // per position: the voxel's index in the image
  };

  // Positions of the statistics computed side by side, in chunks of whole blocks; a slab's samples are
  // padded to whole blocks.
  static constexpr std::size_t kBlock = 8, kChunk = 128;

  long reach() const { return static_cast<long>(std::ceil(radius_)) + 2; }

  std::size_t column_of(int n, int m) const { return static_cast<std::size_t>(n * n + n + m); }

  static std::size_t row_length(const Row& row) { return static_cast<std::size_t>(row.x1 - row.x0 + 1); }

  // The samples of every vertex at the positions of rows first..last-1 (a slab of whole slices):
  // samples[v * stride + position - rows[first].position]. The 4 x 4 x 4 spline sum is done axis by
  // axis over the slab's box, each axis in scipy's order of terms.
  void sample(const core::IntensityImage& image, const SplineCoefficients& coefficients,
              const std::vector<Row>& rows, const Slab& slab, Buffers& buffers) const {
    const auto& size = image.size();
    const long nx = static_cast<long>(size[0]), ny = static_cast<long>(size[1]),
               nz = static_cast<long>(size[2]);
    const SampleAlongZ sample_z = sampler_along_z(image.stored_pixel_type());
    const std::size_t first = slab.first, last = slab.last, positions = slab.positions;
    const std::size_t base = rows[first].position;
    const long box_x_low = slab.x_low, box_x_high = slab.x_high, box_y_low = slab.y_low;
    const long z_low = slab.z_low, y_low = slab.line_y_low;
    const long slices = slab.slices, line_rows = slab.line_rows, width = slab.width, height = slab.height;
    const std::size_t plane = static_cast<std::size_t>(width * height);
    double* const along_x = buffers.along_x.data();
    double* const along_xy = buffers.along_xy.data();
    for (const auto& group : plan_) {
      for (long z = 0; z < slices; ++z)
        for (long y = 0; y < line_rows; ++y)
          spline_sums_along_line(coefficients.row(y + y_low, z + z_low), nx, group.x, box_x_low, box_x_high,
                                 along_x + width * (y + line_rows * z));
      for (const auto& pair : group.pairs) {
        const auto& wy = pair.y.weights;
        for (long z = 0; z < slices; ++z)
          for (long y = 0; y < height; ++y) {
            double* __restrict out = along_xy + width * (y + height * z);
            const double* in[4];
            for (int b = 0; b < 4; ++b)
              in[b] = along_x +
                      width * (mirror_index(box_y_low + y + pair.y.start + b, ny) - y_low + line_rows * z);
            for (long x = 0; x < width; ++x)
              out[x] = in[0][x] * wy[0] + in[1][x] * wy[1] + in[2][x] * wy[2] + in[3][x] * wy[3];
          }
        for (std::size_t v : pair.members) {
          const double offset_z = vertices_[v][0];
          const SplineTaps taps = spline_taps(offset_z);
          const auto& wz = taps.weights;
          float* padding = buffers.samples.data() + v * slab.stride + positions;
          std::fill(padding, padding + (slab.stride - positions), 0.0f);
          for (std::size_t r = first; r < last; ++r) {
            const Row& row = rows[r];
            const std::size_t length = row_length(row);
            float* out = buffers.samples.data() + v * slab.stride + (row.position - base);
            // map_coordinates with mode 'constant': 0 unless the point lies within [0, size - 1].
            const double cy = static_cast<double>(row.y) + pair.offset_y,
                         cz = static_cast<double>(row.z) + offset_z;
            if (cy < 0 || cy > static_cast<double>(ny - 1) || cz < 0 || cz > static_cast<double>(nz - 1)) {
              std::fill(out, out + length, 0.0f);
              continue;
            }
            long inside_from = row.x0, inside_to = row.x1;
            while (inside_from <= inside_to && static_cast<double>(inside_from) + group.offset_x < 0)
              ++inside_from;
            while (inside_to >= inside_from &&
                   static_cast<double>(inside_to) + group.offset_x > static_cast<double>(nx - 1))
              --inside_to;
            const std::size_t column =
                static_cast<std::size_t>(width * (row.y - box_y_low) + (row.x0 - box_x_low));
            const std::size_t from = static_cast<std::size_t>(inside_from - row.x0);
            const std::size_t to = static_cast<std::size_t>(std::max(inside_to + 1, inside_from) - row.x0);
            const double* in[4];
            for (int a = 0; a < 4; ++a)
              in[a] = along_xy +
                      plane * static_cast<std::size_t>(mirror_index(row.z + taps.start + a, nz) - z_low) +
                      column + from;
            std::fill(out, out + from, 0.0f);
            sample_z(in, wz.data(), out + from, to - from);
            std::fill(out + to, out + length, 0.0f);
          }
        }
      }
    }
  }

  // The kurtosis and the spherical-harmonic norms of the samples of rows first..last-1, kChunk positions
  // at a time (each position's sums in the order of the vertices), written at the region's voxels.
  void statistics(const core::IntensityImage& image, const core::Mask& mask, const std::vector<Row>& rows,
                  const Slab& slab, Buffers& buffers, std::vector<core::IntensityImage>& results) const {
    const auto& size = image.size();
    const std::size_t first = slab.first, last = slab.last, positions = slab.positions;
    const std::size_t base = rows[first].position;
    const std::size_t count = vertices_.size(), parts = parts_.size();
    const double count_as_double = static_cast<double>(count);
    // Per position: the voxel's index and centre value, and whether it is in the region.
    auto& index = buffers.index;
    for (std::size_t r = first; r < last; ++r) {
      const std::size_t start =
          image.linear_index(static_cast<std::size_t>(rows[r].x0), static_cast<std::size_t>(rows[r].y),
                             static_cast<std::size_t>(rows[r].z));
      for (std::size_t i = 0; i < row_length(rows[r]); ++i) index[rows[r].position - base + i] = start + i;
    }
    std::size_t widest = 0;
    for (int n = 0; n < levels_; ++n) widest = std::max(widest, static_cast<std::size_t>(4 * n + 2));
    buffers.chunk.resize(kChunk * (4 + parts + widest));
    double* const mean = buffers.chunk.data();
    double* const m2 = mean + kChunk;
    double* const m4 = m2 + kChunk;
    double* const norm = m4 + kChunk;
    double* const sums = norm + kChunk;
    double* const w = sums + kChunk * parts;
    const float* const voxels = image.voxels().data();
    const std::uint8_t* const region = mask.voxels().data();
    constexpr double eps = std::numeric_limits<double>::epsilon();
    const std::size_t stride = slab.stride;
    std::size_t chunk_index[kChunk];
    float centre[kChunk];
    bool inside[kChunk];
    for (std::size_t start = 0; start < stride; start += kChunk) {
      // A multiple of kBlock positions; the padding beyond the slab's positions is not in the region.
      const std::size_t chunk = std::min(kChunk, stride - start);
      for (std::size_t i = 0; i < chunk; ++i) {
        const bool padding = start + i >= positions;
        chunk_index[i] = padding ? 0 : index[start + i];
        centre[i] = voxels[chunk_index[i]];
        inside[i] = !padding && region[chunk_index[i]] != 0;
      }
      auto samples_of = [&](std::size_t v) { return buffers.samples.data() + v * stride + start; };
      // scipy.stats.kurtosis (Fisher, biased): m4 / m2^2 - 3, NaN when m2 <= (eps mean)^2.
      std::fill(mean, mean + chunk, 0.0);
      for (std::size_t v = 0; v < count; ++v) {
        const float* __restrict s = samples_of(v);
        for (std::size_t i = 0; i < chunk; ++i) mean[i] += s[i];
      }
      for (std::size_t i = 0; i < chunk; ++i) mean[i] /= count_as_double;
      std::fill(m2, m2 + chunk, 0.0);
      std::fill(m4, m4 + chunk, 0.0);
      for (std::size_t v = 0; v < count; ++v) {
        const float* __restrict s = samples_of(v);
        for (std::size_t i = 0; i < chunk; ++i) {
          const double squared = (s[i] - mean[i]) * (s[i] - mean[i]);
          m2[i] += squared;
          m4[i] += squared * squared;
        }
      }
      auto& kurtosis = results[static_cast<std::size_t>(levels_)].voxels();
      for (std::size_t i = 0; i < chunk; ++i) {
        if (!inside[i]) continue;
        const double second = m2[i] / count_as_double, fourth = m4[i] / count_as_double;
        if (second <= (eps * mean[i]) * (eps * mean[i])) {
          const std::size_t voxel = chunk_index[i];
          throw InputError(
              fmt::format("LBP3D: the spherical kurtosis is undefined at voxel ({}, {}, {}) of the region: "
                          "its {} samples are all equal",
                          voxel % size[0], voxel / size[0] % size[1], voxel / (size[0] * size[1]), count));
        }
        kurtosis[chunk_index[i]] = static_cast<float>(fourth / (second * second) - 3.0);
      }
      // c = the sums of Y over the vertices whose sample is >= the centre voxel.
      const float* samples = buffers.samples.data() + start;
      switch (parts) {
        case 1:
          harmonic_sums<1>(samples, stride, count, centre, part_values_.data(), sums, chunk);
          break;
        case 4:
          harmonic_sums<4>(samples, stride, count, centre, part_values_.data(), sums, chunk);
          break;
        case 9:
          harmonic_sums<9>(samples, stride, count, centre, part_values_.data(), sums, chunk);
          break;
        default:
          harmonic_sums_any(samples, stride, count, centre, part_values_.data(), parts, sums, chunk);
      }
      std::size_t part = 0;
      for (int n = 0; n < levels_; ++n) {
        // w = (Re c_m, Im c_m) for m = -n..n, from the parts of m >= 0.
        const std::size_t span = static_cast<std::size_t>(2 * n + 1);
        const double* real = sums + part * chunk;                                           // m = 0..n
        const double* imaginary = sums + (part + static_cast<std::size_t>(n) + 1) * chunk;  // m = 1..n
        part += span;
        for (int m = -n; m <= n; ++m) {
          double* __restrict w_real = w + static_cast<std::size_t>(m + n) * chunk;
          double* __restrict w_imaginary = w + (span + static_cast<std::size_t>(m + n)) * chunk;
          const std::size_t order = static_cast<std::size_t>(std::abs(m));
          const double* re = real + order * chunk;
          const double sign = m < 0 && order % 2 == 1 ? -1.0 : 1.0;
          for (std::size_t i = 0; i < chunk; ++i) w_real[i] = sign * re[i];
          if (m == 0) {
            std::fill(w_imaginary, w_imaginary + chunk, 0.0);
          } else {
            const double* im = imaginary + (order - 1) * chunk;
            const double imaginary_sign = m < 0 ? -sign : 1.0;
            for (std::size_t i = 0; i < chunk; ++i) w_imaginary[i] = imaginary_sign * im[i];
          }
        }
        const auto& gram = grams_[static_cast<std::size_t>(n)];
        std::fill(norm, norm + chunk, 0.0);
        double row_sum[kChunk];
        for (std::size_t a = 0; a < 2 * span; ++a) {
          std::fill(row_sum, row_sum + chunk, 0.0);
          for (std::size_t b = 0; b < 2 * span; ++b) {
            const double g = gram[a * 2 * span + b];
            const double* __restrict wb = w + b * chunk;
            for (std::size_t i = 0; i < chunk; ++i) row_sum[i] += g * wb[i];
          }
          const double* __restrict wa = w + a * chunk;
          for (std::size_t i = 0; i < chunk; ++i) norm[i] += wa[i] * row_sum[i];
        }
        auto& level = results[static_cast<std::size_t>(n)].voxels();
        for (std::size_t i = 0; i < chunk; ++i)
          if (inside[i]) level[chunk_index[i]] = static_cast<float>(std::sqrt(std::max(0.0, norm[i])));
      }
    }
  }

  int levels_;
  double radius_;
  std::vector<Vertex> vertices_;
  std::vector<std::pair<int, int>> columns_;  // (n, m)
  std::vector<std::vector<double>> grams_;    // per degree
  std::vector<HarmonicPart> parts_;           // per degree: Re for m = 0..n, then Im for m = 1..n
  std::vector<double> part_values_;           // [vertex][part]
  std::vector<XOffsetGroup> plan_;
};

}  // namespace

FilterType lbp3d_filter_type() {
  return {"LBP3D",
          "PyRadiomics' 3D local binary pattern by spherical harmonics on an icosphere, and its kurtosis",
          [](const FilterOptions& options) {
            const int levels = options.integer("lbp3DLevels", 2);
            options.require(levels >= 1 && levels <= 10, "lbp3DLevels", levels,
                            "1 to 10 degrees of spherical harmonics");
            const double radius = options.number("lbp3DIcosphereRadius", 1);
            options.require(radius > 0 && radius <= 100, "lbp3DIcosphereRadius", radius,
                            "the icosphere's radius in voxels is > 0 (and at most 100)");
            const int subdivisions = options.integer("lbp3DIcosphereSubdivision", 1);
            options.require(subdivisions >= 0 && subdivisions <= 4, "lbp3DIcosphereSubdivision", subdivisions,
                            "0 to 4 subdivisions (12 to 2562 vertices)");
            return std::make_unique<Lbp3dFilter>(levels, radius, subdivisions);
          }};
}

}  // namespace radstudy::filters
