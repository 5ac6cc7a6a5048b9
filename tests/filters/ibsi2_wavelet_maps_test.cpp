// IBSI 2 phase 1, separable wavelets (tests 5.a.1-7.a.2): configs/ibsi2/phase1/<id>.yaml applied to the
// phantom of ../shared/reference/ibsi2/tests.csv (the whole image is the region), compared with the
// reference response map: every voxel within 1% of the map's range.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "filters/filter_registry.hpp"
#include "io/image_io.hpp"
#include "settings/extraction_settings.hpp"
#include "test_data.hpp"

namespace radstudy {
namespace {

// test id -> phantom name, from the reference table.
std::map<std::string, std::string> phantoms_by_test() {
  std::ifstream table(testing::shared_dir() / "reference/ibsi2/tests.csv");
  std::map<std::string, std::string> phantoms;
  std::string line;
  std::getline(table, line);
  while (std::getline(table, line)) {
    std::stringstream fields(line);
    std::string id, phantom;
    std::getline(fields, id, ',');
    std::getline(fields, phantom, ',');
    phantoms[id] = phantom;
  }
  return phantoms;
}

struct MapComparison {
  std::size_t voxels = 0, within = 0;
  double worst = 0, range = 0;
};

MapComparison compare_with_reference(const std::string& test_id) {
  const auto phantoms = phantoms_by_test();
  const std::string phantom = phantoms.at(test_id);
  const auto settings = settings::load_extraction_settings(std::string(RADSTUDY_SOURCE_DIR) +
                                                           "/configs/ibsi2/phase1/" + test_id + ".yaml");
  EXPECT_EQ(settings.image_types.size(), 1u);
  const auto filter = filters::make_filter(settings.image_types.front(), settings);
  const auto image = io::read_image(
      (testing::shared_dir() / "data/ibsi2/digital_phantoms" / phantom / "image.nii.gz").string());
  std::string map_name = test_id;
  std::replace(map_name.begin(), map_name.end(), '.', '_');
  const auto reference = io::read_image(
      (testing::shared_dir() / "reference/ibsi2/response_maps" / (map_name + "-ValidCRM.nii.gz")).string());
  const core::Mask whole(image.geometry(), 1);
  MapComparison comparison;
  int yielded = 0;
  filter->apply(image, whole, [&](const std::string&, const core::IntensityImage& response) {
    ++yielded;
    EXPECT_EQ(response.size(), reference.size());
    if (response.size() != reference.size()) return;
    const auto [low, high] = std::minmax_element(reference.voxels().begin(), reference.voxels().end());
    comparison.range = static_cast<double>(*high) - static_cast<double>(*low);
    for (std::size_t k = 0; k < response.voxel_count(); ++k) {
      const double difference = std::abs(static_cast<double>(response.voxels()[k]) - reference.voxels()[k]);
      comparison.worst = std::max(comparison.worst, difference);
      ++comparison.voxels;
      if (difference <= 0.01 * comparison.range) ++comparison.within;
    }
  });
  EXPECT_EQ(yielded, 1);
  return comparison;
}

TEST(Ibsi2WaveletMaps, Phase1SeparableWaveletMapsMatchTheReference) {
  RADSTUDY_REQUIRE_SHARED("reference/ibsi2/tests.csv");
  int passed = 0;
  const std::vector<std::string> tests = {"5.a.1", "5.a.2", "6.a.1", "6.a.2", "7.a.1", "7.a.2"};
  for (const auto& id : tests) {
    const auto comparison = compare_with_reference(id);
    const bool pass = comparison.voxels > 0 && comparison.within == comparison.voxels;
    passed += pass;
    std::cout << fmt::format(
        "{}: {} of {} voxels within 1% of the range {:.6g} (worst difference {:.3g}){}\n", id,
        comparison.within, comparison.voxels, comparison.range, comparison.worst, pass ? "" : " FAILED");
    EXPECT_TRUE(pass) << id;
  }
  std::cout << passed << " of " << tests.size() << " maps\n";
}

}  // namespace
}  // namespace radstudy
