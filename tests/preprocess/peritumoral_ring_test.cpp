#include "preprocess/peritumoral_ring.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/errors.hpp"
#include "settings/extraction_settings.hpp"

namespace {

using radstudy::core::Geometry;
using radstudy::core::IntensityImage;
using radstudy::core::Mask;

Geometry grid(std::size_t nx, std::size_t ny, std::size_t nz, double sx, double sy, double sz) {
  Geometry geometry;
  geometry.size = {nx, ny, nz};
  geometry.spacing = {sx, sy, sz};
  return geometry;
}

TEST(PeritumoralRing, DistanceEqualsBruteForceOnAnAnisotropicGrid) {
  Mask mask(grid(13, 11, 7, 0.7, 1.3, 3.0));
  // An irregular region: three separate voxels and a small block.
  mask.at(2, 3, 1) = mask.at(10, 9, 5) = mask.at(6, 0, 6) = 1;
  for (int x = 5; x < 8; ++x)
    for (int y = 4; y < 6; ++y) mask.at(x, y, 3) = 1;
  const auto distance = radstudy::preprocess::squared_distance_to_region_mm(mask);
  for (std::size_t z = 0; z < 7; ++z)
    for (std::size_t y = 0; y < 11; ++y)
      for (std::size_t x = 0; x < 13; ++x) {
        double best = std::numeric_limits<double>::infinity();
        for (std::size_t k = 0; k < mask.voxel_count(); ++k) {
          if (!mask.voxels()[k]) continue;
          const double qx = static_cast<double>(k % 13), qy = static_cast<double>((k / 13) % 11),
                       qz = static_cast<double>(k / 143);
          const double dx = (static_cast<double>(x) - qx) * 0.7, dy = (static_cast<double>(y) - qy) * 1.3,
                       dz = (static_cast<double>(z) - qz) * 3.0;
          best = std::min(best, dx * dx + dy * dy + dz * dz);
        }
        EXPECT_NEAR(distance[mask.linear_index(x, y, z)], best, 1e-9) << x << "," << y << "," << z;
      }
}

TEST(PeritumoralRing, IsABallInMillimetresWithoutTheRegion) {
  // One voxel on a 1 x 1 x 2 mm grid: a 2 mm ring holds the voxels within 2 mm, i.e. the in-plane disc of
  // radius 2 (12 voxels besides the centre) and the two voxels above and below.
  Mask mask(grid(9, 9, 5, 1, 1, 2));
  mask.at(4, 4, 2) = 1;
  IntensityImage image(mask.geometry(), 0.0f);
  const auto ring = radstudy::preprocess::peritumoral_ring(mask, 2.0, image, {});
  EXPECT_EQ(ring.at(4, 4, 2), 0);
  int count = 0;
  for (auto voxel : ring.voxels()) count += voxel;
  EXPECT_EQ(count, 12 + 2);
  EXPECT_EQ(ring.at(4, 4, 3), 1);
  EXPECT_EQ(ring.at(6, 4, 2), 1);
  EXPECT_EQ(ring.at(6, 5, 2), 0);  // sqrt(5) mm > 2 mm
}

TEST(PeritumoralRing, IntensityRangeKeepsOnlyVoxelsInside) {
  Mask mask(grid(7, 7, 1, 1, 1, 1));
  mask.at(3, 3, 0) = 1;
  IntensityImage image(mask.geometry(), 100.0f);
  image.at(4, 3, 0) = -500.0f;  // air next to the region
  image.at(2, 3, 0) = 1200.0f;  // bone
  const auto ring = radstudy::preprocess::peritumoral_ring(mask, 1.0, image, {-150, 250});
  EXPECT_EQ(ring.at(4, 3, 0), 0);
  EXPECT_EQ(ring.at(2, 3, 0), 0);
  EXPECT_EQ(ring.at(3, 4, 0), 1);
  EXPECT_EQ(ring.at(3, 2, 0), 1);
}

TEST(RegionSettings, AreReadAndChecked) {
  using radstudy::settings::parse_extraction_settings;
  const auto settings = parse_extraction_settings(
      "regions:\n  tumour:\n  ring5mm: {ring: 5, intensityRange: [-150, 250]}\n", "p.yaml");
  ASSERT_EQ(settings.regions.size(), 2u);
  EXPECT_EQ(settings.regions[1].name, "ring5mm");
  EXPECT_EQ(settings.regions[1].ring_mm, 5.0);
  auto message = [](const std::string& yaml) {
    try {
      parse_extraction_settings(yaml, "p.yaml");
    } catch (const radstudy::ConfigError& error) {
      return std::string(error.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message("regions:\n  ring_5: {ring: 5}\n").find("letters, digits"), std::string::npos);
  EXPECT_NE(message("regions:\n  r: {ring: -1}\n").find("regions.r.ring"), std::string::npos);
  EXPECT_NE(message("regions:\n  r: {ring: 500}\n").find("at most 100"), std::string::npos);
  EXPECT_NE(message("regions:\n  r: {ring: 5, intensityRange: [250, -150]}\n").find("lower <= upper"),
            std::string::npos);
  EXPECT_NE(message("regions:\n  r: {rim: 5}\n").find("unknown key"), std::string::npos);
  EXPECT_NE(message("regions:\n  t: {intensityRange: [0, 1]}\n").find("applies to a ring"),
            std::string::npos);
  EXPECT_NE(message("regions:\n  t:\n  t:\n").find("listed twice"), std::string::npos);
}

}  // namespace
