#include "features/ibsi/spatial_autocorrelation.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "core/seeded_random.hpp"

namespace radstudy::features::ibsi {
namespace {

TEST(SpatialAutocorrelation, TwoVoxelsAreAsAnticorrelatedAsCanBe) {
  const auto geometry = core::Geometry{{4, 3, 2}, {0.7, 1.3, 2.0}};
  core::IntensityImage image(geometry, 0.0f);
  core::Mask mask(geometry, 0);
  mask.at(0, 0, 0) = mask.at(3, 2, 1) = 1;
  image.at(0, 0, 0) = 10.0f;
  image.at(3, 2, 1) = -4.0f;
  const auto [moran, geary] = spatial_autocorrelation(image, mask);
  EXPECT_NEAR(moran, -1.0, 1e-12);
  EXPECT_NEAR(geary, 1.0, 1e-12);
  mask.at(3, 2, 1) = 0;
  EXPECT_TRUE(std::isnan(spatial_autocorrelation(image, mask).first)) << "one voxel";
  mask.at(3, 2, 1) = 1;
  image.at(3, 2, 1) = 10.0f;
  EXPECT_TRUE(std::isnan(spatial_autocorrelation(image, mask).second)) << "constant region";
}

// The FFT sums against the direct pair sums on random regions: smooth, checkerboard and noise fields,
// isotropic, anisotropic and single-slice grids.
TEST(SpatialAutocorrelation, FftEqualsThePairSum) {
  core::SeededRandom random(5);
  struct Case {
    core::Size3 size;
    core::Vec3 spacing;
  };
  int compared = 0;
  for (const Case& grid_case : {Case{{9, 7, 5}, {1, 1, 1}}, Case{{13, 11, 4}, {0.7, 0.7, 3.0}},
                                Case{{17, 15, 1}, {0.5, 0.8, 1.0}}, Case{{6, 20, 9}, {2.0, 0.9, 1.1}}}) {
    const auto geometry = core::Geometry{grid_case.size, grid_case.spacing};
    for (int field = 0; field < 3; ++field) {
      core::IntensityImage image(geometry, 0.0f);
      core::Mask mask(geometry, 0);
      for (std::size_t z = 0; z < grid_case.size[2]; ++z)
        for (std::size_t y = 0; y < grid_case.size[1]; ++y)
          for (std::size_t x = 0; x < grid_case.size[0]; ++x) {
            mask.at(x, y, z) = random.uniform() < 0.7 ? 1 : 0;
            const double smooth = 3.0 * double(x) - 2.0 * double(y) + double(z);
            const double checker = ((x + y + z) % 2 == 0) ? 50.0 : -50.0;
            image.at(x, y, z) = static_cast<float>(field == 0   ? smooth + random.normal()
                                                   : field == 1 ? checker
                                                                : std::round(100 * random.normal()));
          }
      const auto [moran, geary] = spatial_autocorrelation(image, mask);
      const auto [moran_pairs, geary_pairs] = spatial_autocorrelation_by_pairs(image, mask);
      EXPECT_NEAR(moran, moran_pairs, 1e-11 * std::max(1.0, std::abs(moran_pairs))) << field;
      EXPECT_NEAR(geary, geary_pairs, 1e-11 * std::max(1.0, std::abs(geary_pairs))) << field;
      if (field == 0) {
        EXPECT_GT(moran, 0.05) << "a smooth field is positively autocorrelated";
      }
      if (field == 1) {
        EXPECT_LT(moran, 0.0) << "a checkerboard is negatively autocorrelated";
      }
      compared += 2;
    }
  }
  EXPECT_EQ(compared, 24);
}

}  // namespace
}  // namespace radstudy::features::ibsi
