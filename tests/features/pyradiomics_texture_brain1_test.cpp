// PyRadiomics' texture classes (glcm, glrlm, glszm, gldm, ngtdm) on brain1 against PyRadiomics'
// own baseline (reference/pyradiomics/baseline_brain1.csv), to a relative 1e-4, for the
// configurations that need no resampling or normalisation.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <iostream>
#include <map>
#include <string>

#include "features/pyradiomics/glcm_features.hpp"
#include "features/pyradiomics/gldm_features.hpp"
#include "features/pyradiomics/glrlm_features.hpp"
#include "features/pyradiomics/glszm_features.hpp"
#include "features/pyradiomics/ngtdm_features.hpp"
#include "io/image_io.hpp"
#include "preprocess/region_preparation.hpp"
#include "reference_values.hpp"
#include "test_data.hpp"

namespace radstudy {
namespace {

struct Brain1Config {
  std::string name;
  std::function<void(settings::ExtractionSettings&)> configure;
};

void PrintTo(const Brain1Config& config, std::ostream* out) {
  *out << config.name;
}

class PyRadiomicsTextureBrain1 : public ::testing::TestWithParam<Brain1Config> {};

TEST_P(PyRadiomicsTextureBrain1, MatchesBaseline) {
  RADSTUDY_REQUIRE_SHARED("data/pyradiomics/brain1/image.nrrd");
  RADSTUDY_REQUIRE_SHARED("reference/pyradiomics/baseline_brain1.csv");
  const auto shared = testing::shared_dir();
  const auto image = io::read_image((shared / "data/pyradiomics/brain1/image.nrrd").string());
  const auto mask = io::read_label_mask((shared / "data/pyradiomics/brain1/label.nrrd").string(), 1);

  settings::ExtractionSettings settings;  // PyRadiomics defaults: binWidth 25, padDistance 5, distances [1]
  GetParam().configure(settings);
  const auto prepared = preprocess::prepare_region(image, mask, settings);
  const features::RegionData region{prepared.image, prepared.morphological_mask, prepared.intensity_mask,
                                    settings};

  std::map<std::string, double> baseline;
  for (const auto& reference : testing::read_pyradiomics_brain1_baseline())
    if (reference.config == GetParam().name) baseline[reference.feature] = reference.value;

  int total_matched = 0, total_compared = 0;
  for (const auto& family :
       {features::pyradiomics::make_glcm_family(), features::pyradiomics::make_glrlm_family(),
        features::pyradiomics::make_glszm_family(), features::pyradiomics::make_gldm_family(),
        features::pyradiomics::make_ngtdm_family()}) {
    const auto values = family.compute(region);
    ASSERT_EQ(values.size(), family.describe(settings).size());
    int matched = 0, compared = 0;
    for (const auto& computed : values) {
      const auto found = baseline.find("original_" + computed.name);
      if (found == baseline.end()) continue;
      ++compared;
      const double expected = found->second;
      if (testing::within_relative(computed.value, expected, testing::kPyRadiomicsRelativeTolerance))
        ++matched;
      else
        ADD_FAILURE() << GetParam().name << " " << computed.name << ": computed " << computed.value
                      << ", baseline " << expected;
    }
    // Every baseline value of the class must have been produced.
    int expected_count = 0;
    for (const auto& [name, unused] : baseline)
      if (name.rfind("original_" + family.name + "_", 0) == 0) ++expected_count;
    EXPECT_EQ(compared, expected_count) << family.name;
    std::cout << GetParam().name << " " << family.name << ": " << matched << " of " << compared
              << " matched\n";
    total_matched += matched;
    total_compared += compared;
  }
  std::cout << GetParam().name << " texture: " << total_matched << " of " << total_compared << " matched\n";
  EXPECT_GT(total_compared, 0);
}

INSTANTIATE_TEST_SUITE_P(
    Configurations, PyRadiomicsTextureBrain1,
    ::testing::Values(Brain1Config{"brain1", [](settings::ExtractionSettings&) {}},
                      Brain1Config{"brain1_2d", [](settings::ExtractionSettings& s) { s.force_2d = true; }},
                      Brain1Config{"brain1_FBN",
                                   [](settings::ExtractionSettings& s) {
                                     s.bin_count = 64;
                                     s.bin_width.reset();
                                   }},
                      Brain1Config{
                          "brain1_combined",
                          [](settings::ExtractionSettings& s) { s.weighting_norm = "no_weighting"; }},
                      Brain1Config{"brain1_flatRegion",
                                   [](settings::ExtractionSettings& s) {
                                     s.bin_width = 5000;
                                     s.resegment_range = {0};
                                   }}),
    [](const ::testing::TestParamInfo<Brain1Config>& info) { return info.param.name; });

}  // namespace
}  // namespace radstudy
