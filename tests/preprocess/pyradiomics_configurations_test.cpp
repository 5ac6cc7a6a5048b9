// The shipped PyRadiomics brain1 configurations prepare their regions as PyRadiomics does
// (voxel counts and intensities recorded in reference/pyradiomics/diagnostics_brain1.csv).
#include <gtest/gtest.h>

#include <algorithm>

#include "core/errors.hpp"
#include "io/image_io.hpp"
#include "preprocess/bounding_box.hpp"
#include "preprocess/intensity_operations.hpp"
#include "preprocess/region_preparation.hpp"
#include "settings/extraction_settings.hpp"
#include "test_data.hpp"

namespace radstudy {
namespace {

std::string shared(const std::string& relative) { return (testing::shared_dir() / relative).string(); }
std::string config(const std::string& name) {
  return std::string(RADSTUDY_SOURCE_DIR) + "/configs/pyradiomics/" + name + ".yaml";
}

struct RegionSummary {
  std::size_t morphological = 0, intensity = 0;
  double mean = 0.0, minimum = 1e300, maximum = -1e300;
};

RegionSummary summarise(const preprocess::PreparedRegion& region) {
  RegionSummary summary;
  double sum = 0.0;
  for (std::size_t k = 0; k < region.image.voxel_count(); ++k) {
    summary.morphological += region.morphological_mask.voxels()[k];
    if (!region.morphological_mask.voxels()[k]) continue;
    const double value = region.image.voxels()[k];
    sum += value;
    summary.minimum = std::min(summary.minimum, value);
    summary.maximum = std::max(summary.maximum, value);
  }
  summary.intensity = preprocess::count_voxels(region.intensity_mask);
  summary.mean = sum / static_cast<double>(summary.morphological);
  return summary;
}

TEST(PyRadiomicsConfigurations, EveryBrain1ConfigurationPreparesItsRegion) {
  RADSTUDY_REQUIRE_SHARED("data/pyradiomics/brain1/image.nrrd");
  const auto image = io::read_image(shared("data/pyradiomics/brain1/image.nrrd"));
  const auto mask = io::read_label_mask(shared("data/pyradiomics/brain1/label.nrrd"), 1);
  EXPECT_EQ(image.stored_pixel_type(), core::PixelType::Int16);
  for (const char* name : {"brain1", "brain1_2d", "brain1_FBN", "brain1_combined", "brain1_flatRegion",
                           "brain1_normalization", "brain1_resegmentation"}) {
    const auto region = preprocess::prepare_region(image, mask, settings::load_extraction_settings(config(name)));
    const auto summary = summarise(region);
    EXPECT_EQ(summary.morphological, 4137u) << name;  // diagnostics_Mask-original_VoxelNum
    if (std::string(name) == "brain1") {
      EXPECT_EQ(summary.intensity, 4137u);
      const auto box = preprocess::find_bounding_box(region.morphological_mask);
      EXPECT_EQ(box.extent(0), 47u);  // diagnostics_Mask-original_BoundingBox (162, 84, 11, 47, 70, 7)
      EXPECT_EQ(box.extent(1), 70u);
      EXPECT_EQ(box.extent(2), 7u);
    }
    // Within 3 sd of the mean: PyRadiomics' firstorder values equal brain1's.
    if (std::string(name) == "brain1_resegmentation") {
      EXPECT_EQ(summary.intensity, 4137u);
    }
    if (std::string(name) == "brain1_normalization") {  // firstorder Mean, Minimum, Maximum of the baseline
      EXPECT_NEAR(summary.mean, 109.19453021538058, 1e-5);
      EXPECT_NEAR(summary.minimum, 20.454728862143927, 1e-5);
      EXPECT_NEAR(summary.maximum, 218.68355580059261, 1e-5);
    }
  }
  const auto resampled =
      summarise(preprocess::prepare_region(image, mask, settings::load_extraction_settings(config("brain1_resampling"))));
  EXPECT_EQ(resampled.morphological, 1915u);  // diagnostics_Mask-interpolated_VoxelNum
  EXPECT_NEAR(resampled.mean, 820.533681462141, 1e-9);
  EXPECT_EQ(resampled.minimum, 481.0);
  EXPECT_EQ(resampled.maximum, 1334.0);
}

// brain1_shape2D: a one-slice mask on its own grid, resampled onto the image (correctMask).
TEST(PyRadiomicsConfigurations, Shape2DCorrectsTheMaskOntoTheImageGrid) {
  RADSTUDY_REQUIRE_SHARED("data/pyradiomics/brain1/label_2d.nrrd");
  const auto image = io::read_image(shared("data/pyradiomics/brain1/image.nrrd"));
  const auto mask = io::read_label_mask(shared("data/pyradiomics/brain1/label_2d.nrrd"), 1);
  auto settings = settings::load_extraction_settings(config("brain1_shape2D"));
  const auto region = preprocess::prepare_region(image, mask, settings);
  const auto summary = summarise(region);
  EXPECT_EQ(summary.morphological, 984u);  // diagnostics_Mask-corrected_VoxelNum
  EXPECT_NEAR(summary.mean, 859.3841463414634, 1e-9);
  EXPECT_EQ(summary.minimum, 546.0);
  EXPECT_EQ(summary.maximum, 1261.0);
  const auto box = preprocess::find_bounding_box(region.morphological_mask);
  EXPECT_EQ(box.extent(0), 45u);
  EXPECT_EQ(box.extent(1), 32u);
  EXPECT_EQ(box.extent(2), 1u);

  settings.correct_mask = false;
  EXPECT_THROW(preprocess::prepare_region(image, mask, settings), InputError);
}

TEST(PyRadiomicsConfigurations, MinimumRoiChecks) {
  RADSTUDY_REQUIRE_SHARED("data/pyradiomics/brain1/label_2d.nrrd");
  const auto image = io::read_image(shared("data/pyradiomics/brain1/image.nrrd"));
  const auto mask = io::read_label_mask(shared("data/pyradiomics/brain1/label_2d.nrrd"), 1);
  auto settings = settings::load_extraction_settings(config("brain1_shape2D"));
  settings.minimum_roi_dimensions = 3;
  EXPECT_THROW(preprocess::prepare_region(image, mask, settings), InputError);
  settings.minimum_roi_dimensions = 2;
  settings.minimum_roi_size = 984;  // PyRadiomics fails when the count is <= the minimum
  EXPECT_THROW(preprocess::prepare_region(image, mask, settings), InputError);
  settings.minimum_roi_size = 983;
  EXPECT_NO_THROW(preprocess::prepare_region(image, mask, settings));
}

}  // namespace
}  // namespace radstudy
