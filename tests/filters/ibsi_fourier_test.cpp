// The Fourier-domain IBSI 2 image types (Simoncelli, Riesz): option checks, the Riesz transform on
// functions whose transform is known, its energy identity, and the margin's promise.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <numbers>
#include <string>
#include <vector>

#include "core/errors.hpp"
#include "filters/filter_registry.hpp"
#include "filters/ibsi/fourier_filtering.hpp"
#include "io/image_io.hpp"
#include "settings/extraction_settings.hpp"
#include "test_data.hpp"

namespace {

using radstudy::core::Geometry;
using radstudy::core::IntensityImage;
using radstudy::core::Mask;
namespace filters = radstudy::filters;
namespace ibsi = radstudy::filters::ibsi;

std::unique_ptr<filters::ImageFilter> filter_of(const std::string& image_type_yaml) {
  const auto settings =
      radstudy::settings::parse_extraction_settings("imageType:\n  " + image_type_yaml + "\n", "test.yaml");
  return filters::make_filter(settings.image_types.front(), settings);
}

IntensityImage image_of(long nx, long ny, long nz, const std::function<double(long, long, long)>& value) {
  Geometry geometry;
  geometry.size = {static_cast<std::size_t>(nx), static_cast<std::size_t>(ny), static_cast<std::size_t>(nz)};
  geometry.spacing = {1.0, 1.0, 1.0};
  IntensityImage image(geometry);
  for (long z = 0; z < nz; ++z)
    for (long y = 0; y < ny; ++y)
      for (long x = 0; x < nx; ++x)
        image.at(static_cast<std::size_t>(x), static_cast<std::size_t>(y), static_cast<std::size_t>(z)) =
            static_cast<float>(value(x, y, z));
  return image;
}

std::vector<IntensityImage> responses(const filters::ImageFilter& filter, const IntensityImage& image,
                                      std::vector<std::string>* names = nullptr) {
  std::vector<IntensityImage> images;
  filter.apply(image, Mask(image.geometry(), 1),
               [&](const std::string& name, const IntensityImage& response) {
                 images.push_back(response);
                 if (names) names->push_back(name);
               });
  return images;
}

// A smooth, aperiodic test image: a few waves and blobs.
double texture(long x, long y, long z) {
  const double fx = static_cast<double>(x), fy = static_cast<double>(y), fz = static_cast<double>(z);
  return 100.0 * std::sin(0.37 * fx + 0.11 * fy) + 60.0 * std::cos(0.23 * fy - 0.41 * fz) +
         80.0 * std::exp(-((fx - 20) * (fx - 20) + (fy - 30) * (fy - 30) + (fz - 25) * (fz - 25)) / 40.0) +
         40.0 * std::sin(0.05 * fx * fz / 4.0) + 0.3 * fx * fy / 10.0;
}

void expect_config_error(const std::string& image_type_yaml, const std::string& expected_text) {
  try {
    filter_of(image_type_yaml);
    ADD_FAILURE() << "accepted: " << image_type_yaml;
  } catch (const radstudy::ConfigError& error) {
    EXPECT_NE(std::string(error.what()).find(expected_text), std::string::npos)
        << image_type_yaml << " -> " << error.what();
  }
}

TEST(IbsiFourierOptions, RefusesBadOptionsNamingTheKey) {
  expect_config_error("Simoncelli: {level: 0}", "'level'");
  expect_config_error("Simoncelli: {level: 7}", "'level'");
  expect_config_error("Simoncelli: {level: 1.5}", "'level'");
  expect_config_error("Simoncelli: {level: 1, boundary: sideways}", "'boundary'");
  expect_config_error("Simoncelli: {level: 1, dimensions: 4D}", "'dimensions'");
  expect_config_error("Simoncelli: {level: 1, sigma: 3}", "'sigma'");  // not a Simoncelli option
  expect_config_error("Riesz: {order: [1, 0, 0], sigma: 3}", "'filter'");
  expect_config_error("Riesz: {filter: Gabor, order: [1, 0, 0]}", "'filter'");
  expect_config_error("Riesz: {filter: Simoncelli}", "'order'");
  expect_config_error("Riesz: {filter: Simoncelli, order: [1, 0]}", "'order'");
  expect_config_error("Riesz: {filter: Simoncelli, order: [1, 0, 0], dimensions: 2D}", "'order'");
  expect_config_error("Riesz: {filter: Simoncelli, order: [0, 0, 0]}", "'order'");
  expect_config_error("Riesz: {filter: Simoncelli, order: [-1, 1, 0]}", "'order'");
  expect_config_error("Riesz: {filter: Simoncelli, order: [0.5, 1, 0]}", "'order'");
  expect_config_error("Riesz: {filter: Simoncelli, order: 0}", "'order'");
  expect_config_error("Riesz: {filter: LaplacianOfGaussian, order: [1, 0, 0]}", "'sigma'");
  expect_config_error("Riesz: {filter: LaplacianOfGaussian, sigma: -2, order: [1, 0, 0]}", "'sigma'");
  expect_config_error("Riesz: {filter: LaplacianOfGaussian, sigma: 2, truncation: 0, order: [1, 0, 0]}",
                      "'truncation'");
  expect_config_error("Riesz: {filter: Simoncelli, order: [1, 0, 0], sigma: 2}", "'sigma'");
  expect_config_error("Riesz: {filter: LaplacianOfGaussian, sigma: 2, order: [1, 0, 0], level: 2}",
                      "'level'");
}

TEST(IbsiFourierOptions, NamesEachImageByFilterOrderAndDimensions) {
  EXPECT_EQ(filter_of("Simoncelli: {level: 2}")->image_names(),
            std::vector<std::string>{"simoncelli-level-2-3D"});
  EXPECT_EQ(filter_of("Riesz: {filter: LaplacianOfGaussian, sigma: 3, order: [1, 0, 0]}")->image_names(),
            std::vector<std::string>{"riesz-log-sigma-3-0-mm-order-1-0-0-3D"});
  EXPECT_EQ(filter_of("Riesz: {filter: Simoncelli, order: 1, dimensions: 2D}")->image_names(),
            (std::vector<std::string>{"riesz-simoncelli-level-1-order-1-0-2D",
                                      "riesz-simoncelli-level-1-order-0-1-2D"}));
  EXPECT_EQ(filter_of("Riesz: {filter: Simoncelli, order: 2}")->image_names().size(), 6u);
  EXPECT_EQ(filter_of("Simoncelli: {level: 3}")->margin_voxels({1, 1, 1}), 64);
  EXPECT_EQ(filter_of("Riesz: {filter: LaplacianOfGaussian, sigma: 3, order: 1}")->margin_voxels({2, 2, 2}),
            12);
}

// With periodic boundaries a plane wave cos(2 pi k x / n) is an eigenfunction: the Simoncelli band scales
// it by the band's Hermitian part at k, and the first-order Riesz transform along the wave turns it into
// sin (the Hilbert transform, (-i) sign(w)), across it into 0; the second order along it gives -cos and
// the mixed order [1, 1, 0] of a diagonal wave -cos / sqrt(2).
TEST(IbsiFourierRiesz, TransformsPlaneWavesAsTheFormulaSays) {
  const long nx = 32, ny = 16, nz = 8, k = 5;
  const double band = 0.5 * (ibsi::simoncelli_transfer({k, 0, 0}, {nx, ny, nz}, 1) +
                             ibsi::simoncelli_transfer({nx - k, 0, 0}, {nx, ny, nz}, 1));
  ASSERT_GT(band, 0.1);
  const auto phase = [&](long x) { return 2.0 * std::numbers::pi * static_cast<double>(k * x) / nx; };
  const auto wave = image_of(nx, ny, nz, [&](long x, long, long) { return 100.0 * std::cos(phase(x)); });

  const auto simoncelli = responses(*filter_of("Simoncelli: {level: 1, boundary: periodic}"), wave);
  const auto first = responses(*filter_of("Riesz: {filter: Simoncelli, order: 1, boundary: periodic}"), wave);
  const auto second =
      responses(*filter_of("Riesz: {filter: Simoncelli, order: [2, 0, 0], boundary: periodic}"), wave);
  ASSERT_EQ(first.size(), 3u);  // [1,0,0], [0,1,0], [0,0,1]
  for (long z = 0; z < nz; ++z)
    for (long y = 0; y < ny; ++y)
      for (long x = 0; x < nx; ++x) {
        const auto ux = static_cast<std::size_t>(x), uy = static_cast<std::size_t>(y),
                   uz = static_cast<std::size_t>(z);
        EXPECT_NEAR(simoncelli[0].at(ux, uy, uz), 100.0 * band * std::cos(phase(x)), 1e-3);
        EXPECT_NEAR(first[0].at(ux, uy, uz), 100.0 * band * std::sin(phase(x)), 1e-3);
        EXPECT_NEAR(first[1].at(ux, uy, uz), 0.0, 1e-3);
        EXPECT_NEAR(first[2].at(ux, uy, uz), 0.0, 1e-3);
        EXPECT_NEAR(second[0].at(ux, uy, uz), -100.0 * band * std::cos(phase(x)), 1e-3);
      }

  // A diagonal wave along x + y on a cube: the [1, 1, 0] transfer is -sqrt(2) w_x w_y / |w|^2 = -1/sqrt(2).
  const long n = 24, kd = 3;
  const double diagonal_band = 0.5 * (ibsi::simoncelli_transfer({kd, kd, 0}, {n, n, n}, 1) +
                                      ibsi::simoncelli_transfer({n - kd, n - kd, 0}, {n, n, n}, 1));
  const auto diagonal_phase = [&](long x, long y) {
    return 2.0 * std::numbers::pi * static_cast<double>(kd * (x + y)) / n;
  };
  const auto diagonal =
      image_of(n, n, n, [&](long x, long y, long) { return 100.0 * std::cos(diagonal_phase(x, y)); });
  const auto mixed =
      responses(*filter_of("Riesz: {filter: Simoncelli, order: [1, 1, 0], boundary: periodic}"), diagonal);
  for (long y = 0; y < n; ++y)
    for (long x = 0; x < n; ++x)
      EXPECT_NEAR(mixed[0].at(static_cast<std::size_t>(x), static_cast<std::size_t>(y), 3),
                  -100.0 * diagonal_band * std::cos(diagonal_phase(x, y)) / std::sqrt(2.0), 1e-3);
}

double energy(const IntensityImage& image) {
  double sum = 0;
  for (float value : image.voxels()) sum += static_cast<double>(value) * value;
  return sum;
}

// The components of one total order L are an all-pass frame: sum_l |R_l(w)|^2 = 1 for w != 0, so with
// periodic boundaries their energies add up to the energy of the filtered image (Parseval).
TEST(IbsiFourierRiesz, ComponentsOfOneOrderKeepTheEnergy) {
  const auto image = image_of(30, 28, 26, texture);
  const double band = energy(responses(*filter_of("Simoncelli: {level: 2, boundary: periodic}"), image)[0]);
  ASSERT_GT(band, 1.0);
  for (int total : {1, 2, 3}) {
    const auto components =
        responses(*filter_of("Riesz: {filter: Simoncelli, level: 2, boundary: periodic, order: " +
                             std::to_string(total) + "}"),
                  image);
    ASSERT_EQ(components.size(), static_cast<std::size_t>((total + 1) * (total + 2) / 2));
    double sum = 0;
    for (const auto& component : components) sum += energy(component);
    EXPECT_NEAR(sum / band, 1.0, 1e-5) << "total order " << total;
  }
}

// The three pure second orders add up to -1 (sum of -w_a^2 / |w|^2): R_xx + R_yy + R_zz of a Laplacian of
// Gaussian is minus the Laplacian of Gaussian, here computed directly in space (periodic wrap).
TEST(IbsiFourierRiesz, PureSecondOrdersOfALaplacianOfGaussianSumToMinusIt) {
  const long n = 24;
  const double sigma = 1.5;
  // Zero mean: the Riesz transform is 0 at w = 0, where the truncated kernel's sum is not.
  auto image = image_of(n, n, n, texture);
  double mean = 0;
  for (float value : image.voxels()) mean += value;
  mean /= static_cast<double>(image.voxel_count());
  for (float& value : image.voxels()) value = static_cast<float>(value - mean);
  const auto components = responses(
      *filter_of("Riesz: {filter: LaplacianOfGaussian, sigma: 1.5, order: 2, boundary: periodic}"), image);
  ASSERT_EQ(components.size(), 6u);  // [2,0,0] [1,1,0] [1,0,1] [0,2,0] [0,1,1] [0,0,2]
  const long half = static_cast<long>(std::floor(4 * sigma + 0.5));
  double largest = 0, worst = 0;
  for (long z = 0; z < n; z += 5)
    for (long y = 0; y < n; y += 3)
      for (long x = 0; x < n; ++x) {
        double log = 0;
        for (long dz = -half; dz <= half; ++dz)
          for (long dy = -half; dy <= half; ++dy)
            for (long dx = -half; dx <= half; ++dx) {
              const double r2 = static_cast<double>(dx * dx + dy * dy + dz * dz);
              const double weight = -1.0 / (sigma * sigma) *
                                    std::pow(2 * std::numbers::pi * sigma * sigma, -1.5) *
                                    (3.0 - r2 / (sigma * sigma)) * std::exp(-r2 / (2 * sigma * sigma));
              log += weight * image.at(static_cast<std::size_t>((x - dx + n) % n),
                                       static_cast<std::size_t>((y - dy + n) % n),
                                       static_cast<std::size_t>((z - dz + n) % n));
            }
        const auto ux = static_cast<std::size_t>(x), uy = static_cast<std::size_t>(y),
                   uz = static_cast<std::size_t>(z);
        const double sum =
            components[0].at(ux, uy, uz) + components[3].at(ux, uy, uz) + components[5].at(ux, uy, uz);
        largest = std::max(largest, std::abs(log));
        worst = std::max(worst, std::abs(sum + log));
      }
  ASSERT_GT(largest, 1.0);
  EXPECT_LT(worst, 1e-4 * largest);
}

// margin_voxels: on a CT (sarcoma case 1, its tumour's bounding box), the region's response from a crop with
// the filter's margin (boundary applied at the crop's edge) stays within 1% of the region's response range
// of the whole-image response. The kernels have infinite support, so this is a measured promise for CT-like
// images, not a bound for any image (docs/design.md).
TEST(IbsiFourierMargin, CropWithTheMarginGivesTheWholeImageResponseOnACt) {
  RADSTUDY_REQUIRE_SHARED("data/sts/STS_001/ct_image.nii.gz");
  auto image = radstudy::io::read_image(
      (radstudy::testing::shared_dir() / "data/sts/STS_001/ct_image.nii.gz").string());
  image.geometry().spacing = {1.0, 1.0, 1.0};                        // voxel units, as the margins are
  const std::array<long, 3> lower{52, 52, 12}, upper{146, 150, 43};  // the mask's bounding box (exclusive)
  for (const std::string yaml :
       {"Simoncelli: {level: 1, boundary: mirror}", "Simoncelli: {level: 2, boundary: mirror}",
        "Riesz: {filter: Simoncelli, level: 1, order: [1, 0, 0], boundary: mirror}",
        "Riesz: {filter: LaplacianOfGaussian, sigma: 3, order: [1, 0, 0], boundary: mirror}",
        "Riesz: {filter: LaplacianOfGaussian, sigma: 3, order: [0, 2, 0], boundary: mirror}"}) {
    SCOPED_TRACE(yaml);
    const auto filter = filter_of(yaml);
    const long margin = filter->margin_voxels({1, 1, 1});
    std::array<long, 3> start{}, size{};
    for (int axis = 0; axis < 3; ++axis) {
      start[axis] = std::max(0L, lower[axis] - margin);
      size[axis] = std::min(static_cast<long>(image.size()[axis]), upper[axis] + margin) - start[axis];
    }
    auto crop = image_of(size[0], size[1], size[2], [&](long x, long y, long z) {
      return image.at(static_cast<std::size_t>(x + start[0]), static_cast<std::size_t>(y + start[1]),
                      static_cast<std::size_t>(z + start[2]));
    });
    const auto whole = responses(*filter, image)[0];
    const auto cropped = responses(*filter, crop)[0];
    double low = INFINITY, high = -INFINITY, worst = 0;
    for (long z = lower[2]; z < upper[2]; ++z)
      for (long y = lower[1]; y < upper[1]; ++y)
        for (long x = lower[0]; x < upper[0]; ++x) {
          const double reference =
              whole.at(static_cast<std::size_t>(x), static_cast<std::size_t>(y), static_cast<std::size_t>(z));
          const double value =
              cropped.at(static_cast<std::size_t>(x - start[0]), static_cast<std::size_t>(y - start[1]),
                         static_cast<std::size_t>(z - start[2]));
          low = std::min(low, reference);
          high = std::max(high, reference);
          worst = std::max(worst, std::abs(value - reference));
        }
    std::printf("  margin %ld: largest difference %.3f%% of the region's range\n", margin,
                100.0 * worst / (high - low));
    EXPECT_LT(worst, 0.01 * (high - low)) << "margin " << margin;
  }
}

// dimensions: 2D filters each axial slice on its own: a slice's response does not depend on the others.
TEST(IbsiFourierSlices, TwoDimensionalFiltersEachSliceAlone) {
  const auto volume = image_of(20, 18, 3, texture);
  const auto slice = image_of(20, 18, 1, [](long x, long y, long) { return texture(x, y, 1); });
  for (const std::string yaml :
       {"Simoncelli: {level: 1, dimensions: 2D, boundary: zero}",
        "Riesz: {filter: LaplacianOfGaussian, sigma: 2, order: [1, 1], dimensions: 2D}"}) {
    SCOPED_TRACE(yaml);
    const auto filter = filter_of(yaml);
    const auto from_volume = responses(*filter, volume)[0];
    const auto from_slice = responses(*filter, slice)[0];
    double worst = 0, largest = 0;
    for (std::size_t y = 0; y < 18; ++y)
      for (std::size_t x = 0; x < 20; ++x) {
        worst =
            std::max(worst, static_cast<double>(std::abs(from_volume.at(x, y, 1) - from_slice.at(x, y, 0))));
        largest = std::max(largest, static_cast<double>(std::abs(from_slice.at(x, y, 0))));
      }
    EXPECT_GT(largest, 1.0);
    EXPECT_LT(worst, 1e-4 * largest);
  }
}

}  // namespace
