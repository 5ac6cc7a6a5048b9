// The IBSI texture families on the IBSI 1 digital phantom against the reference values
// (digital_phantom rows of reference/ibsi1/reference_values.csv), every aggregation method.
#include <gtest/gtest.h>

#include <cmath>
#include <iostream>
#include <map>
#include <string>

#include "features/ibsi/cm_features.hpp"
#include "features/ibsi/dzm_features.hpp"
#include "features/ibsi/ngl_features.hpp"
#include "features/ibsi/ngt_features.hpp"
#include "features/ibsi/rlm_features.hpp"
#include "features/ibsi/szm_features.hpp"
#include "io/image_io.hpp"
#include "reference_values.hpp"
#include "test_data.hpp"

namespace radstudy {
namespace {

TEST(IbsiTexturePhantom, AllAggregationsMatchReferenceValues) {
  RADSTUDY_REQUIRE_SHARED("data/ibsi1/digital_phantom/image.nii.gz");
  RADSTUDY_REQUIRE_SHARED("reference/ibsi1/reference_values.csv");
  const auto shared = testing::shared_dir();
  const auto image = io::read_image((shared / "data/ibsi1/digital_phantom/image.nii.gz").string());
  const auto mask = io::read_label_mask((shared / "data/ibsi1/digital_phantom/mask.nii.gz").string(), 1);

  settings::ExtractionSettings settings;
  settings.discretisation = settings::DiscretisationConvention::Ibsi;  // bins start at the region minimum
  settings.bin_width = 1.0;
  settings.distances = {1};
  settings.gldm_a = 0;
  settings.texture_aggregation = {"2Davg", "2Dsmrg", "25Ddmrg", "25Dmrg", "3Davg", "3Dmrg"};
  const features::RegionData region{image, mask, mask, settings};

  std::map<std::pair<std::string, std::string>, testing::IbsiReferenceValue> reference;  // (key, aggregation)
  for (const auto& value : testing::read_ibsi_reference_values())
    if (value.data == "digital_phantom" && !value.aggregation.empty())
      reference[{value.key, value.aggregation}] = value;

  int total_matched = 0, total_compared = 0;
  for (const auto& family : {features::ibsi::make_cm_family(), features::ibsi::make_rlm_family(),
                             features::ibsi::make_szm_family(), features::ibsi::make_dzm_family(),
                             features::ibsi::make_ngt_family(), features::ibsi::make_ngl_family()}) {
    const auto descriptions = family.describe(settings);
    const auto values = family.compute(region);
    ASSERT_EQ(descriptions.size(), values.size()) << family.name;
    int matched = 0, compared = 0;
    for (std::size_t k = 0; k < values.size(); ++k) {
      ASSERT_EQ(descriptions[k].name, values[k].name);
      const auto found = reference.find({descriptions[k].ibsi_key, descriptions[k].ibsi_aggregation});
      if (found == reference.end()) continue;
      ++compared;
      if (testing::within_tolerance(values[k].value, found->second.value, found->second.tolerance)) {
        ++matched;
      } else {
        ADD_FAILURE() << values[k].name << " (" << descriptions[k].ibsi_key << ", "
                      << descriptions[k].ibsi_aggregation << "): computed " << values[k].value
                      << ", reference " << found->second.text << " +/- " << found->second.tolerance;
      }
    }
    std::cout << family.name << ": " << matched << " of " << compared << " matched\n";
    total_matched += matched;
    total_compared += compared;
  }
  std::cout << "IBSI texture, digital phantom: " << total_matched << " of " << total_compared << " matched\n";
  EXPECT_EQ(total_compared, 408);  // 150 cm + 96 rlm + 48 szm + 48 dzm + 15 ngt + 51 ngl reference values
}

}  // namespace
}  // namespace radstudy
