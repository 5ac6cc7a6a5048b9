// The IBSI 1 digital phantom: radstudy's non-texture IBSI families (morph, loc, stat, ih, ivh)
// against the digital_phantom rows of reference_values.csv.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <tuple>

#include "features/feature_family.hpp"
#include "io/image_io.hpp"
#include "preprocess/region_preparation.hpp"
#include "reference_values.hpp"
#include "settings/extraction_settings.hpp"
#include "test_data.hpp"

namespace radstudy {
namespace {

const std::map<std::string, std::string> kFamilyOfReference = {
    {"Morphological", "morph"},
    {"Local intensity", "loc"},
    {"Intensity-based statistical", "stat"},
    {"Intensity histogram", "ih"},
    {"Intensity-volume histogram", "ivh"},
};

TEST(IbsiDigitalPhantom, NonTextureFamiliesMatchReferenceValues) {
  RADSTUDY_REQUIRE_SHARED("data/ibsi1/digital_phantom/image.nii.gz");
  RADSTUDY_REQUIRE_SHARED("reference/ibsi1/reference_values.csv");
  const auto shared = testing::shared_dir();
  const auto image = io::read_image((shared / "data/ibsi1/digital_phantom/image.nii.gz").string());
  const auto mask = io::read_label_mask((shared / "data/ibsi1/digital_phantom/mask.nii.gz").string(), 1);

  // Digital phantom: no processing; fixed bin size 1 from the minimum (grey level = intensity);
  // the IVH uses the intensities as they are.
  settings::ExtractionSettings settings;
  settings.bin_width = 1.0;
  settings.discretisation = settings::DiscretisationConvention::Ibsi;
  const auto region = preprocess::prepare_region(image, mask, settings);
  const features::RegionData data{region.image, region.morphological_mask, region.intensity_mask, settings};

  // Computed values by (family, IBSI key, aggregation).
  std::map<std::tuple<std::string, std::string, std::string>, std::pair<std::string, double>> computed;
  for (const auto& [reference_family, family_name] : kFamilyOfReference) {
    const auto* family = features::find_family(family_name);
    if (!family) {
      ADD_FAILURE() << "feature class " << family_name << " is not registered";
      continue;
    }
    const auto descriptions = family->describe(settings);
    const auto values = family->compute(data);
    ASSERT_EQ(descriptions.size(), values.size()) << family_name;
    for (std::size_t k = 0; k < values.size(); ++k)
      if (!descriptions[k].ibsi_key.empty())
        computed[{family_name, descriptions[k].ibsi_key, descriptions[k].ibsi_aggregation}] = {
            values[k].name, values[k].value};
  }

  testing::Tally tally;
  std::string mismatches;
  for (const auto& reference : testing::read_ibsi_reference_values()) {
    if (reference.data != "digital_phantom") continue;
    const auto family = kFamilyOfReference.find(reference.family);
    if (family == kFamilyOfReference.end()) continue;
    const auto found = computed.find({family->second, reference.key, reference.aggregation});
    if (found == computed.end()) {
      tally.add(false);
      mismatches += "  " + reference.key + " (" + reference.feature + "): not computed\n";
      continue;
    }
    const double value = found->second.second;
    const bool match = testing::within_tolerance(value, reference.value, reference.tolerance);
    tally.add(match);
    if (!match)
      mismatches += "  " + reference.key + " " + found->second.first + ": " + testing::number_text(value) +
                    ", expected " + reference.text + " +- " + testing::number_text(reference.tolerance) +
                    "\n";
  }
  testing::print_tally("IBSI digital phantom (morph, loc, stat, ih, ivh)", tally);
  std::printf("%s", mismatches.c_str());
  EXPECT_GT(tally.total, 0u);
  EXPECT_TRUE(tally.complete()) << mismatches;
}

}  // namespace
}  // namespace radstudy
