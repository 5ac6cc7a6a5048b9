// IBSI 2 phase 1 maps of the Fourier-domain image types (Simoncelli, Riesz) through the library: each
// shipped configs/ibsi2/phase1/<test_id>.yaml is parsed, its filter made and applied to the whole phantom,
// and every voxel must lie within 1% of the reference map's range (the IBSI 2 pass rule).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>

#include "filters/filter_registry.hpp"
#include "io/image_io.hpp"
#include "settings/extraction_settings.hpp"
#include "test_data.hpp"

namespace {

namespace fs = std::filesystem;
using radstudy::testing::shared_dir;

struct FourierMap {
  const char* id;       // test id (config name)
  const char* phantom;  // as tests.csv names it
};

constexpr FourierMap kMaps[] = {{"8.a.1", "checkerboard"}, {"8.a.2", "checkerboard"},
                                {"8.a.3", "checkerboard"}, {"9.a", "impulse"},
                                {"9.b.1", "sphere"},       {"10.b.1", "pattern_1"}};

TEST(Ibsi2FourierMaps, SimoncelliAndRieszMapsMatchTheReference) {
  RADSTUDY_REQUIRE_SHARED("reference/ibsi2/response_maps/10_b_1-ValidCRM.nii.gz");
  int passed = 0;
  for (const auto& map : kMaps) {
    SCOPED_TRACE(std::string("test ") + map.id);
    const fs::path config =
        fs::path(RADSTUDY_SOURCE_DIR) / "configs/ibsi2/phase1" / (std::string(map.id) + ".yaml");
    const auto settings = radstudy::settings::load_extraction_settings(config.string());
    ASSERT_EQ(settings.image_types.size(), 1u);
    const auto filter = radstudy::filters::make_filter(settings.image_types.front(), settings);
    const auto image = radstudy::io::read_image(
        (shared_dir() / "data/ibsi2/digital_phantoms" / map.phantom / "image.nii.gz").string());
    std::string id_file = map.id;
    std::replace(id_file.begin(), id_file.end(), '.', '_');
    const auto reference = radstudy::io::read_image(
        (shared_dir() / "reference/ibsi2/response_maps" / (id_file + "-ValidCRM.nii.gz")).string());
    const radstudy::core::Mask whole(image.geometry(), 1);
    int yields = 0;
    filter->apply(image, whole, [&](const std::string&, const radstudy::core::IntensityImage& response) {
      ++yields;
      ASSERT_EQ(response.size(), reference.size());
      const auto [low, high] = std::minmax_element(reference.voxels().begin(), reference.voxels().end());
      const double range = static_cast<double>(*high) - static_cast<double>(*low);
      double worst = 0;
      for (std::size_t k = 0; k < reference.voxel_count(); ++k) {
        const double difference = std::abs(static_cast<double>(response.voxels()[k]) - reference.voxels()[k]);
        worst = std::max(worst, std::isnan(difference) ? INFINITY : difference);
      }
      std::printf("  %-7s largest difference %.4f%% of the reference range\n", map.id, 100.0 * worst / range);
      EXPECT_LE(worst, 0.01 * range) << "largest difference " << worst << ", range " << range;
      passed += worst <= 0.01 * range;
    });
    EXPECT_EQ(yields, 1);
  }
  std::printf("IBSI 2 Fourier filters: %d of 6 maps within 1%% of the reference range\n", passed);
}

}  // namespace
