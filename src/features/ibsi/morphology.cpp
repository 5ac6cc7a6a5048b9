#include "features/ibsi/morphology.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "features/common/feature_table.hpp"
#include "features/common/principal_axes.hpp"
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

// Moran's I and Geary's C over all pairs of intensity-mask voxels, weights the inverse distance
// between voxel centres (mm). O(N^2); the weights are tabulated per index offset when that table
// is small enough.
std::pair<double, double> spatial_autocorrelation(const core::IntensityImage& image, const core::Mask& mask) {
  struct Voxel {
    int x, y, z;
    double value;
  };
  std::vector<Voxel> voxels;
  const auto& size = mask.size();
  for (std::size_t z = 0; z < size[2]; ++z)
    for (std::size_t y = 0; y < size[1]; ++y)
      for (std::size_t x = 0; x < size[0]; ++x)
        if (mask.at(x, y, z))
          voxels.push_back({static_cast<int>(x), static_cast<int>(y), static_cast<int>(z), image.at(x, y, z)});
  const std::size_t n = voxels.size();
  if (n < 2) return {std::nan(""), std::nan("")};
  double mean = 0.0;
  for (const auto& voxel : voxels) mean += voxel.value;
  mean /= static_cast<double>(n);
  double squares = 0.0;
  for (auto& voxel : voxels) {
    voxel.value -= mean;
    squares += voxel.value * voxel.value;
  }
  const auto& spacing = mask.spacing();
  const long nx = static_cast<long>(size[0]), ny = static_cast<long>(size[1]), nz = static_cast<long>(size[2]);
  const long tx = 2 * nx - 1, ty = 2 * ny - 1, tz = 2 * nz - 1;
  std::vector<double> weight_table;
  if (tx * ty * tz <= 16'000'000) {
    weight_table.resize(static_cast<std::size_t>(tx * ty * tz));
    for (long dz = -(nz - 1); dz < nz; ++dz)
      for (long dy = -(ny - 1); dy < ny; ++dy)
        for (long dx = -(nx - 1); dx < nx; ++dx) {
          const double distance = std::sqrt(std::pow(dx * spacing[0], 2) + std::pow(dy * spacing[1], 2) +
                                            std::pow(dz * spacing[2], 2));
          weight_table[static_cast<std::size_t>((dx + nx - 1) + tx * ((dy + ny - 1) + ty * (dz + nz - 1)))] =
              distance > 0 ? 1.0 / distance : 0.0;
        }
  }
  double weight_sum = 0.0, moran_sum = 0.0, geary_sum = 0.0;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i + 1; j < n; ++j) {
      const long dx = voxels[j].x - voxels[i].x, dy = voxels[j].y - voxels[i].y, dz = voxels[j].z - voxels[i].z;
      double weight;
      if (!weight_table.empty()) {
        weight = weight_table[static_cast<std::size_t>((dx + nx - 1) + tx * ((dy + ny - 1) + ty * (dz + nz - 1)))];
      } else {
        weight = 1.0 / std::sqrt(std::pow(dx * spacing[0], 2) + std::pow(dy * spacing[1], 2) +
                                 std::pow(dz * spacing[2], 2));
      }
      const double difference = voxels[i].value - voxels[j].value;
      weight_sum += weight;
      moran_sum += weight * voxels[i].value * voxels[j].value;
      geary_sum += weight * difference * difference;
    }
  // Each unordered pair stands for the two ordered pairs of the definitions; the factors cancel.
  const double count = static_cast<double>(n);
  if (squares == 0) return {std::nan(""), std::nan("")};
  const double moran = count / weight_sum * moran_sum / squares;
  const double geary = (count - 1.0) / (2.0 * weight_sum) * geary_sum / squares;
  return {moran, geary};
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
