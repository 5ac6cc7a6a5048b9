#include "preprocess/region_perturbation.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "core/errors.hpp"

namespace radstudy::preprocess {
namespace {

std::size_t count(const core::Mask& mask) {
  return static_cast<std::size_t>(std::count(mask.voxels().begin(), mask.voxels().end(), 1));
}

core::Mask cube(const core::Geometry& geometry, long lower, long upper) {
  core::Mask mask(geometry, 0);
  for (long z = lower; z <= upper; ++z)
    for (long y = lower; y <= upper; ++y)
      for (long x = lower; x <= upper; ++x)
        if (mask.contains(x, y, z)) mask.at(std::size_t(x), std::size_t(y), std::size_t(z)) = 1;
  return mask;
}

core::Vec3 centroid(const core::Mask& mask) {
  core::Vec3 sum{0, 0, 0};
  double n = 0;
  for (std::size_t z = 0; z < mask.size()[2]; ++z)
    for (std::size_t y = 0; y < mask.size()[1]; ++y)
      for (std::size_t x = 0; x < mask.size()[0]; ++x)
        if (mask.at(x, y, z)) {
          sum[0] += double(x), sum[1] += double(y), sum[2] += double(z);
          n += 1;
        }
  return {sum[0] / n, sum[1] / n, sum[2] / n};
}

TEST(RegionPerturbation, ParsesSpecificationsWithUniqueNames) {
  const auto perturbations = parse_perturbations("erode,dilate:2,shift,shift,noise:20,dilate:1.5");
  ASSERT_EQ(perturbations.size(), 6u);
  std::vector<std::string> names;
  for (const auto& p : perturbations) names.push_back(p.name);
  EXPECT_EQ(names, (std::vector<std::string>{"erode", "dilate_2mm", "shift", "shift_2", "noise_20", "dilate_1p5mm"}));
  EXPECT_EQ(perturbations[0].kind, PerturbationKind::erode);
  EXPECT_FALSE(perturbations[0].amount.has_value());
  EXPECT_EQ(perturbations[1].amount.value(), 2.0);
  EXPECT_EQ(perturbations[4].kind, PerturbationKind::noise);
  for (const std::string bad : {"", "blur", "erode:x", "erode:-1", "erode:0", "erode,,dilate", "noise:1e999"})
    EXPECT_THROW(parse_perturbations(bad), ConfigError) << bad;
  try {
    parse_perturbations("erode,blur");
  } catch (const ConfigError& error) {
    EXPECT_NE(std::string(error.what()).find("'blur'"), std::string::npos) << error.what();
  }
}

TEST(RegionPerturbation, ErosionAndDilationUseAPhysicalBall) {
  const auto isotropic = core::Geometry{{11, 11, 11}, {1, 1, 1}};
  EXPECT_EQ(count(eroded(cube(isotropic, 3, 7), 1.0)), 27u);  // 5^3 -> 3^3
  const auto point = cube(isotropic, 5, 5);
  EXPECT_EQ(count(dilated(point, 1.0)), 7u);                   // the 6-neighbourhood
  EXPECT_EQ(count(dilated(point, std::sqrt(2.0))), 19u);       // and the 12 edge neighbours
  EXPECT_EQ(count(dilated(point, std::sqrt(3.0))), 27u);
  EXPECT_EQ(count(dilated(point, 2.0)), 33u);                  // radius-2 ball
  // Dilating then eroding a cube by the same ball gives the cube back (closing of a convex set).
  EXPECT_EQ(eroded(dilated(cube(isotropic, 3, 7), 1.0), 1.0).voxels(), cube(isotropic, 3, 7).voxels());

  // Thick slices: a 1 mm ball does not reach the next slice.
  const auto thick = core::Geometry{{11, 11, 11}, {1, 1, 3}};
  EXPECT_EQ(count(dilated(cube(thick, 5, 5), 1.0)), 5u);
  EXPECT_EQ(count(eroded(cube(thick, 3, 7), 1.0)), 3u * 3u * 5u);
  // A 2D image: in-plane only, whatever the slice spacing.
  const auto planar = core::Geometry{{11, 11, 1}, {1, 1, 0.5}};
  core::Mask square(planar, 0);
  for (std::size_t y = 3; y <= 7; ++y)
    for (std::size_t x = 3; x <= 7; ++x) square.at(x, y, 0) = 1;
  EXPECT_EQ(count(eroded(square, 1.0)), 9u);
  EXPECT_EQ(count(dilated(square, 1.0)), 25u + 20u);
  // Outside the image counts as outside the region.
  EXPECT_EQ(count(eroded(cube(isotropic, 0, 4), 1.0)), 27u);
  EXPECT_THROW(eroded(point, 0.0), ConfigError);
}

TEST(RegionPerturbation, ShiftMovesTheRegionAndDropsWhatLeavesTheImage) {
  const auto geometry = core::Geometry{{11, 11, 11}, {1, 1, 1}};
  const auto region = cube(geometry, 4, 6);
  const auto moved = shifted(region, {2, -1, 0});
  EXPECT_EQ(count(moved), 27u);
  const auto before = centroid(region), after = centroid(moved);
  EXPECT_DOUBLE_EQ(after[0] - before[0], 2.0);
  EXPECT_DOUBLE_EQ(after[1] - before[1], -1.0);
  EXPECT_DOUBLE_EQ(after[2] - before[2], 0.0);
  EXPECT_EQ(count(shifted(region, {5, 0, 0})), 18u);  // one face of the cube leaves the image
}

TEST(RegionPerturbation, SeededShiftHasTheRequestedLengthAndRepeats) {
  const auto geometry = core::Geometry{{41, 41, 41}, {0.5, 0.5, 2.0}};
  core::IntensityImage image(geometry, 0.0f);
  const Perturbation shift{PerturbationKind::shift, 3.0, "shift_3mm"};
  std::set<std::array<long, 3>> offsets;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    auto mask = cube(geometry, 18, 22);
    const auto record = apply_perturbation(shift, image, mask, seed);
    auto again = cube(geometry, 18, 22);
    EXPECT_EQ(apply_perturbation(shift, image, again, seed).shift_voxels, record.shift_voxels);
    EXPECT_EQ(again.voxels(), mask.voxels());
    const double length = std::hypot(record.shift_voxels[0] * 0.5, record.shift_voxels[1] * 0.5,
                                     record.shift_voxels[2] * 2.0);
    EXPECT_NEAR(length, 3.0, 1.6) << "rounding to whole voxels moves at most half a voxel per axis";
    EXPECT_EQ(record.voxels_before, record.voxels_after);
    offsets.insert(record.shift_voxels);
  }
  EXPECT_GT(offsets.size(), 10u) << "directions vary with the seed";

  // A shift far below a voxel still moves one voxel, along the largest component.
  auto mask = cube(geometry, 18, 22);
  const auto record = apply_perturbation({PerturbationKind::shift, 0.01, "shift"}, image, mask, 7);
  EXPECT_EQ(std::abs(record.shift_voxels[0]) + std::abs(record.shift_voxels[1]) + std::abs(record.shift_voxels[2]), 1);
  // 2D: in-plane.
  const auto planar = core::Geometry{{41, 41, 1}, {1, 1, 5}};
  core::IntensityImage flat(planar, 0.0f);
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    core::Mask square(planar, 0);
    square.at(20, 20, 0) = 1;
    EXPECT_EQ(apply_perturbation({PerturbationKind::shift, 2.0, "shift"}, flat, square, seed).shift_voxels[2], 0);
  }
}

TEST(RegionPerturbation, NoiseHasTheRequestedSpreadAndKeepsIntegerImagesInteger) {
  const auto geometry = core::Geometry{{64, 64, 32}, {1, 1, 1}};
  core::IntensityImage image(geometry, 40.0f);
  image.set_stored_pixel_type(core::PixelType::Int16);
  auto noisy = image;
  auto mask = cube(geometry, 10, 20);
  const auto record = apply_perturbation({PerturbationKind::noise, 20.0, "noise_20"}, noisy, mask, 11);
  EXPECT_EQ(record.amount, 20.0);
  double sum = 0, squares = 0;
  for (std::size_t k = 0; k < noisy.voxel_count(); ++k) {
    const double difference = double(noisy.voxels()[k]) - 40.0;
    EXPECT_EQ(difference, std::round(difference));
    sum += difference;
    squares += difference * difference;
  }
  const double n = double(noisy.voxel_count());
  EXPECT_NEAR(sum / n, 0.0, 0.3);
  EXPECT_NEAR(std::sqrt(squares / n - (sum / n) * (sum / n)), std::sqrt(20.0 * 20.0 + 1.0 / 12), 0.3);
  EXPECT_EQ(mask.voxels(), cube(geometry, 10, 20).voxels()) << "noise leaves the mask alone";

  auto same = image, other = image;
  apply_perturbation({PerturbationKind::noise, 20.0, "noise_20"}, same, mask, 11);
  apply_perturbation({PerturbationKind::noise, 20.0, "noise_20"}, other, mask, 12);
  EXPECT_EQ(same.voxels(), noisy.voxels());
  EXPECT_NE(other.voxels(), noisy.voxels());

  core::IntensityImage floating(geometry, 40.0f);
  floating.set_stored_pixel_type(core::PixelType::Float32);
  apply_perturbation({PerturbationKind::noise, 20.0, "noise_20"}, floating, mask, 11);
  EXPECT_NE(floating.voxels()[0], std::round(floating.voxels()[0]));
}

TEST(RegionPerturbation, AnErosionThatEmptiesTheRegionIsAnError) {
  const auto geometry = core::Geometry{{11, 11, 11}, {1, 1, 1}};
  core::IntensityImage image(geometry, 0.0f);
  auto mask = cube(geometry, 4, 6);
  try {
    apply_perturbation({PerturbationKind::erode, 2.0, "erode_2mm"}, image, mask, 1);
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("erode_2mm leaves an empty region (27 voxels before)"),
              std::string::npos)
        << error.what();
  }
}

}  // namespace
}  // namespace radstudy::preprocess
