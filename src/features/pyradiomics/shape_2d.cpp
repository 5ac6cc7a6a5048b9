#include "features/pyradiomics/shape_2d.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

#include "core/errors.hpp"
#include "features/common/feature_table.hpp"
#include "features/mesh/marching_squares.hpp"

namespace radstudy::features::pyradiomics {
namespace {

// A: area enclosed by the marching-squares contour, P: its perimeter, N_p: pixels in the region,
// lambda_major >= lambda_minor: eigenvalues of the (population) covariance of the pixel-centre
// positions in millimetres. PyRadiomics' output order. IBSI defines no 2D morphology.
const std::vector<FeatureSpec> kShape2DFeatures = {
    {"Elongation", "", ""},             // sqrt(lambda_minor / lambda_major)
    {"MajorAxisLength", "", ""},        // 4 sqrt(lambda_major)
    {"MaximumDiameter", "", ""},        // largest distance between contour vertices
    {"MeshSurface", "", ""},            // A
    {"MinorAxisLength", "", ""},        // 4 sqrt(lambda_minor)
    {"Perimeter", "", ""},              // P
    {"PerimeterSurfaceRatio", "", ""},  // P / A
    {"PixelSurface", "", ""},           // N_p times the pixel area
    {"Sphericity", "", ""},             // 2 sqrt(pi A) / P
};

std::vector<FeatureDescription> describe(const settings::ExtractionSettings& settings) {
  if (!settings.force_2d)
    throw ConfigError((settings.source.empty() ? std::string("settings") : settings.source) +
                      ": featureClass 'shape2D' needs setting force2D: true (it describes one slice)");
  if (settings.force_2d_dimension < 0 || settings.force_2d_dimension > 2)
    throw ConfigError("force2Ddimension must be 0, 1 or 2");
  return describe_features("shape2D", kShape2DFeatures);
}

// PyRadiomics rounds eigenvalues in (-1e-10, 0) to 0 and reports NaN for lengths of a more
// negative one.
double clamp_eigenvalue(double eigenvalue) {
  return eigenvalue < 0 && eigenvalue > -1e-10 ? 0.0 : eigenvalue;
}
double axis_length(double eigenvalue) {
  return eigenvalue < 0 ? std::nan("") : 4.0 * std::sqrt(eigenvalue);
}

FeatureValues compute(const RegionData& region) {
  const auto descriptions = describe(region.settings);
  const auto& mask = region.morphological_mask;
  const auto& size = mask.size();
  const auto& spacing = mask.spacing();
  // Our axes are x, y, z; PyRadiomics' force2Ddimension counts z, y, x.
  const int normal = 2 - region.settings.force_2d_dimension;
  const int u_axis = normal == 0 ? 1 : 0, v_axis = normal == 2 ? 1 : 2;

  // The one slice holding the region; PyRadiomics skips shape2D (no values) when there are more.
  std::size_t slice = 0, slices_used = 0;
  {
    std::vector<bool> used(size[normal], false);
    for (std::size_t z = 0; z < size[2]; ++z)
      for (std::size_t y = 0; y < size[1]; ++y)
        for (std::size_t x = 0; x < size[0]; ++x)
          if (mask.at(x, y, z)) used[normal == 0 ? x : normal == 1 ? y : z] = true;
    for (std::size_t s = 0; s < used.size(); ++s)
      if (used[s]) ++slices_used, slice = s;
  }
  // shape2D describes one slice: PyRadiomics skips it (no values) for a region over several slices, and
  // radstudy writes its columns as NaN, "undefined for this region".
  if (slices_used != 1)
    return name_values(descriptions, std::vector<double>(kShape2DFeatures.size(), std::nan("")));

  const std::size_t columns = size[u_axis], rows = size[v_axis];
  std::vector<std::uint8_t> pixels(columns * rows, 0);
  for (std::size_t v = 0; v < rows; ++v)
    for (std::size_t u = 0; u < columns; ++u) {
      std::size_t index[3];
      index[normal] = slice;
      index[u_axis] = u;
      index[v_axis] = v;
      pixels[u + columns * v] = mask.at(index[0], index[1], index[2]) != 0;
    }
  const double su = spacing[u_axis], sv = spacing[v_axis];
  const mesh::PlanarContour contour = mesh::trace_planar_contour({pixels.data(), columns, rows, su, sv});

  // Pixel-centre covariance, centred first (two passes).
  double count = 0, mean_u = 0, mean_v = 0;
  for (std::size_t v = 0; v < rows; ++v)
    for (std::size_t u = 0; u < columns; ++u)
      if (pixels[u + columns * v]) {
        count += 1;
        mean_u += static_cast<double>(u) * su;
        mean_v += static_cast<double>(v) * sv;
      }
  mean_u /= count;
  mean_v /= count;
  double cuu = 0, cvv = 0, cuv = 0;
  for (std::size_t v = 0; v < rows; ++v)
    for (std::size_t u = 0; u < columns; ++u)
      if (pixels[u + columns * v]) {
        const double du = static_cast<double>(u) * su - mean_u, dv = static_cast<double>(v) * sv - mean_v;
        cuu += du * du;
        cvv += dv * dv;
        cuv += du * dv;
      }
  cuu /= count;
  cvv /= count;
  cuv /= count;
  const double half_trace = 0.5 * (cuu + cvv);
  const double radius = std::hypot(0.5 * (cuu - cvv), cuv);
  const double major = clamp_eigenvalue(half_trace + radius), minor = clamp_eigenvalue(half_trace - radius);
  const double elongation = (minor < 0 || major < 0) ? std::nan("") : std::sqrt(minor / major);

  const double area = contour.area, perimeter = contour.perimeter;
  return name_values(descriptions, {elongation, axis_length(major), contour.diameter, area,
                                    axis_length(minor), perimeter, perimeter / area, count * su * sv,
                                    2.0 * std::sqrt(std::numbers::pi * area) / perimeter});
}

}  // namespace

FeatureFamily make_shape2d_family() {
  return {"shape2D", "PyRadiomics 2D shape features of one slice (marching-squares contour)", describe,
          compute};
}

}  // namespace radstudy::features::pyradiomics
