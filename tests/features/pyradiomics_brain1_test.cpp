// PyRadiomics' brain1 case: the firstorder, shape and shape2D classes against
// baseline_brain1.csv (configurations brain1 and brain1_shape2D) to a relative 1e-4.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <string>

#include "features/feature_family.hpp"
#include "features/reference_table.hpp"
#include "io/image_io.hpp"
#include "preprocess/region_preparation.hpp"
#include "settings/extraction_settings.hpp"
#include "test_data.hpp"

namespace radstudy {
namespace {

// The brain1 shape baseline was written by a development build, PyRadiomics 2.0.1b1.post11
// (diagnostics_brain1.csv), while the mesh volume was being added; PyRadiomics' own tests hold it
// to only 3% (tests/testUtils.py). Our mesh is PyRadiomics 3's (radiomics/src/cshape.c): brain1
// has no cube on which the classic table, cshape.c's table and ours differ, so all three give
// MeshVolume 16147.51 and SurfaceArea 6438.82 (the area of PyRadiomics' older repository baseline,
// 6438.8216037794018); the table applied in any of the 48 axis orders and reflections does not
// give the baseline either. The 51 STS cases match PyRadiomics 3.1 on all 14 shape features to
// 1e-4. So the four mesh-based values, 1.2e-4 to 9.1e-4 off this baseline, are held to a relative
// 1e-3; every other value to 1e-4.
double relative_tolerance(const std::string& feature) {
  for (const char* mesh_based : {"MeshVolume", "SurfaceArea", "SurfaceVolumeRatio", "Sphericity"})
    if (feature == std::string("original_shape_") + mesh_based) return 1e-3;
  return 1e-4;
}

// Compares every "original_<class>_*" baseline value of `config` with the class's output.
void expect_matches_baseline(const std::string& config, const std::string& class_name,
                             const features::RegionData& data) {
  const auto* family = features::find_family(class_name);
  ASSERT_NE(family, nullptr) << class_name << " is not registered";
  std::map<std::string, double> computed;
  for (const auto& value : family->compute(data)) computed["original_" + value.name] = value.value;

  const auto baseline = testing::shared_dir() / "reference/pyradiomics/baseline_brain1.csv";
  const std::string prefix = "original_" + class_name + "_";
  int matched = 0, total = 0;
  std::string mismatches;
  for (const auto& row : testing::read_csv_rows(baseline.string())) {
    if (row.at("config") != config || row.at("feature").rfind(prefix, 0) != 0) continue;
    ++total;
    const double expected = std::stod(row.at("value"));
    const auto found = computed.find(row.at("feature"));
    if (found == computed.end()) {
      mismatches += "  " + row.at("feature") + ": not computed\n";
      continue;
    }
    if (std::abs(found->second - expected) <= relative_tolerance(row.at("feature")) * std::abs(expected)) ++matched;
    else
      mismatches += "  " + row.at("feature") + ": " + std::to_string(found->second) + ", expected " +
                    row.at("value") + "\n";
  }
  std::printf("PyRadiomics %s %s: %d of %d matched\n%s", config.c_str(), class_name.c_str(), matched, total,
              mismatches.c_str());
  EXPECT_GT(total, 0);
  EXPECT_EQ(matched, total) << mismatches;
  EXPECT_EQ(computed.size(), static_cast<std::size_t>(total)) << "features the baseline does not list";
}

TEST(PyRadiomicsBrain1, FirstOrderAndShapeMatchBaseline) {
  RADSTUDY_REQUIRE_SHARED("data/pyradiomics/brain1/image.nrrd");
  RADSTUDY_REQUIRE_SHARED("reference/pyradiomics/baseline_brain1.csv");
  const auto dir = testing::shared_dir() / "data/pyradiomics/brain1";
  const auto image = io::read_image((dir / "image.nrrd").string());
  const auto mask = io::read_label_mask((dir / "label.nrrd").string(), 1);
  // Configuration brain1 (settings_brain1.csv): binWidth 25, voxelArrayShift 2000, no resampling.
  settings::ExtractionSettings settings;
  settings.bin_width = 25.0;
  settings.voxel_array_shift = 2000.0;
  settings.minimum_roi_dimensions = 1;
  const auto region = preprocess::prepare_region(image, mask, settings);
  const features::RegionData data{region.image, region.morphological_mask, region.intensity_mask, settings};
  expect_matches_baseline("brain1", "firstorder", data);
  expect_matches_baseline("brain1", "shape", data);
}

// Configuration brain1_shape2D: a one-slice label on its own grid, corrected onto the image grid,
// shape2D on the axial plane (force2D, force2Ddimension 0).
TEST(PyRadiomicsBrain1, Shape2DMatchesBaseline) {
  RADSTUDY_REQUIRE_SHARED("data/pyradiomics/brain1/label_2d.nrrd");
  RADSTUDY_REQUIRE_SHARED("reference/pyradiomics/baseline_brain1.csv");
  const auto dir = testing::shared_dir() / "data/pyradiomics/brain1";
  const auto image = io::read_image((dir / "image.nrrd").string());
  const auto mask = io::read_label_mask((dir / "label_2d.nrrd").string(), 1);
  const auto settings = settings::load_extraction_settings(std::string(RADSTUDY_SOURCE_DIR) +
                                                           "/configs/pyradiomics/brain1_shape2D.yaml");
  ASSERT_TRUE(settings.force_2d);
  const auto region = preprocess::prepare_region(image, mask, settings);
  const features::RegionData data{region.image, region.morphological_mask, region.intensity_mask, settings};
  expect_matches_baseline("brain1_shape2D", "shape2D", data);
}

}  // namespace
}  // namespace radstudy
