// The IBSI 2 convolutional filters' machinery: boundary conditions against hand-computed values, the
// separable and FFT paths against direct sums, Laws' rotations, margins and option validation.
#include <gtest/gtest.h>
#include <malloc.h>

#include <chrono>
#include <cmath>
#include <complex>
#include <ctime>
#include <numbers>
#include <string>
#include <vector>

#include "core/errors.hpp"
#include "core/seeded_random.hpp"
#include "filters/filter_registry.hpp"
#include "filters/ibsi/laws_kernels.hpp"
#include "filters/ibsi/plane_fft_convolution.hpp"
#include "filters/ibsi/separable_convolution.hpp"
#include "settings/extraction_settings.hpp"

namespace radstudy {
namespace {

using filters::BoundaryCondition;
using filters::ibsi::Volume;

// A line of values laid along `axis` of an otherwise 1-voxel volume.
Volume line_along(int axis, const std::vector<double>& values) {
  core::Size3 size{1, 1, 1};
  size[axis] = values.size();
  Volume volume(size);
  volume.voxels = values;
  return volume;
}

TEST(IbsiConvolution, BoundaryConditionsMatchHandComputedValuesAlongEveryAxis) {
  // kernel [1, 2, 3]: out[i] = 1 x[i+1] + 2 x[i] + 3 x[i-1]; [0, 0, 0, 0, 1]: out[i] = x[i-2].
  const std::vector<double> line = {1, 2, 3, 4};
  struct Case {
    BoundaryCondition condition;
    std::vector<double> three_taps, shift_by_two;
  };
  const std::vector<Case> cases = {
      {BoundaryCondition::Zero, {4, 10, 16, 17}, {0, 0, 1, 2}},
      {BoundaryCondition::Nearest, {7, 10, 16, 21}, {1, 1, 1, 2}},
      {BoundaryCondition::Periodic, {16, 10, 16, 18}, {3, 4, 1, 2}},
      {BoundaryCondition::Mirror, {7, 10, 16, 21}, {2, 1, 1, 2}},  // d c b a | a b c d | d c b a
  };
  for (int axis = 0; axis < 3; ++axis)
    for (const auto& test : cases) {
      const auto name =
          filters::boundary_condition_name(test.condition) + " along axis " + std::to_string(axis);
      EXPECT_EQ(filters::ibsi::convolve_axis(line_along(axis, line), axis, {1, 2, 3}, test.condition).voxels,
                test.three_taps)
          << name;
      EXPECT_EQ(
          filters::ibsi::convolve_axis(line_along(axis, line), axis, {0, 0, 0, 0, 1}, test.condition).voxels,
          test.shift_by_two)
          << name;
    }
  EXPECT_THROW(filters::ibsi::convolve_axis(line_along(0, line), 0, {1, 1}, BoundaryCondition::Zero),
               std::invalid_argument);
}

settings::ExtractionSettings settings_of(const std::string& image_type) {
  return settings::parse_extraction_settings("imageType:\n  " + image_type + "\n", "test.yaml");
}

std::unique_ptr<filters::ImageFilter> filter_of(const std::string& image_type) {
  const auto settings = settings_of(image_type);
  return filters::make_filter(settings.image_types.front(), settings);
}

core::IntensityImage random_image(const core::Size3& size, const core::Vec3& spacing, std::uint64_t seed) {
  core::Geometry geometry;
  geometry.size = size;
  geometry.spacing = spacing;
  core::IntensityImage image(geometry);
  core::SeededRandom random(seed);
  for (auto& value : image.voxels()) value = static_cast<float>(random.uniform() * 100.0);
  return image;
}

core::IntensityImage filtered(const filters::ImageFilter& filter, const core::IntensityImage& image) {
  core::IntensityImage result;
  const core::Mask whole(image.geometry(), 1);
  filter.apply(image, whole,
               [&](const std::string&, const core::IntensityImage& response) { result = response; });
  return result;
}

TEST(IbsiConvolution, MeanFilterAveragesTheCubeWithTheBoundaryCondition) {
  core::Geometry geometry;
  geometry.size = {3, 3, 3};
  const core::IntensityImage ones(geometry, 1.0f);
  const auto zero = filtered(*filter_of("Mean: {support: 3, boundary: zero}"), ones);
  EXPECT_FLOAT_EQ(zero.at(1, 1, 1), 1.0f);
  EXPECT_FLOAT_EQ(zero.at(0, 0, 0), 8.0f / 27.0f);
  EXPECT_FLOAT_EQ(zero.at(1, 0, 0), 12.0f / 27.0f);
  const auto slice_by_slice =
      filtered(*filter_of("Mean: {support: 3, boundary: zero, dimensions: 2D}"), ones);
  EXPECT_FLOAT_EQ(slice_by_slice.at(0, 0, 0), 4.0f / 9.0f);
  EXPECT_FLOAT_EQ(slice_by_slice.at(1, 1, 0), 1.0f);
  const auto nearest = filtered(*filter_of("Mean: {support: 3, boundary: nearest}"), ones);
  EXPECT_FLOAT_EQ(nearest.at(0, 0, 0), 1.0f);
  // An even support has MIRP's trailing zero tap: [x[i] + x[i+1]] / 2 along x.
  geometry.size = {4, 1, 1};
  core::IntensityImage line(geometry);
  line.voxels() = {1, 2, 3, 4};
  EXPECT_EQ(filtered(*filter_of("Mean: {support: 2, boundary: nearest}"), line).voxels(),
            (std::vector<float>{1.5f, 2.5f, 3.5f, 4.0f}));
}

// The LoG kernel as the filter defines it, summed directly: s_ref^2 V LoG_mm(k * spacing).
TEST(IbsiConvolution, LaplacianOfGaussianSeparablePassesEqualTheDirectKernelWithAnisotropicSpacing) {
  const core::Vec3 spacing{0.8, 1.3, 2.1};
  const double sigma = 1.7, truncation = 3;
  const auto image = random_image({11, 9, 7}, spacing, 5);
  const auto response =
      filtered(*filter_of("LaplacianOfGaussian: {sigma: 1.7, truncation: 3, boundary: periodic}"), image);
  core::Size3 kernel_size{};
  for (int axis = 0; axis < 3; ++axis)
    kernel_size[axis] =
        1 + 2 * static_cast<std::size_t>(std::floor(truncation * sigma / spacing[axis] + 0.5));
  Volume kernel(kernel_size);
  const double volume = spacing[0] * spacing[1] * spacing[2];
  const double scale = std::pow(volume, 2.0 / 3.0) * volume;
  for (std::size_t z = 0; z < kernel_size[2]; ++z)
    for (std::size_t y = 0; y < kernel_size[1]; ++y)
      for (std::size_t x = 0; x < kernel_size[0]; ++x) {
        const double px = (static_cast<double>(x) - static_cast<double>(kernel_size[0] / 2)) * spacing[0];
        const double py = (static_cast<double>(y) - static_cast<double>(kernel_size[1] / 2)) * spacing[1];
        const double pz = (static_cast<double>(z) - static_cast<double>(kernel_size[2] / 2)) * spacing[2];
        const double r2 = px * px + py * py + pz * pz;
        kernel.at(x, y, z) = scale * -1.0 / (sigma * sigma) *
                             std::pow(2 * std::numbers::pi * sigma * sigma, -1.5) *
                             (3 - r2 / (sigma * sigma)) * std::exp(-r2 / (2 * sigma * sigma));
      }
  const auto direct = filters::ibsi::convolve_small_kernel(filters::ibsi::volume_of(image), kernel,
                                                           BoundaryCondition::Periodic);
  for (std::size_t k = 0; k < direct.voxels.size(); ++k)
    ASSERT_NEAR(response.voxels()[k], direct.voxels[k], 1e-4 * (1 + std::abs(direct.voxels[k]))) << k;
}

TEST(IbsiConvolution, PlaneFftConvolutionEqualsTheDirectSumOnEveryPlaneAndBoundary) {
  const auto image = filters::ibsi::volume_of(random_image({9, 7, 6}, {1, 1, 1}, 11));
  core::SeededRandom random(3);
  filters::ibsi::PlaneKernel kernel{2, 4, {}};
  for (int k = 0; k < 5 * 9; ++k) kernel.taps.emplace_back(random.uniform() - 0.5, random.uniform() - 0.5);
  for (const auto condition : {BoundaryCondition::Zero, BoundaryCondition::Nearest,
                               BoundaryCondition::Periodic, BoundaryCondition::Mirror})
    for (const auto& plane : std::vector<std::pair<int, int>>{{1, 0}, {2, 0}, {2, 1}, {0, 2}}) {
      // Plain variables: lambdas capture them (Clang 14 cannot capture structured bindings).
      const int row_axis = plane.first, column_axis = plane.second;
      const int stack_axis = 3 - row_axis - column_axis;
      const long rows = static_cast<long>(image.size[row_axis]),
                 columns = static_cast<long>(image.size[column_axis]);
      std::size_t checked = 0;
      filters::ibsi::convolve_planes(
          image, row_axis, column_axis, {kernel}, condition,
          [&](std::size_t, std::size_t slice, const std::vector<std::complex<double>>& response) {
            for (long r = 0; r < rows; ++r)
              for (long c = 0; c < columns; ++c) {
                std::complex<double> sum = 0;
                for (long dr = -2; dr <= 2; ++dr)
                  for (long dc = -4; dc <= 4; ++dc) {
                    const long sr = filters::boundary_index(r - dr, rows, condition);
                    const long sc = filters::boundary_index(c - dc, columns, condition);
                    if (sr < 0 || sc < 0) continue;
                    core::Size3 at{};
                    at[row_axis] = static_cast<std::size_t>(sr);
                    at[column_axis] = static_cast<std::size_t>(sc);
                    at[stack_axis] = slice;
                    sum += kernel.taps[static_cast<std::size_t>((dr + 2) * 9 + dc + 4)] *
                           image.at(at[0], at[1], at[2]);
                  }
                ASSERT_LT(std::abs(response[static_cast<std::size_t>(r * columns + c)] - sum), 1e-9)
                    << filters::boundary_condition_name(condition) << " plane " << row_axis << column_axis;
                ++checked;
              }
          });
      EXPECT_EQ(checked, image.voxels.size());
    }
}

TEST(IbsiConvolution, LawsKernelsAreUnitNormAndSymmetricOrAntisymmetric) {
  for (const auto& kernel : filters::ibsi::parse_laws_kernels("L3E3S3L5E5S5W5R5")) {
    double norm = 0;
    for (double tap : kernel.taps) norm += tap * tap;
    EXPECT_NEAR(norm, 1.0, 1e-12) << kernel.name;
    for (std::size_t k = 0; k < kernel.taps.size(); ++k)
      EXPECT_EQ(kernel.taps[kernel.taps.size() - 1 - k], kernel.parity * kernel.taps[k]) << kernel.name;
  }
  EXPECT_THROW(filters::ibsi::parse_laws_kernels("E5X5"), std::invalid_argument);
  // Rotations of the cube (24 in 3D, 4 in 2D) give the same taps when they only reverse symmetric kernels
  // or swap equal ones; MIRP drops those duplicates.
  auto count = [](const std::string& name) {
    return filters::ibsi::laws_orientations(filters::ibsi::parse_laws_kernels(name), true).size();
  };
  EXPECT_EQ(count("E3W5R5"), 24u);
  EXPECT_EQ(count("E5L5S5"), 12u);
  EXPECT_EQ(count("L5S5"), 2u);
  EXPECT_EQ(count("E5S5"), 4u);
  EXPECT_EQ(count("L5L5L5"), 1u);
  EXPECT_EQ(count("E5E5E5"), 8u);
  EXPECT_EQ(count("L5L5S5"), 3u);
}

// Rotation invariance against every orientation convolved on its own with reversed kernels.
TEST(IbsiConvolution, LawsPoolingEqualsPoolingEveryRotatedFilter) {
  const auto image = random_image({10, 9, 8}, {1, 1, 1}, 21);
  const auto input = filters::ibsi::volume_of(image);
  for (const std::string pooling : {"max", "average"}) {
    const auto response =
        filtered(*filter_of("Laws: {kernel: E5W5S3, rotation_invariance: true, pooling: " + pooling +
                            ", boundary: mirror}"),
                 image);
    const auto kernels = filters::ibsi::parse_laws_kernels("E5W5S3");
    const auto orientations = filters::ibsi::laws_orientations(kernels, true);
    ASSERT_EQ(orientations.size(), 24u);
    std::vector<double> pooled(input.voxels.size(), pooling == "max" ? -1e300 : 0.0);
    for (const auto& orientation : orientations) {
      std::array<std::vector<double>, 3> taps;
      for (int axis = 0; axis < 3; ++axis) {
        taps[axis] = kernels[static_cast<std::size_t>(orientation.source[axis])].taps;
        if (orientation.reversed[axis]) std::reverse(taps[axis].begin(), taps[axis].end());
      }
      const auto one = filters::ibsi::convolve_separable(input, taps, BoundaryCondition::Mirror);
      for (std::size_t k = 0; k < pooled.size(); ++k)
        pooled[k] = pooling == "max" ? std::max(pooled[k], one.voxels[k]) : pooled[k] + one.voxels[k] / 24.0;
    }
    for (std::size_t k = 0; k < pooled.size(); ++k)
      ASSERT_NEAR(response.voxels()[k], pooled[k], 1e-4 * (1 + std::abs(pooled[k])))
          << pooling << " voxel " << k;
  }
}

// A region's response computed on its box plus margin_voxels equals the whole image's response there.
TEST(IbsiConvolution, ResponseInsideTheRegionNeedsOnlyTheMargin) {
  const core::Vec3 spacing{1.0, 1.2, 2.0};
  const auto image = random_image({40, 38, 30}, spacing, 8);
  const std::vector<std::string> types = {
      "Mean: {support: 5, boundary: zero}",
      "Mean: {support: 4, boundary: nearest, dimensions: 2D}",
      "LaplacianOfGaussian: {sigma: [1.5, 2.5], boundary: mirror}",
      "Laws: {kernel: E5L5S5, rotation_invariance: true, energy_distance: 3, boundary: periodic}",
      "Laws: {kernel: L5S5, energy_distance: 2, dimensions: 2D}",
      "Gabor: {sigma: 2, lambda: 3, gamma: 0.5, theta: 30, truncation: 2, planes: orthogonal, boundary: "
      "mirror}"};
  const std::array<long, 3> low{17, 16, 13}, high{21, 20, 16};  // the region's box, inclusive
  for (const auto& type : types) {
    const auto filter = filter_of(type);
    const long margin = filter->margin_voxels(spacing);
    ASSERT_GT(margin, 0) << type;
    ASSERT_LE(margin, 13) << type;
    core::Geometry crop_geometry = image.geometry();
    for (int axis = 0; axis < 3; ++axis)
      crop_geometry.size[axis] = static_cast<std::size_t>(high[axis] - low[axis] + 1 + 2 * margin);
    core::IntensityImage crop(crop_geometry);
    for (std::size_t z = 0; z < crop_geometry.size[2]; ++z)
      for (std::size_t y = 0; y < crop_geometry.size[1]; ++y)
        for (std::size_t x = 0; x < crop_geometry.size[0]; ++x)
          crop.at(x, y, z) = image.at(x + low[0] - margin, y + low[1] - margin, z + low[2] - margin);
    std::vector<core::IntensityImage> whole_responses, crop_responses;
    const core::Mask whole_mask(image.geometry(), 1), crop_mask(crop_geometry, 1);
    filter->apply(image, whole_mask,
                  [&](const std::string&, const core::IntensityImage& r) { whole_responses.push_back(r); });
    filter->apply(crop, crop_mask,
                  [&](const std::string&, const core::IntensityImage& r) { crop_responses.push_back(r); });
    ASSERT_EQ(whole_responses.size(), filter->image_names().size());
    ASSERT_EQ(crop_responses.size(), whole_responses.size());
    for (std::size_t n = 0; n < whole_responses.size(); ++n)
      for (long z = low[2]; z <= high[2]; ++z)
        for (long y = low[1]; y <= high[1]; ++y)
          for (long x = low[0]; x <= high[0]; ++x) {
            const float expected = whole_responses[n].at(x, y, z);
            const float got =
                crop_responses[n].at(x - low[0] + margin, y - low[1] + margin, z - low[2] + margin);
            ASSERT_NEAR(got, expected, 1e-4 * (1 + std::abs(expected)))
                << type << " at " << x << "," << y << "," << z;
          }
  }
}

TEST(IbsiConvolution, ColumnPrefixesNameTheFilterAndItsSettings) {
  EXPECT_EQ(filter_of("Mean: {support: 15}")->image_names(), std::vector<std::string>{"mean-s15-3D"});
  EXPECT_EQ(filter_of("LaplacianOfGaussian: {sigma: [3, 2.5], dimensions: 2D}")->image_names(),
            (std::vector<std::string>{"log-ibsi-sigma-3-0-mm-2D", "log-ibsi-sigma-2-5-mm-2D"}));
  EXPECT_EQ(filter_of("Laws: {kernel: e5l5s5, rotation_invariance: true, energy_distance: 7}")->image_names(),
            std::vector<std::string>{"laws-E5L5S5-invariant-max-energy7-3D"});
  EXPECT_EQ(filter_of("Gabor: {sigma: 10, lambda: 4, gamma: 0.5, theta: 0, rotation_invariance: true, "
                      "theta_step: 45, planes: orthogonal}")
                ->image_names(),
            std::vector<std::string>{
                "gabor-sigma-10-0-mm-lambda-4-0-mm-gamma-0-5-theta-0-0-step-45-0-average-orthogonal-3D"});
}

TEST(IbsiConvolution, OptionsOutOfTheirDomainAreConfigErrorsNamingTheKey) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"Mean: {}", "option 'support'"},
      {"Mean: {support: 0}", "option 'support'"},
      {"Mean: {support: 2.5}", "option 'support'"},
      {"Mean: {support: 3, boundary: sticky}", "option 'boundary'"},
      {"Mean: {support: 3, dimensions: 4D}", "option 'dimensions'"},
      {"Mean: {support: 3, sigma: 2}", "unknown option 'sigma'"},
      {"LaplacianOfGaussian: {}", "option 'sigma'"},
      {"LaplacianOfGaussian: {sigma: -1}", "option 'sigma'"},
      {"LaplacianOfGaussian: {sigma: 2, truncation: 0}", "option 'truncation'"},
      {"Laws: {kernel: E5X5S5}", "option 'kernel'"},
      {"Laws: {kernel: E5L5}", "option 'kernel'"},
      {"Laws: {kernel: E5L5S5, dimensions: 2D}", "option 'kernel'"},
      {"Laws: {kernel: E5L5S5, pooling: max}", "option 'pooling'"},
      {"Laws: {kernel: E5L5S5, rotation_invariance: true, pooling: median}", "option 'pooling'"},
      {"Laws: {kernel: E5L5S5, rotation_invariance: maybe}", "option 'rotation_invariance'"},
      {"Laws: {kernel: E5L5S5, energy_distance: 0}", "option 'energy_distance'"},
      {"Gabor: {lambda: 4}", "option 'sigma'"},
      {"Gabor: {sigma: 10}", "option 'lambda'"},
      {"Gabor: {sigma: 10, lambda: 4, gamma: 0}", "option 'gamma'"},
      {"Gabor: {sigma: 10, lambda: 4, theta: 360}", "option 'theta'"},
      {"Gabor: {sigma: 10, lambda: 4, rotation_invariance: true}", "option 'theta_step'"},
      {"Gabor: {sigma: 10, lambda: 4, rotation_invariance: true, theta_step: 7}", "option 'theta_step'"},
      {"Gabor: {sigma: 10, lambda: 4, theta_step: 45}", "option 'theta_step'"},
      {"Gabor: {sigma: 10, lambda: 4, planes: orthogonal, dimensions: 2D}", "option 'planes'"},
      {"Gabor: {sigma: 10, lambda: 4, planes: oblique}", "option 'planes'"},
      {"Gabor: {sigma: 10, lambda: 4, pooling: max}", "option 'pooling'"},
  };
  for (const auto& [type, expected] : cases) {
    try {
      filter_of(type);
      ADD_FAILURE() << type << " was accepted";
    } catch (const ConfigError& error) {
      EXPECT_NE(std::string(error.what()).find(expected), std::string::npos) << type << ": " << error.what();
      EXPECT_NE(std::string(error.what()).find("test.yaml"), std::string::npos) << error.what();
    }
  }
}

// Not a check: prints each filter's time on a 100^3 image (--gtest_also_run_disabled_tests).
TEST(IbsiConvolution, DISABLED_TimeOnA100CubedImage) {
  // As the CLI's main: freed image buffers stay in the heap for the next one.
  mallopt(M_MMAP_THRESHOLD, 1 << 30);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  const auto image = random_image({100, 100, 100}, {1, 1, 1}, 1);
  for (const std::string type :
       {"Mean: {support: 15}", "Mean: {support: 5, dimensions: 2D}", "LaplacianOfGaussian: {sigma: 3}",
        "LaplacianOfGaussian: {sigma: 5, dimensions: 2D}", "Laws: {kernel: E5L5S5}",
        "Laws: {kernel: E5L5S5, rotation_invariance: true, energy_distance: 7}",
        "Laws: {kernel: L5S5, rotation_invariance: true, energy_distance: 7, dimensions: 2D}",
        "Gabor: {sigma: 10, lambda: 4, gamma: 0.5, theta: 60}",
        "Gabor: {sigma: 5, lambda: 4, gamma: 0.5, rotation_invariance: true, theta_step: 45}",
        "Gabor: {sigma: 5, lambda: 4, gamma: 0.5, rotation_invariance: true, theta_step: 45, planes: "
        "orthogonal}"}) {
    const auto filter = filter_of(type);
    filtered(*filter, image);  // warm: the second run is timed
    // Processor time of this thread, so that other processes on the machine do not count.
    auto thread_ms = [] {
      timespec now{};
      clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
      return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
    };
    const auto start = std::chrono::steady_clock::now();
    const double start_cpu = thread_ms();
    filtered(*filter, image);
    const double cpu = thread_ms() - start_cpu;
    const double wall =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    std::printf("  %8.1f ms processor (%8.1f ms wall)  %s\n", cpu, wall, type.c_str());
  }
}

}  // namespace
}  // namespace radstudy
