// MeshVolume as PyRadiomics 3.1 computes it. The marching-cubes mesh of PyRadiomics' table is not
// always closed (an ambiguous face can be split one way by one cube and the other way by its
// neighbour), so the divergence-theorem sum depends on the origin of the coordinates. PyRadiomics
// takes the mask cropped to its bounding box and padded by one voxel, and sums in (index x spacing)
// of that array: the expected values below come from PyRadiomics 3.1's radiomics/src/cshape.c
// (calculate_coefficients) run on the same masks, cropped and padded as its shape class does.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "cli/cli_runner.hpp"
#include "core/csv.hpp"
#include "features/mesh/marching_cubes.hpp"
#include "features/mesh/marching_cubes_table.hpp"
#include "io/image_io.hpp"

namespace radstudy::features::mesh {
namespace {

// Three voxels of a 2 x 2 x 2 block, (0,0,0), (1,1,0) and (0,1,1), placed at `offset` in a mask of
// `size`: the cube holding all three has corner 7 inside, so PyRadiomics' table joins the diagonal
// pair of its z = 0 face, which the cube below leaves apart: the mesh has a hole.
core::Mask three_voxels(const core::Size3& size, const core::Size3& offset) {
  core::Geometry geometry;
  geometry.size = size;
  geometry.spacing = {2.0, 3.0, 5.0};
  core::Mask mask(geometry);
  mask.at(offset[0], offset[1], offset[2]) = 1;
  mask.at(offset[0] + 1, offset[1] + 1, offset[2]) = 1;
  mask.at(offset[0], offset[1] + 1, offset[2] + 1) = 1;
  return mask;
}

TEST(MeshVolume, OpenMeshIsSummedInPyRadiomicsFrameWhateverTheCrop) {
  const double pyradiomics_volume = 27.5, pyradiomics_area = 66.5;  // cshape.c on this mask
  for (const auto& [size, offset] : {std::pair<core::Size3, core::Size3>{{2, 2, 2}, {0, 0, 0}},
                                     {{7, 5, 6}, {3, 1, 2}},
                                     {{3, 3, 3}, {1, 1, 1}}}) {
    const SurfaceMesh mesh = build_surface_mesh(three_voxels(size, offset));
    EXPECT_NEAR(mesh.volume, pyradiomics_volume, 1e-12) << "region at " << offset[0] << "," << offset[1];
    EXPECT_NEAR(mesh.area, pyradiomics_area, 1e-12);
  }
}

// A thin tumour like the one of the issue: 453 voxels on 3 slices of 0.78 x 0.78 x 6.5 mm, with a
// ragged border (many ambiguous faces), far from the patient origin.
core::Mask thin_tumour(const core::Vec3& spacing) {
  core::Geometry geometry;
  geometry.size = {40, 40, 7};
  geometry.spacing = spacing;
  geometry.origin = {-200.3, -180.1, -62.700000762939432};
  core::Mask mask(geometry);
  const int radius_squared[7] = {0, 0, 45, 67, 53, 0, 0};
  for (int z = 2; z <= 4; ++z)
    for (int y = 0; y < 40; ++y)
      for (int x = 0; x < 40; ++x) {
        const int dx = x - 20, dy = y - 19;
        if (dx * dx + dy * dy + ((x * 7 + y * 11 + z * 3) % 5) * 4 <= radius_squared[z])
          mask.at(static_cast<std::size_t>(x), static_cast<std::size_t>(y), static_cast<std::size_t>(z)) = 1;
      }
  return mask;
}

// The reference: the same divergence sum written out directly, in long double, with coordinates
// (index x spacing) in the array PyRadiomics builds (the region's bounding box padded by one voxel).
long double pyradiomics_frame_volume(const core::Mask& mask) {
  const auto& size = mask.size();
  long low[3] = {1L << 30, 1L << 30, 1L << 30}, high[3] = {-1, -1, -1};
  for (std::size_t z = 0; z < size[2]; ++z)
    for (std::size_t y = 0; y < size[1]; ++y)
      for (std::size_t x = 0; x < size[0]; ++x)
        if (mask.at(x, y, z)) {
          const long index[3] = {static_cast<long>(x), static_cast<long>(y), static_cast<long>(z)};
          for (int d = 0; d < 3; ++d) {
            low[d] = std::min(low[d], index[d]);
            high[d] = std::max(high[d], index[d]);
          }
        }
  // inside(i, j, k) in the padded array: array index 1 is the bounding box's first voxel.
  auto inside = [&](long i, long j, long k) {
    const long x = i - 1 + low[0], y = j - 1 + low[1], z = k - 1 + low[2];
    if (x < low[0] || y < low[1] || z < low[2] || x > high[0] || y > high[1] || z > high[2]) return false;
    return mask.at(static_cast<std::size_t>(x), static_cast<std::size_t>(y), static_cast<std::size_t>(z)) !=
           0;
  };
  static const int corner[8][3] = {{0, 0, 0}, {1, 0, 0}, {1, 1, 0}, {0, 1, 0},
                                   {0, 0, 1}, {1, 0, 1}, {1, 1, 1}, {0, 1, 1}};
  static const int corners_of_edge[12][2] = {{0, 1}, {1, 2}, {2, 3}, {3, 0}, {4, 5}, {5, 6},
                                             {6, 7}, {7, 4}, {0, 4}, {1, 5}, {2, 6}, {3, 7}};
  const auto& table = region_triangles();
  long double sum = 0.0L;
  for (long k = 0; k <= high[2] - low[2] + 1; ++k)
    for (long j = 0; j <= high[1] - low[1] + 1; ++j)
      for (long i = 0; i <= high[0] - low[0] + 1; ++i) {
        unsigned configuration = 0;
        for (int c = 0; c < 8; ++c)
          if (inside(i + corner[c][0], j + corner[c][1], k + corner[c][2])) configuration |= 1u << c;
        long double sign = 1.0L;
        if (configuration & 0x80u) {
          configuration ^= 0xffu;
          sign = -1.0L;
        }
        const auto& row = table[configuration];
        for (int t = 0; t < 5 && row[3 * t] >= 0; ++t) {
          long double p[3][3];
          for (int v = 0; v < 3; ++v) {
            const int* ends = corners_of_edge[row[3 * t + v]];
            const long cube[3] = {i, j, k};
            for (int d = 0; d < 3; ++d)
              p[v][d] = (cube[d] + 0.5L * (corner[ends[0]][d] + corner[ends[1]][d])) *
                        static_cast<long double>(mask.spacing()[d]);
          }
          sum += sign * (p[0][0] * (p[1][1] * p[2][2] - p[1][2] * p[2][1]) +
                         p[0][1] * (p[1][2] * p[2][0] - p[1][0] * p[2][2]) +
                         p[0][2] * (p[1][0] * p[2][1] - p[1][1] * p[2][0]));
        }
      }
  return std::fabs(sum) / 6.0L;
}

TEST(MeshVolume, ThinThreeSliceTumourMatchesPyRadiomics) {
  const core::Mask mask = thin_tumour({0.78, 0.78, 6.5});
  std::size_t voxels = 0;
  for (auto v : mask.voxels()) voxels += v;
  ASSERT_EQ(voxels, 453u);
  const double pyradiomics_volume = 1740.0239999999878, pyradiomics_area = 990.97617819599975;  // cshape.c
  const long double reference = pyradiomics_frame_volume(mask);
  EXPECT_NEAR(static_cast<double>(reference), pyradiomics_volume, 1e-12 * pyradiomics_volume);
  const SurfaceMesh mesh = build_surface_mesh(mask);
  EXPECT_NEAR(mesh.volume, static_cast<double>(reference), 1e-12 * pyradiomics_volume);
  EXPECT_NEAR(mesh.area, pyradiomics_area, 1e-12 * pyradiomics_area);
}

// The same tumour through `radstudy extract` (NIfTI stores the spacing as float32, as PyRadiomics
// reads it too): MeshVolume, and Sphericity and SurfaceVolumeRatio that follow from it.
TEST(MeshVolume, ThinThreeSliceTumourThroughExtract) {
  using namespace radstudy::testing;
  const auto directory = fresh_directory("mesh_volume_thin_tumour");
  const core::Mask mask = thin_tumour({0.78, 0.78, 6.5});
  core::IntensityImage image(mask.geometry(), 40.0f);
  io::write_image(image, (directory / "image.nii.gz").string());
  io::write_mask(mask, (directory / "mask.nii.gz").string());
  std::ofstream(directory / "params.yaml") << "featureClass:\n  shape:\nsetting:\n  label: 1\n";
  const auto result =
      run_radstudy("extract --image " + shell_quoted(directory / "image.nii.gz") + " --mask " +
                   shell_quoted(directory / "mask.nii.gz") + " --params " +
                   shell_quoted(directory / "params.yaml") + " --out " + shell_quoted(directory / "out.csv"));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto table = core::read_csv((directory / "out.csv").string());
  ASSERT_EQ(table.rows.size(), 1u);
  auto value = [&](const std::string& feature) {
    const int column = table.column("original_shape_" + feature);
    EXPECT_GE(column, 0) << feature;
    return column < 0 ? std::nan("") : std::stod(table.rows[0][static_cast<std::size_t>(column)]);
  };
  // cshape.c with the spacing as float32 (0.7799999713897705, 6.5).
  const double volume = 1740.0238723526211, area = 990.97613606621724;
  const double float_spacing = static_cast<double>(0.78f);
  const long double reference = pyradiomics_frame_volume(thin_tumour({float_spacing, float_spacing, 6.5}));
  EXPECT_NEAR(static_cast<double>(reference), volume, 1e-12 * volume);
  EXPECT_NEAR(value("MeshVolume"), volume, 1e-12 * volume);
  EXPECT_NEAR(value("SurfaceArea"), area, 1e-12 * area);
  EXPECT_NEAR(value("SurfaceVolumeRatio"), area / volume, 1e-12 * area / volume);
  const double sphericity = std::cbrt(36.0 * M_PI * volume * volume) / area;
  EXPECT_NEAR(value("Sphericity"), sphericity, 1e-12 * sphericity);
  std::filesystem::remove_all(directory);
}

}  // namespace
}  // namespace radstudy::features::mesh
