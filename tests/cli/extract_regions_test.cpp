// Several regions of one case in one run: the tumour and a peritumoral ring.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>

#include "cli/cli_runner.hpp"
#include "core/csv.hpp"

namespace fs = std::filesystem;
using radstudy::testing::fresh_directory;
using radstudy::testing::run_radstudy;
using radstudy::testing::shared_dir;
using radstudy::testing::shell_quoted;

namespace {

const char* kClasses = R"(featureClass:
  shape:
  firstorder:
  glcm:
  glszm:
setting:
  binWidth: 25
  resampledPixelSpacing: [1, 1, 1]
  interpolator: sitkBSpline
)";

std::map<std::string, std::string> first_row(const fs::path& csv) {
  const auto table = radstudy::core::read_csv(csv.string());
  std::map<std::string, std::string> row;
  for (std::size_t k = 0; k < table.header.size(); ++k) row[table.header[k]] = table.rows.at(0).at(k);
  return row;
}

TEST(ExtractRegions, TumourColumnsEqualASingleRegionRunAndTheRingIsPrefixed) {
  RADSTUDY_REQUIRE_SHARED("data/sts/STS_002/ct_image.nii.gz");
  const auto directory = fresh_directory("extract_regions");
  const auto case_folder = shared_dir() / "data/sts/STS_002";
  std::ofstream(directory / "single.yaml") << "imageType:\n  Original: {}\n" << kClasses;
  std::ofstream(directory / "regions.yaml")
      << "imageType:\n  Original: {}\n"
      << kClasses << "regions:\n  tumour:\n  ring5mm: {ring: 5, intensityRange: [-150, 250]}\n";
  const std::string inputs = " --image " + shell_quoted(case_folder / "ct_image.nii.gz") + " --mask " +
                             shell_quoted(case_folder / "ct_mask.nii.gz");
  auto run = run_radstudy("extract" + inputs + " --params " + shell_quoted(directory / "single.yaml") +
                          " --out " + shell_quoted(directory / "single.csv"));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  run = run_radstudy("extract" + inputs + " --params " + shell_quoted(directory / "regions.yaml") +
                     " --out " + shell_quoted(directory / "regions.csv"));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const auto single = first_row(directory / "single.csv");
  const auto regions = first_row(directory / "regions.csv");
  EXPECT_EQ(regions.size(), 2 * (single.size() - 2) + 2);  // id and error once
  for (const auto& [name, value] : single) {
    if (name == "id" || name == "error") continue;
    ASSERT_TRUE(regions.count("tumour_" + name)) << name;
    // The principal axes are computed from voxel indices of the crop, which is larger with a ring: the
    // centred offsets round differently in the last bit. Everything else is the same text.
    const bool principal_axes = name.find("AxisLength") != std::string::npos ||
                                name.find("Elongation") != std::string::npos ||
                                name.find("Flatness") != std::string::npos;
    if (principal_axes)
      EXPECT_NEAR(std::stod(regions.at("tumour_" + name)), std::stod(value),
                  1e-12 * std::abs(std::stod(value)))
          << name;
    else
      EXPECT_EQ(regions.at("tumour_" + name), value) << name;
    ASSERT_TRUE(regions.count("ring5mm_" + name)) << name;
  }
  // The ring lies outside the tumour and is thinner than it is wide: its voxel count is of the order of
  // the tumour's surface (mm^2) times 5 mm.
  const double ring_volume = std::stod(regions.at("ring5mm_original_shape_VoxelVolume"));
  const double surface = std::stod(regions.at("tumour_original_shape_SurfaceArea"));
  EXPECT_GT(ring_volume, 2.0 * surface);
  EXPECT_LT(ring_volume, 8.0 * surface);
  EXPECT_GE(std::stod(regions.at("ring5mm_original_firstorder_Minimum")), -150.0);
  EXPECT_LE(std::stod(regions.at("ring5mm_original_firstorder_Maximum")), 250.0);
}

TEST(ExtractRegions, AnEmptyRingIsAnErrorNamingTheRegion) {
  RADSTUDY_REQUIRE_SHARED("data/sts/STS_002/ct_image.nii.gz");
  const auto directory = fresh_directory("extract_regions_empty");
  const auto case_folder = shared_dir() / "data/sts/STS_002";
  std::ofstream(directory / "regions.yaml")
      << "imageType:\n  Original: {}\n"
      << kClasses << "regions:\n  tumour:\n  air: {ring: 2, intensityRange: [5000, 6000]}\n";
  const auto run = run_radstudy("extract --image " + shell_quoted(case_folder / "ct_image.nii.gz") +
                                " --mask " + shell_quoted(case_folder / "ct_mask.nii.gz") + " --params " +
                                shell_quoted(directory / "regions.yaml") + " --out " +
                                shell_quoted(directory / "out.csv"));
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("region air: the ring of 2 mm within intensities [5000, 6000] holds 0 voxel(s)"),
            std::string::npos)
      << run.output;
  EXPECT_FALSE(fs::exists(directory / "out.csv"));
}

}  // namespace
