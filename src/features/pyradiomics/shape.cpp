#include "features/pyradiomics/shape.hpp"

#include <cmath>
#include <numbers>

#include "features/common/feature_table.hpp"
#include "features/common/principal_axes.hpp"
#include "features/mesh/diameters.hpp"
#include "features/mesh/marching_cubes.hpp"

namespace radstudy::features::pyradiomics {
namespace {

// V, A: volume and area of the marching-cubes mesh; N_v voxels; lambda_major >= lambda_minor >=
// lambda_least the eigenvalues of the voxel-centre covariance. PyRadiomics' output order.
const std::vector<FeatureSpec> kShapeFeatures = {
    {"Elongation", "", ""},                // sqrt(lambda_minor / lambda_major)
    {"Flatness", "", ""},                  // sqrt(lambda_least / lambda_major)
    {"LeastAxisLength", "", ""},           // 4 sqrt(lambda_least)
    {"MajorAxisLength", "", ""},           // 4 sqrt(lambda_major)
    {"Maximum2DDiameterColumn", "", ""},   // largest vertex distance in a coronal (equal y) plane
    {"Maximum2DDiameterRow", "", ""},      // largest vertex distance in a sagittal (equal x) plane
    {"Maximum2DDiameterSlice", "", ""},    // largest vertex distance in an axial (equal z) plane
    {"Maximum3DDiameter", "", ""},         // largest vertex distance
    {"MeshVolume", "", ""},                // V
    {"MinorAxisLength", "", ""},           // 4 sqrt(lambda_minor)
    {"Sphericity", "", ""},                // (36 pi V^2)^(1/3) / A
    {"SurfaceArea", "", ""},               // A
    {"SurfaceVolumeRatio", "", ""},        // A / V
    {"VoxelVolume", "", ""},               // N_v * voxel volume
};

std::vector<FeatureDescription> describe(const settings::ExtractionSettings&) {
  return describe_features("shape", kShapeFeatures);
}

double axis_length(double eigenvalue) { return eigenvalue < 0 ? std::nan("") : 4.0 * std::sqrt(eigenvalue); }

FeatureValues compute(const RegionData& region) {
  const auto& mask = region.morphological_mask;
  const mesh::SurfaceMesh surface = mesh::build_surface_mesh(mask);
  const mesh::MeshDiameters diameters = mesh::mesh_diameters(surface);
  const PrincipalAxes axes = principal_axes(mask);
  const double least = axes.eigenvalues[0], minor = axes.eigenvalues[1], major = axes.eigenvalues[2];
  const auto& spacing = mask.spacing();
  const double voxel_volume = static_cast<double>(axes.voxel_count) * spacing[0] * spacing[1] * spacing[2];
  const double volume = surface.volume, area = surface.area;
  return name_values(
      describe(region.settings),
      {std::sqrt(minor / major), std::sqrt(least / major), axis_length(least), axis_length(major),
       diameters.in_plane[1], diameters.in_plane[0], diameters.in_plane[2], diameters.maximum_3d, volume,
       axis_length(minor), std::cbrt(36.0 * std::numbers::pi * volume * volume) / area, area, area / volume,
       voxel_volume});
}

}  // namespace

FeatureFamily make_shape_family() {
  return {"shape", "PyRadiomics 3D shape features (marching-cubes mesh)", describe, compute};
}

}  // namespace radstudy::features::pyradiomics
