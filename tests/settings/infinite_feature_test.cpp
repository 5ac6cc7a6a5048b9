// Extraction never writes an infinite feature: the parser refuses a voxelArrayShift that would
// overflow Energy, and should an infinity still come out of a computation, the case fails with an
// error naming the feature (NaN stays the value of an undefined feature).
#include <gtest/gtest.h>

#include <filesystem>

#include "cli/cli_runner.hpp"
#include "io/image_io.hpp"
#include "settings/extraction_settings.hpp"
#include "study/case_extraction.hpp"
#include "study/synthetic_cohort.hpp"

using namespace radstudy;

TEST(InfiniteFeature, OverflowingFeatureIsACaseErrorNamingIt) {
  const auto directory = radstudy::testing::fresh_directory("infinite_feature");
  study::SyntheticCohortOptions options;
  options.size = {48, 48, 16};
  const auto patient = study::make_synthetic_case(0, options);
  const study::CaseSpec spec{"P1", (directory / "image.nii.gz").string(),
                             (directory / "mask.nii.gz").string(), "", std::nullopt};
  io::write_image(patient.image, spec.image);
  io::write_mask(patient.mask, spec.mask);

  auto settings = settings::parse_extraction_settings("featureClass:\n  firstorder:\n", "params.yaml");
  const auto columns = study::feature_columns(settings);
  const auto good = study::extract_case(spec, settings, columns, false);
  ASSERT_EQ(good.error, "");

  // What `voxelArrayShift: 1e308` gave before the parser refused it: Energy = sum (x + c)^2 = Inf.
  settings.voxel_array_shift = 1e308;
  const auto overflowed = study::extract_case(spec, settings, columns, false);
  EXPECT_TRUE(overflowed.values.empty());
  EXPECT_NE(overflowed.error.find("original_firstorder_Energy is infinite"), std::string::npos)
      << overflowed.error;
  EXPECT_NE(overflowed.error.find("P1"), std::string::npos) << overflowed.error;
  EXPECT_FALSE(overflowed.settings_error);
  std::filesystem::remove_all(directory);
}
