#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <complex>
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

// scipy.ndimage.spline_filter1d (order 3; 'constant' initialises as 'mirror') of one line, in place.
void cubic_prefilter_line(double* c, std::size_t n) {
  if (n < 2) return;
  const double pole = -0.267949192431122706472553658494127633;  // sqrt(3) - 2
  const double gain = (1.0 - pole) * (1.0 - 1.0 / pole);
  for (std::size_t i = 0; i < n; ++i) c[i] *= gain;
  const double pole_last = std::pow(pole, static_cast<double>(n - 1));
  double first = c[0] + pole_last * c[n - 1];
  double power = pole;
  for (std::size_t i = 1; i + 1 < n; ++i) {
    first += power * (c[i] + pole_last * c[n - 1 - i]);
    power *= pole;
  }
  c[0] = first / (1 - pole_last * pole_last);
  for (std::size_t i = 1; i < n; ++i) c[i] += pole * c[i - 1];
  c[n - 1] = (pole * c[n - 2] + c[n - 1]) * pole / (pole * pole - 1);
  for (std::size_t i = n - 1; i-- > 0;) c[i] = pole * (c[i + 1] - c[i]);
}

// The cubic spline coefficients of the image (scipy.ndimage.spline_filter, float64), numpy's axes in
// order: z, y, x.
std::vector<double> spline_coefficients(const core::IntensityImage& image) {
  const auto& size = image.size();
  std::vector<double> coefficients(image.voxels().begin(), image.voxels().end());
  const std::size_t strides[3] = {1, size[0], size[0] * size[1]};
  std::vector<double> line;
  for (int axis = 2; axis >= 0; --axis) {
    const std::size_t length = size[axis], stride = strides[axis];
    line.resize(length);
    const int other_a = axis == 0 ? 1 : 0, other_b = axis == 2 ? 1 : 2;
    for (std::size_t j = 0; j < size[other_b]; ++j)
      for (std::size_t i = 0; i < size[other_a]; ++i) {
        const std::size_t start = i * strides[other_a] + j * strides[other_b];
        for (std::size_t k = 0; k < length; ++k) line[k] = coefficients[start + k * stride];
        cubic_prefilter_line(line.data(), length);
        for (std::size_t k = 0; k < length; ++k) coefficients[start + k * stride] = line[k];
      }
  }
  return coefficients;
}

class Lbp3dFilter final : public ImageFilter {
 public:
  Lbp3dFilter(int levels, double radius, int subdivisions)
      : levels_(levels), radius_(radius), vertices_(icosphere(subdivisions, radius)) {
    // Columns of Y: (n, m) for n < levels, m = -n..n, as PyRadiomics stacks them.
    for (int n = 0; n < levels_; ++n)
      for (int m = -n; m <= n; ++m) columns_.push_back({n, m});
    harmonics_.resize(vertices_.size() * columns_.size());
    for (std::size_t v = 0; v < vertices_.size(); ++v) {
      const auto& vertex = vertices_[v];
      // PyRadiomics: theta = arccos(z / radius), phi = arctan2(y, x); sph_harm(m, n, theta, phi). The
      // quotient is clamped to [-1, 1] (rounding may push a pole vertex beyond it).
      const double theta = std::acos(std::clamp(vertex[2] / radius_, -1.0, 1.0));
      const double phi = std::atan2(vertex[1], vertex[0]);
      for (std::size_t x = 0; x < columns_.size(); ++x)
        harmonics_[v * columns_.size() + x] =
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
          basis[j] = harmonics_[u * columns_.size() + first + j].real();
          basis[count + j] = -harmonics_[u * columns_.size() + first + j].imag();
        }
        for (std::size_t r = 0; r < 2 * count; ++r)
          for (std::size_t s = 0; s < 2 * count; ++s) gram[r * 2 * count + s] += basis[r] * basis[s];
      }
      grams_.push_back(std::move(gram));
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
    // The region's voxels (z, y, x order) and bounding box.
    Region region;
    for (std::size_t z = 0; z < size[2]; ++z)
      for (std::size_t y = 0; y < size[1]; ++y)
        for (std::size_t x = 0; x < size[0]; ++x) {
          if (!mask.at(x, y, z)) continue;
          region.x.push_back(static_cast<int>(x));
          region.y.push_back(static_cast<int>(y));
          region.z.push_back(static_cast<int>(z));
          const long position[3] = {static_cast<long>(x), static_cast<long>(y), static_cast<long>(z)};
          for (int axis = 0; axis < 3; ++axis) {
            region.low[axis] = std::min(region.low[axis], position[axis]);
            region.high[axis] = std::max(region.high[axis], position[axis]);
          }
        }
    std::vector<core::IntensityImage> results;
    for (int level = 0; level <= levels_; ++level)
      results.push_back(pyradiomics::blank_like(image, core::PixelType::Float64));
    if (!region.x.empty()) {
      const std::vector<double> coefficients = spline_coefficients(image);
      // Slabs of whole slices holding at most kSamplesPerSlab samples (at least one slice each), so that
      // the samples of a large region are never all held at once.
      constexpr std::size_t kSamplesPerSlab = std::size_t{1} << 22;
      const std::size_t voxels_per_slab = std::max<std::size_t>(1, kSamplesPerSlab / vertices_.size());
      Buffers buffers;
      std::size_t first = 0;
      while (first < region.x.size()) {
        std::size_t last = std::min(region.x.size(), first + voxels_per_slab);
        while (last < region.x.size() && region.z[last] == region.z[last - 1]) ++last;  // whole slices
        compute(image, coefficients, region, first, last, buffers, results);
        first = last;
      }
    }
    const auto names = image_names();
    for (std::size_t k = 0; k < names.size(); ++k) yield(names[k], results[k]);
  }

 private:
  // Work buffers, kept across the slabs of one image (fresh pages cost more than the sampling).
  struct Buffers {
    std::vector<float> samples;
    std::vector<double> along_x, along_xy;
    std::vector<long> taps;
  };

  struct Region {
    std::vector<int> x, y, z;
    long low[3] = {std::numeric_limits<long>::max(), std::numeric_limits<long>::max(),
                   std::numeric_limits<long>::max()};
    long high[3] = {-1, -1, -1};
  };

  // The samples of every vertex at region voxels first..last-1 (one slab of slices):
  // samples[v * (last - first) + r - first].
  void sample(const core::IntensityImage& image, const std::vector<double>& coefficients,
              const Region& region, std::size_t first, std::size_t last, Buffers& buffers) const {
    const auto& size = image.size();
    const long nx = static_cast<long>(size[0]), ny = static_cast<long>(size[1]),
               nz = static_cast<long>(size[2]);
    const core::PixelType type = image.stored_pixel_type();
    const std::size_t count = last - first;
    buffers.samples.resize(std::max(buffers.samples.size(), vertices_.size() * count));
    // Rows of the x pass and slices of both passes the slab's samples reach (mirrored indices of a
    // support beyond the edge stay inside them).
    const long reach = static_cast<long>(std::ceil(radius_)) + 2;
    const long z_low = std::max(0L, static_cast<long>(region.z[first]) - reach);
    const long z_high = std::min(nz - 1, static_cast<long>(region.z[last - 1]) + reach);
    const long y_low = std::max(0L, region.low[1] - reach), y_high = std::min(ny - 1, region.high[1] + reach);
    const long slices = z_high - z_low + 1, rows = y_high - y_low + 1;
    const long width = region.high[0] - region.low[0] + 1, height = region.high[1] - region.low[1] + 1;
    auto& along_x = buffers.along_x;
    auto& along_xy = buffers.along_xy;
    auto& taps = buffers.taps;
    along_x.resize(std::max(along_x.size(), static_cast<std::size_t>(slices * rows * width)));
    along_xy.resize(std::max(along_xy.size(), static_cast<std::size_t>(slices * height * width)));
    taps.resize(static_cast<std::size_t>(4 * width));
    // Vertex v's offsets along numpy's z, y, x axes are its x, y, z: offset x = vertex[2], y = vertex[1],
    // z = vertex[0]. The 4 x 4 x 4 spline sum is done axis by axis, sharing the x pass between vertices
    // with the same x offset and the y pass between those with the same (x, y) offsets.
    std::map<double, std::map<double, std::vector<std::size_t>>> groups;
    for (std::size_t v = 0; v < vertices_.size(); ++v) groups[vertices_[v][2]][vertices_[v][1]].push_back(v);
    for (const auto& [offset_x, by_y] : groups) {
      const auto wx = cubic_weights(offset_x);
      const long start_x = static_cast<long>(std::floor(offset_x)) - 1;
      for (long x = 0; x < width; ++x)
        for (long c = 0; c < 4; ++c)
          taps[static_cast<std::size_t>(4 * x + c)] = mirror_index(region.low[0] + x + start_x + c, nx);
      for (long z = 0; z < slices; ++z)
        for (long y = 0; y < rows; ++y) {
          const double* row = coefficients.data() + nx * (y + y_low + ny * (z + z_low));
          double* out = along_x.data() + width * (y + rows * z);
          for (long x = 0; x < width; ++x) {
            const long* tap = taps.data() + 4 * x;
            out[x] = row[tap[0]] * wx[0] + row[tap[1]] * wx[1] + row[tap[2]] * wx[2] + row[tap[3]] * wx[3];
          }
        }
      for (const auto& [offset_y, members] : by_y) {
        const auto wy = cubic_weights(offset_y);
        const long start_y = static_cast<long>(std::floor(offset_y)) - 1;
        for (long z = 0; z < slices; ++z)
          for (long y = 0; y < height; ++y) {
            double* out = along_xy.data() + width * (y + height * z);
            const double* in[4];
            for (int b = 0; b < 4; ++b)
              in[b] = along_x.data() +
                      width * (mirror_index(region.low[1] + y + start_y + b, ny) - y_low + rows * z);
            for (long x = 0; x < width; ++x)
              out[x] = in[0][x] * wy[0] + in[1][x] * wy[1] + in[2][x] * wy[2] + in[3][x] * wy[3];
          }
        for (std::size_t v : members) {
          const double offset_z = vertices_[v][0];
          const auto wz = cubic_weights(offset_z);
          const long start_z = static_cast<long>(std::floor(offset_z)) - 1;
          float* out = buffers.samples.data() + v * count;
          const std::size_t plane = static_cast<std::size_t>(width * height);
          for (std::size_t r = first; r < last; ++r) {
            const long x = region.x[r], y = region.y[r], z = region.z[r];
            // map_coordinates with mode 'constant': 0 unless the point lies within [0, size - 1].
            const double cx = static_cast<double>(x) + offset_x, cy = static_cast<double>(y) + offset_y,
                         cz = static_cast<double>(z) + offset_z;
            if (cx < 0 || cx > static_cast<double>(nx - 1) || cy < 0 || cy > static_cast<double>(ny - 1) ||
                cz < 0 || cz > static_cast<double>(nz - 1)) {
              out[r - first] = 0;
              continue;
            }
            const double* column =
                along_xy.data() + static_cast<std::size_t>((x - region.low[0]) + width * (y - region.low[1]));
            double sum = 0;
            for (int a = 0; a < 4; ++a)
              sum +=
                  column[plane * static_cast<std::size_t>(mirror_index(z + start_z + a, nz) - z_low)] * wz[a];
            out[r - first] = static_cast<float>(pyradiomics::scipy_interpolation_cast(sum, type));
          }
        }
      }
    }
  }

  void compute(const core::IntensityImage& image, const std::vector<double>& coefficients,
               const Region& region, std::size_t first, std::size_t last, Buffers& buffers,
               std::vector<core::IntensityImage>& results) const {
    sample(image, coefficients, region, first, last, buffers);
    const std::vector<float>& samples = buffers.samples;
    const std::size_t count = vertices_.size(), columns = columns_.size(), slab = last - first;
    std::vector<double> values(count), real_sums(columns), imaginary_sums(columns), w;
    for (std::size_t r = first; r < last; ++r) {
      const std::size_t index =
          image.linear_index(static_cast<std::size_t>(region.x[r]), static_cast<std::size_t>(region.y[r]),
                             static_cast<std::size_t>(region.z[r]));
      for (std::size_t v = 0; v < count; ++v) values[v] = samples[v * slab + r - first];
      // scipy.stats.kurtosis (Fisher, biased): m4 / m2^2 - 3, NaN when m2 <= (eps mean)^2.
      double mean = 0;
      for (double value : values) mean += value;
      mean /= static_cast<double>(count);
      double m2 = 0, m4 = 0;
      for (double value : values) {
        const double squared = (value - mean) * (value - mean);
        m2 += squared;
        m4 += squared * squared;
      }
      m2 /= static_cast<double>(count);
      m4 /= static_cast<double>(count);
      constexpr double eps = std::numeric_limits<double>::epsilon();
      if (m2 <= (eps * mean) * (eps * mean))
        throw InputError(
            fmt::format("LBP3D: the spherical kurtosis is undefined at voxel ({}, {}, {}) of the region: its "
                        "{} samples are "
                        "all equal",
                        region.x[r], region.y[r], region.z[r], count));
      results[static_cast<std::size_t>(levels_)].voxels()[index] = static_cast<float>(m4 / (m2 * m2) - 3.0);
      // c_x = sum of Y_x over the vertices whose sample is >= the centre voxel.
      const double centre = image.voxels()[index];
      std::fill(real_sums.begin(), real_sums.end(), 0.0);
      std::fill(imaginary_sums.begin(), imaginary_sums.end(), 0.0);
      for (std::size_t v = 0; v < count; ++v) {
        if (!(values[v] >= centre)) continue;
        const std::complex<double>* row = harmonics_.data() + v * columns;
        for (std::size_t x = 0; x < columns; ++x) {
          real_sums[x] += row[x].real();
          imaginary_sums[x] += row[x].imag();
        }
      }
      for (int n = 0; n < levels_; ++n) {
        const std::size_t offset = static_cast<std::size_t>(n * n),
                          span = static_cast<std::size_t>(2 * n + 1);
        w.assign(2 * span, 0.0);
        for (std::size_t j = 0; j < span; ++j) {
          w[j] = real_sums[offset + j];
          w[span + j] = imaginary_sums[offset + j];
        }
        const auto& gram = grams_[static_cast<std::size_t>(n)];
        double squared_norm = 0;
        for (std::size_t a = 0; a < 2 * span; ++a) {
          double row_sum = 0;
          for (std::size_t b = 0; b < 2 * span; ++b) row_sum += gram[a * 2 * span + b] * w[b];
          squared_norm += w[a] * row_sum;
        }
        results[static_cast<std::size_t>(n)].voxels()[index] =
            static_cast<float>(std::sqrt(std::max(0.0, squared_norm)));
      }
    }
  }

  int levels_;
  double radius_;
  std::vector<Vertex> vertices_;
  std::vector<std::pair<int, int>> columns_;     // (n, m)
  std::vector<std::complex<double>> harmonics_;  // [vertex][column]
  std::vector<std::vector<double>> grams_;       // per degree
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
