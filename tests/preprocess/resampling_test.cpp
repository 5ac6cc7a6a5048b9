// Resampling: agreement with ITK's ResampleImageFilter (the oracle in src/io), PyRadiomics'
// resampling grid on brain1 (its recorded diagnostics), and the IBSI grid of configurations B/C.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "io/image_io.hpp"
#include "io/itk_reference_resampler.hpp"
#include "preprocess/bounding_box.hpp"
#include "preprocess/bspline_coefficients.hpp"
#include "preprocess/region_preparation.hpp"
#include "preprocess/resampling.hpp"
#include "settings/extraction_settings.hpp"
#include "test_data.hpp"

namespace radstudy {
namespace {

using preprocess::EdgeMode;
using settings::Interpolator;

std::string shared(const std::string& relative) { return (testing::shared_dir() / relative).string(); }

TEST(BSplineCoefficients, ReproduceTheSamplesAtTheGridPoints) {
  std::vector<double> samples = {3, -1, 4, 1, -5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4, 6, 2, 6, 4};
  for (std::size_t length : {std::size_t{2}, std::size_t{5}, std::size_t{17}, samples.size()}) {
    std::vector<double> coefficients(samples.begin(), samples.begin() + static_cast<long>(length));
    std::vector<double> scratch(length);
    preprocess::cubic_bspline_coefficients_1d(coefficients.data(), length, 1, scratch.data());
    auto mirrored = [&](long k) {
      if (k < 0) k = -k;
      if (k > static_cast<long>(length) - 1) k = 2 * (static_cast<long>(length) - 1) - k;
      return coefficients[static_cast<std::size_t>(k)];
    };
    for (long k = 0; k < static_cast<long>(length); ++k) {
      const double value = (mirrored(k - 1) + 4 * mirrored(k) + mirrored(k + 1)) / 6.0;
      // Lines longer than ITK's horizon (18) use its truncated causal initialisation.
      EXPECT_NEAR(value, samples[static_cast<std::size_t>(k)], 1e-8) << "length " << length << " k " << k;
    }
  }
}

struct Agreement {
  std::size_t voxels = 0;
  std::size_t differing = 0;
  double max_difference = 0.0;
};

// Compares preprocess::interpolate (cast into the stored pixel type) with ITK on the same grid.
Agreement compare_with_itk(const std::string& image_path, const core::Geometry& grid, Interpolator interpolator,
                           io::ItkInterpolator itk_interpolator) {
  const auto image = io::read_image(image_path);
  const auto ours = preprocess::interpolate(image, grid, interpolator, EdgeMode::Itk);
  const auto theirs = io::itk_resample_file(image_path, grid, itk_interpolator);
  Agreement agreement;
  agreement.voxels = ours.size();
  for (std::size_t k = 0; k < ours.size(); ++k) {
    const double value = core::cast_to_pixel_type(ours[k], image.stored_pixel_type());
    const double difference = std::abs(value - theirs[k]);
    agreement.max_difference = std::max(agreement.max_difference, difference);
    agreement.differing += difference != 0.0;
  }
  return agreement;
}

core::Geometry pyradiomics_grid(const std::string& image_path, const std::string& mask_path,
                                const std::vector<double>& spacing) {
  const auto mask = io::read_label_mask(mask_path, 1);
  const auto box = preprocess::find_bounding_box(mask);
  const auto target = preprocess::pyradiomics_target_spacing(mask.geometry(), box, spacing);
  (void)image_path;
  return preprocess::pyradiomics_resampling_grid(mask.geometry(), box, target, 5);
}

TEST(ItkAgreement, StsCtResampledTo1mm) {
  RADSTUDY_REQUIRE_SHARED("data/sts/STS_001/ct_image.nii.gz");
  for (const char* case_id : {"STS_001", "STS_002"}) {
    const std::string image_path = shared(std::string("data/sts/") + case_id + "/ct_image.nii.gz");
    const std::string mask_path = shared(std::string("data/sts/") + case_id + "/ct_mask.nii.gz");
    const auto grid = pyradiomics_grid(image_path, mask_path, {1, 1, 1});
    EXPECT_EQ(io::read_image(image_path).stored_pixel_type(), core::PixelType::Int16);

    const auto linear = compare_with_itk(image_path, grid, Interpolator::Linear, io::ItkInterpolator::Linear);
    std::printf("%s linear: %zu of %zu voxels differ from ITK (max %g)\n", case_id, linear.differing, linear.voxels,
                linear.max_difference);
    EXPECT_EQ(linear.differing, 0u);

    const auto nearest = compare_with_itk(image_path, grid, Interpolator::Nearest, io::ItkInterpolator::Nearest);
    EXPECT_EQ(nearest.differing, 0u);

    // Our separable B-spline sums the 64 products in another order than ITK: an interpolated
    // value within ~1e-12 of an integer may truncate to the neighbouring int16.
    const auto bspline = compare_with_itk(image_path, grid, Interpolator::BSpline, io::ItkInterpolator::BSpline);
    std::printf("%s B-spline: %zu of %zu voxels differ from ITK (max %g)\n", case_id, bspline.differing,
                bspline.voxels, bspline.max_difference);
    EXPECT_LE(bspline.max_difference, 1.0);
    EXPECT_LE(static_cast<double>(bspline.differing), 1e-5 * static_cast<double>(bspline.voxels));
  }
}

TEST(ItkAgreement, FloatCtPhantomBSplineAndLinear) {
  RADSTUDY_REQUIRE_SHARED("data/ibsi1/ct_phantom/nifti/image.nii.gz");
  const std::string image_path = shared("data/ibsi1/ct_phantom/nifti/image.nii.gz");
  const std::string mask_path = shared("data/ibsi1/ct_phantom/nifti/mask.nii.gz");
  const auto grid = pyradiomics_grid(image_path, mask_path, {2, 2, 2});
  const auto image = io::read_image(image_path);
  ASSERT_EQ(image.stored_pixel_type(), core::PixelType::Float32);
  for (auto [ours, theirs] : {std::pair{Interpolator::BSpline, io::ItkInterpolator::BSpline},
                              std::pair{Interpolator::Linear, io::ItkInterpolator::Linear}}) {
    const auto values = preprocess::interpolate(image, grid, ours, EdgeMode::Itk);
    const auto reference = io::itk_resample_file(image_path, grid, theirs);
    double max_difference = 0.0;
    for (std::size_t k = 0; k < values.size(); ++k)
      max_difference = std::max(max_difference, std::abs(static_cast<float>(values[k]) - reference[k]));
    // float32 output: one unit in the last place of a CT value is at most 1.2e-4.
    EXPECT_LE(max_difference, 2.5e-4) << "interpolator " << static_cast<int>(ours);
  }
}

// PyRadiomics' diagnostics for brain1_resampling (2 mm, B-spline) in diagnostics_brain1.csv.
TEST(PyRadiomicsResampling, Brain1GridAndMaskMatchTheDiagnostics) {
  RADSTUDY_REQUIRE_SHARED("data/pyradiomics/brain1/image.nrrd");
  const auto image = io::read_image(shared("data/pyradiomics/brain1/image.nrrd"));
  const auto mask = io::read_label_mask(shared("data/pyradiomics/brain1/label.nrrd"), 1);
  settings::ExtractionSettings settings = settings::default_extraction_settings();
  settings.resampled_pixel_spacing = {2, 2, 2};
  settings.interpolator = Interpolator::BSpline;
  const auto box = preprocess::find_bounding_box(mask);
  const auto grid = preprocess::pyradiomics_resampling_grid(
      mask.geometry(), box, preprocess::pyradiomics_target_spacing(mask.geometry(), box, {2, 2, 2}), 5);
  EXPECT_EQ(grid.size, (core::Size3{30, 39, 34}));

  const auto region = preprocess::prepare_region(image, mask, settings);
  std::size_t voxels = 0;
  double sum = 0.0, minimum = 1e9, maximum = -1e9;
  for (std::size_t k = 0; k < region.image.voxel_count(); ++k)
    if (region.morphological_mask.voxels()[k]) {
      ++voxels;
      sum += region.image.voxels()[k];
      minimum = std::min<double>(minimum, region.image.voxels()[k]);
      maximum = std::max<double>(maximum, region.image.voxels()[k]);
    }
  EXPECT_EQ(voxels, 1915u);
  EXPECT_NEAR(sum / static_cast<double>(voxels), 820.533681462141, 1e-9);
  EXPECT_EQ(minimum, 481.0);
  EXPECT_EQ(maximum, 1334.0);
}

// IBSI 1 grid alignment on the CT phantom (204 x 201 x 60, 0.977 x 0.977 x 3 mm).
TEST(IbsiGrid, ConfigurationsBAndC) {
  RADSTUDY_REQUIRE_SHARED("data/ibsi1/ct_phantom/nifti/image.nii.gz");
  const auto image = io::read_image(shared("data/ibsi1/ct_phantom/nifti/image.nii.gz"));
  const auto& input = image.geometry();
  const auto grid_c = preprocess::ibsi_interpolation_grid(input, {2, 2, 2}, false);
  const auto grid_b = preprocess::ibsi_interpolation_grid(input, {2, 2, 2}, true);
  for (int axis = 0; axis < 2; ++axis) {
    const auto expected = static_cast<std::size_t>(std::ceil(input.size[axis] * input.spacing[axis] / 2.0));
    EXPECT_EQ(grid_c.size[axis], expected);
    EXPECT_EQ(grid_b.size[axis], expected);
  }
  EXPECT_EQ(grid_c.size[2], 90u);
  EXPECT_EQ(grid_b.size[2], 60u);
  EXPECT_DOUBLE_EQ(grid_b.spacing[2], input.spacing[2]);
  // Both grids are centred on the input grid.
  for (const auto* grid : {&grid_b, &grid_c}) {
    const auto centre_in = input.index_to_point(
        {(input.size[0] - 1) / 2.0, (input.size[1] - 1) / 2.0, (input.size[2] - 1) / 2.0});
    const auto centre_out = grid->index_to_point(
        {(grid->size[0] - 1) / 2.0, (grid->size[1] - 1) / 2.0, (grid->size[2] - 1) / 2.0});
    for (int axis = 0; axis < 3; ++axis) EXPECT_NEAR(centre_in[axis], centre_out[axis], 1e-9);
  }
}

// The shipped IBSI configurations A-E on the CT phantom: the morphological mask's voxel-counting
// volume (YEKZ) and the intensity mask's mean, minimum and maximum (Q4LE, 1GSF, 84IY) against
// the IBSI 1 reference values and tolerances.
TEST(IbsiConfigurations, PreparedRegionsMatchTheReferenceStatistics) {
  RADSTUDY_REQUIRE_SHARED("data/ibsi1/ct_phantom/nifti/image.nii.gz");
  const auto image = io::read_image(shared("data/ibsi1/ct_phantom/nifti/image.nii.gz"));
  const auto mask = io::read_label_mask(shared("data/ibsi1/ct_phantom/nifti/mask.nii.gz"), 1);
  struct Expected {
    const char* config;
    double volume, volume_tolerance, mean, mean_tolerance, minimum, minimum_tolerance, maximum, maximum_tolerance;
  };
  const Expected table[] = {
      {"A", 3.59e5, 5e3, 13.4, 1.1, -500, 0.5, 377, 9},      {"B", 3.58e5, 5e3, 11.5, 1.1, -500, 0.5, 391, 9},
      {"C", 3.68e5, 6e3, -49, 2.9, -939, 4, 393, 10},        {"D", 3.68e5, 6e3, -23.5, 3.9, -724, 12, 521, 22},
      {"E", 3.68e5, 6e3, -22.6, 4.1, -743, 13, 345, 9},
  };
  for (const auto& expected : table) {
    const auto settings = settings::load_extraction_settings(std::string(RADSTUDY_SOURCE_DIR) +
                                                             "/configs/ibsi1/config_" + expected.config + ".yaml");
    const auto region = preprocess::prepare_region(image, mask, settings);
    const auto& spacing = region.image.spacing();
    std::size_t morphological = 0, intensity = 0;
    double sum = 0.0, minimum = 1e9, maximum = -1e9;
    for (std::size_t k = 0; k < region.image.voxel_count(); ++k) {
      morphological += region.morphological_mask.voxels()[k];
      if (!region.intensity_mask.voxels()[k]) continue;
      const double value = region.image.voxels()[k];
      ++intensity;
      sum += value;
      minimum = std::min(minimum, value);
      maximum = std::max(maximum, value);
    }
    const double volume = static_cast<double>(morphological) * spacing[0] * spacing[1] * spacing[2];
    const double mean = sum / static_cast<double>(intensity);
    std::printf("config %s: %zu voxels (%.0f mm3), intensity mask %zu voxels, mean %.2f, range [%g, %g]\n",
                expected.config, morphological, volume, intensity, mean, minimum, maximum);
    EXPECT_NEAR(volume, expected.volume, expected.volume_tolerance) << expected.config;
    EXPECT_NEAR(mean, expected.mean, expected.mean_tolerance) << expected.config;
    EXPECT_NEAR(minimum, expected.minimum, expected.minimum_tolerance) << expected.config;
    EXPECT_NEAR(maximum, expected.maximum, expected.maximum_tolerance) << expected.config;
  }
}

}  // namespace
}  // namespace radstudy
