#include "features/ibsi/morphology.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "features/common/feature_table.hpp"
#include "features/common/principal_axes.hpp"
#include "features/ibsi/spatial_autocorrelation.hpp"
#include "features/mesh/convex_hull.hpp"
#include "features/mesh/enclosing_shapes.hpp"
#include "features/mesh/marching_cubes.hpp"

namespace radstudy::features::ibsi {
namespace {

constexpr double kPi = std::numbers::pi;

// V, A: mesh volume and area; lambda: PCA eigenvalues of the morphological voxel centres;
// a = 2 sqrt(lambda_major), b = 2 sqrt(lambda_minor), c = 2 sqrt(lambda_least).
const std::vector<FeatureSpec> kMorphFeatures = {
    {"VolumeMesh", "RNU0", ""},                     // V = |sum a.(b x c)| / 6
    {"VolumeVoxelCounting", "YEKZ", ""},            // N_v * voxel volume
    {"SurfaceArea", "C0JK", ""},                    // A = sum |ab x ac| / 2
    {"SurfaceToVolumeRatio", "2PR5", ""},           // A / V
    {"Compactness1", "SKGS", ""},                   // V / (pi^(1/2) A^(3/2))
    {"Compactness2", "BQWJ", ""},                   // 36 pi V^2 / A^3
    {"SphericalDisproportion", "KRCK", ""},         // A / (36 pi V^2)^(1/3)
    {"Sphericity", "QCFX", ""},                     // (36 pi V^2)^(1/3) / A
    {"Asphericity", "25C7", ""},                    // (A^3 / (36 pi V^2))^(1/3) - 1
    {"CentreOfMassShift", "KLMA", ""},              // |CoM(morphological mask) - CoM(intensity-weighted)|
    {"Maximum3DDiameter", "L0JK", ""},              // largest distance between mesh vertices
    {"MajorAxisLength", "TDIC", ""},                // 4 sqrt(lambda_major)
    {"MinorAxisLength", "P9VJ", ""},                // 4 sqrt(lambda_minor)
    {"LeastAxisLength", "7J51", ""},                // 4 sqrt(lambda_least)
    {"Elongation", "Q3CK", ""},                     // sqrt(lambda_minor / lambda_major)
    {"Flatness", "N17B", ""},                       // sqrt(lambda_least / lambda_major)
    {"VolumeDensityAABB", "PBX1", ""},              // V / V_aabb (box of the mesh vertices)
    {"AreaDensityAABB", "R59B", ""},                // A / A_aabb
    {"VolumeDensityOMBB", "ZH1A", ""},              // V / V_ombb
    {"AreaDensityOMBB", "IQYR", ""},                // A / A_ombb
    {"VolumeDensityAEE", "6BDE", ""},               // 3 V / (4 pi a b c)
    {"AreaDensityAEE", "RDD2", ""},                 // A / A_aee(a, b, c)
    {"VolumeDensityMVEE", "SWZ1", ""},              // V / V_mvee
    {"AreaDensityMVEE", "BRI8", ""},                // A / A_mvee
    {"VolumeDensityConvexHull", "R3ER", ""},        // V / V_convex
    {"AreaDensityConvexHull", "7T7F", ""},          // A / A_convex
    {"IntegratedIntensity", "99N0", ""},            // V * mean(X_gl)
    {"MoransIIndex", "N365", ""},                   // Moran's I, weights 1 / Euclidean distance
    {"GearysCMeasure", "NPT7", ""},                 // Geary's C, weights 1 / Euclidean distance
};

std::vector<FeatureDescription> describe(const settings::ExtractionSettings&) {
  return describe_features("morph", kMorphFeatures);
}

FeatureValues compute(const RegionData& region) {
  const auto& mask = region.morphological_mask;
  const auto& spacing = mask.spacing();
  const mesh::SurfaceMesh surface = mesh::build_surface_mesh(mask);
  const double volume = surface.volume, area = surface.area;

  // Convex hull of the mesh vertices (thinned to the per-line extremes, which keeps the hull).
  std::vector<core::Vec3> candidates;
  for (const auto& vertex : mesh::line_extremes(surface.vertices, 0)) candidates.push_back(surface.position(vertex));
  const mesh::ConvexHull hull = mesh::convex_hull(candidates);
  const double diameter = mesh::maximum_distance(hull.vertices);

  // Axis-aligned bounding box of the mesh vertices.
  core::Vec3 low{INFINITY, INFINITY, INFINITY}, high{-INFINITY, -INFINITY, -INFINITY};
  for (const auto& point : hull.vertices)
    for (int d = 0; d < 3; ++d) {
      low[d] = std::min(low[d], point[d]);
      high[d] = std::max(high[d], point[d]);
    }
  const double ex = high[0] - low[0], ey = high[1] - low[1], ez = high[2] - low[2];
  const double aabb_volume = ex * ey * ez, aabb_area = 2.0 * (ex * ey + ey * ez + ez * ex);

  const auto ombb = mesh::oriented_minimum_bounding_box(hull.vertices, hull.facet_normals);
  const double ombb_volume = ombb[0] * ombb[1] * ombb[2];
  const double ombb_area = 2.0 * (ombb[0] * ombb[1] + ombb[1] * ombb[2] + ombb[2] * ombb[0]);

  // IBSI's PCA uses the sample covariance (divide by N - 1); principal_axes gives the population one.
  const PrincipalAxes axes = principal_axes(mask);
  const double voxel_count = static_cast<double>(axes.voxel_count);
  const double unbiased = voxel_count > 1 ? voxel_count / (voxel_count - 1.0) : NAN;
  const double least = axes.eigenvalues[0] * unbiased, minor = axes.eigenvalues[1] * unbiased,
               major = axes.eigenvalues[2] * unbiased;
  const double a = 2.0 * std::sqrt(major), b = 2.0 * std::sqrt(minor), c = 2.0 * std::sqrt(least);

  const auto mvee = hull.flat ? std::array<double, 3>{NAN, NAN, NAN}
                              : mesh::minimum_volume_enclosing_ellipsoid(hull.vertices);
  const double mvee_volume = 4.0 * kPi * mvee[0] * mvee[1] * mvee[2] / 3.0;

  // Centres of mass: geometric (morphological mask) and intensity-weighted (intensity mask).
  const auto& size = mask.size();
  double weighted[3] = {0, 0, 0}, intensity_sum = 0.0, intensity_count = 0.0;
  for (std::size_t z = 0; z < size[2]; ++z)
    for (std::size_t y = 0; y < size[1]; ++y)
      for (std::size_t x = 0; x < size[0]; ++x)
        if (region.intensity_mask.at(x, y, z)) {
          const double value = region.image.at(x, y, z);
          weighted[0] += value * static_cast<double>(x) * spacing[0];
          weighted[1] += value * static_cast<double>(y) * spacing[1];
          weighted[2] += value * static_cast<double>(z) * spacing[2];
          intensity_sum += value;
          intensity_count += 1.0;
        }
  double shift_squared = 0.0;
  for (int d = 0; d < 3; ++d) shift_squared += std::pow(axes.centroid[d] - weighted[d] / intensity_sum, 2);

  const auto [moran, geary] = spatial_autocorrelation(region.image, region.intensity_mask);
  const double voxel_volume = spacing[0] * spacing[1] * spacing[2];
  const double sphere_term = std::cbrt(36.0 * kPi * volume * volume);

  return name_values(
      describe(region.settings),
      {volume,
       static_cast<double>(axes.voxel_count) * voxel_volume,
       area,
       area / volume,
       volume / (std::sqrt(kPi) * std::pow(area, 1.5)),
       36.0 * kPi * volume * volume / (area * area * area),
       area / sphere_term,
       sphere_term / area,
       area / sphere_term - 1.0,
       std::sqrt(shift_squared),
       diameter,
       4.0 * std::sqrt(major),
       4.0 * std::sqrt(minor),
       4.0 * std::sqrt(least),
       std::sqrt(minor / major),
       std::sqrt(least / major),
       volume / aabb_volume,
       area / aabb_area,
       volume / ombb_volume,
       area / ombb_area,
       3.0 * volume / (4.0 * kPi * a * b * c),
       area / mesh::ellipsoid_surface_area(a, b, c),
       volume / mvee_volume,
       area / mesh::ellipsoid_surface_area(mvee[0], mvee[1], mvee[2]),
       hull.flat ? NAN : volume / hull.volume,
       hull.flat ? NAN : area / hull.area,
       volume * intensity_sum / intensity_count,
       moran,
       geary});
}

}  // namespace

FeatureFamily make_morph_family() {
  return {"morph", "IBSI morphological features (mesh, convex hull, enclosing shapes)", describe, compute};
}

}  // namespace radstudy::features::ibsi
