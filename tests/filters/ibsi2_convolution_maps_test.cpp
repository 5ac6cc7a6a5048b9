// IBSI 2 phase 1, convolutional filters (mean, LoG, Laws, Gabor): each shipped configuration
// (configs/ibsi2/phase1/<test>.yaml) filters its digital phantom, as a whole image without a mask, and
// every voxel must lie within 1% of the reference map's range (max - min) of the consensus map.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "filters/filter_registry.hpp"
#include "io/image_io.hpp"
#include "settings/extraction_settings.hpp"
#include "test_data.hpp"

namespace radstudy {
namespace {

const std::vector<std::string> kConvolutionTests = {
    "1.a.1", "1.a.2", "1.a.3", "1.a.4", "1.b.1", "2.a",   "2.b",   "2.c",   "3.a.1", "3.a.2", "3.a.3",
    "3.b.1", "3.b.2", "3.b.3", "3.c.1", "3.c.2", "3.c.3", "4.a.1", "4.a.2", "4.b.1", "4.b.2"};

// test id -> phantom, from reference/ibsi2/tests.csv.
std::map<std::string, std::string> phantoms_by_test() {
  std::ifstream file(testing::shared_dir() / "reference/ibsi2/tests.csv");
  std::map<std::string, std::string> phantoms;
  std::string line;
  std::getline(file, line);  // header
  while (std::getline(file, line)) {
    std::stringstream fields(line);
    std::string id, phantom;
    std::getline(fields, id, ',');
    std::getline(fields, phantom, ',');
    phantoms[id] = phantom;
  }
  return phantoms;
}

struct MapComparison {
  double largest_difference = 0;
  double tolerance = 0;
  std::size_t voxels_outside = 0;
};

MapComparison filter_and_compare(const std::string& test_id, const std::string& phantom) {
  const auto settings = settings::load_extraction_settings(std::string(RADSTUDY_SOURCE_DIR) +
                                                           "/configs/ibsi2/phase1/" + test_id + ".yaml");
  EXPECT_EQ(settings.image_types.size(), 1u) << test_id;
  const auto filter = filters::make_filter(settings.image_types.front(), settings);
  const auto image = io::read_image(
      (testing::shared_dir() / "data/ibsi2/digital_phantoms" / phantom / "image.nii.gz").string());
  std::string reference_name = test_id;
  std::replace(reference_name.begin(), reference_name.end(), '.', '_');
  const auto reference = io::read_image(
      (testing::shared_dir() / "reference/ibsi2/response_maps" / (reference_name + "-ValidCRM.nii.gz"))
          .string());
  const core::Mask whole(image.geometry(), 1);
  MapComparison comparison;
  int yields = 0;
  filter->apply(image, whole, [&](const std::string&, const core::IntensityImage& response) {
    ++yields;
    EXPECT_TRUE(response.geometry().same_grid(reference.geometry())) << test_id;
    const auto [low, high] = std::minmax_element(reference.voxels().begin(), reference.voxels().end());
    comparison.tolerance = 0.01 * (*high - *low);
    for (std::size_t k = 0; k < response.voxel_count(); ++k) {
      const double difference = std::abs(static_cast<double>(response.voxels()[k]) - reference.voxels()[k]);
      comparison.largest_difference = std::max(comparison.largest_difference, difference);
      if (difference > comparison.tolerance) ++comparison.voxels_outside;
    }
  });
  EXPECT_EQ(yields, 1) << test_id;
  return comparison;
}

TEST(Ibsi2ConvolutionMaps, EveryPhaseOneMapWithinOnePercentOfTheReferenceRange) {
  RADSTUDY_REQUIRE_SHARED("reference/ibsi2/tests.csv");
  RADSTUDY_REQUIRE_SHARED("reference/ibsi2/response_maps/1_a_1-ValidCRM.nii.gz");
  const auto phantoms = phantoms_by_test();
  int passed = 0;
  for (const auto& test_id : kConvolutionTests) {
    ASSERT_TRUE(phantoms.count(test_id)) << test_id << " is not in tests.csv";
    const auto comparison = filter_and_compare(test_id, phantoms.at(test_id));
    const bool pass = comparison.voxels_outside == 0;
    passed += pass;
    std::printf("  %-6s %-12s largest difference %.6g (tolerance %.6g): %s\n", test_id.c_str(),
                phantoms.at(test_id).c_str(), comparison.largest_difference, comparison.tolerance,
                pass ? "pass" : "FAIL");
    EXPECT_TRUE(pass) << test_id << ": " << comparison.voxels_outside << " voxels differ by more than "
                      << comparison.tolerance << " (largest " << comparison.largest_difference << ")";
  }
  std::printf("%d of %zu maps\n", passed, kConvolutionTests.size());
}

}  // namespace
}  // namespace radstudy
