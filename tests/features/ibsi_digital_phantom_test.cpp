// The IBSI 1 digital phantom: radstudy's non-texture IBSI families (morph, loc, stat, ih, ivh)
// against the digital_phantom rows of reference_values.csv.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>
#include <cstdio>
#include <string>
#include <tuple>

#include "features/feature_family.hpp"
#include "features/reference_table.hpp"
#include "io/image_io.hpp"
#include "preprocess/region_preparation.hpp"
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
        computed[{family_name, descriptions[k].ibsi_key, descriptions[k].ibsi_aggregation}] = {values[k].name,
                                                                                             values[k].value};
  }

  int matched = 0, total = 0;
  std::string mismatches;
  for (const auto& row : testing::read_csv_rows((shared / "reference/ibsi1/reference_values.csv").string())) {
    if (row.at("data") != "digital_phantom") continue;
    const auto family = kFamilyOfReference.find(row.at("family"));
    if (family == kFamilyOfReference.end()) continue;
    ++total;
    const double expected = std::stod(row.at("value"));
    const double tolerance = row.at("tolerance").empty() ? testing::written_precision(row.at("value"))
                                                         : std::stod(row.at("tolerance"));
    const auto found = computed.find({family->second, row.at("key"), row.at("aggregation")});
    if (found == computed.end()) {
      mismatches += "  " + row.at("key") + " (" + row.at("feature") + "): not computed\n";
      continue;
    }
    const double value = found->second.second;
    if (std::abs(value - expected) <= tolerance * (1 + 1e-12)) {
      ++matched;
    } else {
      mismatches += "  " + row.at("key") + " " + found->second.first + ": " + std::to_string(value) +
                    ", expected " + row.at("value") + " +- " + std::to_string(tolerance) + "\n";
    }
  }
  std::printf("IBSI digital phantom (morph, loc, stat, ih, ivh): %d of %d matched\n%s", matched, total,
              mismatches.c_str());
  EXPECT_GT(total, 0);
  EXPECT_EQ(matched, total) << mismatches;
}

}  // namespace
}  // namespace radstudy
