#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "filters/ibsi/fourier_filtering.hpp"
#include "filters/ibsi/ibsi_filter_options.hpp"
#include "filters/image_filter.hpp"

namespace radstudy::filters {
namespace {

enum class RieszBase { LaplacianOfGaussian, Simoncelli };

struct RieszSettings {
  RieszBase base = RieszBase::LaplacianOfGaussian;
  std::vector<std::array<int, 3>> orders;  // one image each
  double sigma = 0, truncation = 4;        // LaplacianOfGaussian (mm, sigmas)
  int level = 1;                           // Simoncelli
};

// The DFT, on an axis of `size` points, of the IBSI 2 Laplacian-of-Gaussian factors along that axis (as the
// LaplacianOfGaussian image type samples them: Gaussian G and its second derivative D in mm, each times
// the spacing, on 1 + 2 floor(truncation sigma / spacing + 0.5) voxels centred on voxel 0). Both are even,
// so their DFTs are real.
struct AxisFactors {
  std::vector<double> gaussian, second_derivative;
};

AxisFactors log_axis_factors(double sigma, double truncation, double spacing, long size) {
  const long half = static_cast<long>(std::floor(truncation * sigma / spacing + 0.5));
  AxisFactors factors{std::vector<double>(static_cast<std::size_t>(size), 0.0),
                      std::vector<double>(static_cast<std::size_t>(size), 0.0)};
  for (long n = -half; n <= half; ++n) {
    const double position = static_cast<double>(n) * spacing;
    const double gaussian = spacing * std::exp(-position * position / (2.0 * sigma * sigma)) /
                            (std::sqrt(2.0 * std::numbers::pi) * sigma);
    const double second = gaussian * (position * position / std::pow(sigma, 4) - 1.0 / (sigma * sigma));
    for (long k = 0; k < size; ++k) {
      const double phase =
          std::cos(2.0 * std::numbers::pi * static_cast<double>((k * n) % size) / static_cast<double>(size));
      factors.gaussian[static_cast<std::size_t>(k)] += gaussian * phase;
      factors.second_derivative[static_cast<std::size_t>(k)] += second * phase;
    }
  }
  return factors;
}

// Riesz transform (IBSI 2, AYRS) of a Laplacian of Gaussian or of a Simoncelli band: the filter's
// transfer function times (-i)^L sqrt(L! / prod l_a!) prod w_a^l_a / |w|^L, w the DFT frequency in cycles
// per mm (axes x, y, z as stored; 2D: x, y of each axial slice), so that order [1, 0, 0] is along x.
class RieszFilter final : public ImageFilter {
 public:
  RieszFilter(RieszSettings settings, ibsi::CommonFilterOptions common)
      : settings_(std::move(settings)), common_(common) {}

  std::vector<std::string> image_names() const override {
    const std::string base = settings_.base == RieszBase::Simoncelli
                                 ? fmt::format("riesz-simoncelli-level-{}", settings_.level)
                                 : fmt::format("riesz-log-sigma-{}-mm", ibsi::prefix_number(settings_.sigma));
    std::vector<std::string> names;
    for (const auto& order : settings_.orders) {
      std::vector<int> components(order.begin(), order.begin() + common_.dimension_count());
      names.push_back(
          fmt::format("{}-order-{}-{}", base, fmt::join(components, "-"), common_.dimensions_name()));
    }
    return names;
  }

  // Simoncelli: the band's margin. Laplacian of Gaussian: twice the kernel's half support, where the Riesz
  // transform's slower decay had fallen below 1% of the response range (docs/design.md).
  int margin_voxels(const core::Vec3& spacing) const override {
    // A periodic boundary makes the image a torus: the response depends on the whole image.
    if (common_.boundary == BoundaryCondition::Periodic) return kWholeImageMargin;
    if (settings_.base == RieszBase::Simoncelli) return ibsi::simoncelli_margin(settings_.level);
    long half = 0;
    for (int axis = 0; axis < common_.dimension_count(); ++axis)
      half = std::max(
          half, static_cast<long>(std::floor(settings_.truncation * settings_.sigma / spacing[axis] + 0.5)));
    return static_cast<int>(2 * half);
  }

  void apply(const core::IntensityImage& image, const core::Mask&, const ImageSink& yield) const override {
    const int dimensions = common_.dimension_count();
    const ibsi::PaddedSpectrum spectrum(image, common_.boundary, margin_voxels(image.spacing()),
                                        common_.slice_by_slice);
    const auto grid = spectrum.grid();
    const auto& spacing = image.spacing();

    // The filter under the Riesz transform, at DFT index k.
    std::function<double(const std::array<long, 3>&)> base;
    std::array<AxisFactors, 3> factors;
    if (settings_.base == RieszBase::Simoncelli) {
      const int level = settings_.level;
      base = [grid, level](const std::array<long, 3>& index) {
        return ibsi::simoncelli_transfer(index, grid, level);
      };
    } else {
      double volume = 1.0;
      for (int axis = 0; axis < dimensions; ++axis) {
        factors[axis] = log_axis_factors(settings_.sigma, settings_.truncation, spacing[axis], grid[axis]);
        volume *= spacing[axis];
      }
      const double scale = std::pow(volume, 2.0 / dimensions);  // as the LaplacianOfGaussian image type
      base = [&factors, dimensions, scale](const std::array<long, 3>& index) {
        double sum = 0.0;
        for (int axis = 0; axis < dimensions; ++axis) {
          double term = factors[axis].second_derivative[static_cast<std::size_t>(index[axis])];
          for (int other = 0; other < dimensions; ++other)
            if (other != axis) term *= factors[other].gaussian[static_cast<std::size_t>(index[other])];
          sum += term;
        }
        return scale * sum;
      };
    }

    const auto names = image_names();
    for (std::size_t image_index = 0; image_index < settings_.orders.size(); ++image_index) {
      const auto& order = settings_.orders[image_index];
      yield(names[image_index], spectrum.response([&](const std::array<long, 3>& index) {
        const double value = base(index);
        if (value == 0.0) return std::complex<double>(0.0, 0.0);
        std::array<double, 3> frequency{0.0, 0.0, 0.0};
        for (int axis = 0; axis < dimensions; ++axis)
          frequency[axis] = ibsi::dft_frequency(index[axis], grid[axis]) / spacing[axis];
        return value * ibsi::riesz_transfer(order, frequency, dimensions);
      }));
    }
  }

 private:
  RieszSettings settings_;
  ibsi::CommonFilterOptions common_;
};

std::vector<std::array<int, 3>> read_orders(const FilterOptions& options, int dimensions) {
  if (!options.has("order"))
    options.fail("order", fmt::format("is required: the Riesz order per axis ({} integers, e.g. [1, 0{}]) or "
                                      "one total order L (every component of order L)",
                                      dimensions, dimensions == 3 ? ", 0" : ""));
  const auto values = options.numbers("order", {});
  for (double value : values)
    options.require(value >= 0 && value <= 6 && value == std::floor(value), "order", value,
                    "orders are integers from 0 to 6");
  int total = 0;
  for (double value : values) total += static_cast<int>(value);
  if (values.size() == 1) {
    options.require(total >= 1, "order", total, "a total order is at least 1");
    return ibsi::riesz_orders_of_total(total, dimensions);
  }
  if (static_cast<int>(values.size()) != dimensions)
    options.fail("order",
                 fmt::format("expected {} integers (one per axis of a {}D filter) or one total order, "
                             "got {} values",
                             dimensions, dimensions, values.size()));
  options.require(total >= 1 && total <= 6, "order", total, "the orders' sum is from 1 to 6");
  std::array<int, 3> order{0, 0, 0};
  for (int axis = 0; axis < dimensions; ++axis) order[axis] = static_cast<int>(values[axis]);
  return {order};
}

}  // namespace

FilterType riesz_filter_type() {
  return {"Riesz",
          "IBSI 2 Riesz transform of a Laplacian of Gaussian (sigma mm, truncation) or of a Simoncelli band "
          "(level): filter, order ([l_x, l_y, l_z] or a total order), boundary, dimensions (3D | 2D)",
          [](const FilterOptions& options) -> std::unique_ptr<ImageFilter> {
            const auto common = ibsi::read_common_filter_options(options);
            RieszSettings settings;
            if (!options.has("filter"))
              options.fail("filter",
                           "is required: LaplacianOfGaussian or Simoncelli, the filter transformed");
            settings.base = options.word("filter", "", {"LaplacianOfGaussian", "Simoncelli"}) == "Simoncelli"
                                ? RieszBase::Simoncelli
                                : RieszBase::LaplacianOfGaussian;
            settings.orders = read_orders(options, common.dimension_count());
            if (settings.base == RieszBase::Simoncelli) {
              settings.level = ibsi::read_simoncelli_level(options);
            } else {
              if (!options.has("sigma"))
                options.fail("sigma",
                             "is required with filter LaplacianOfGaussian: the Gaussian's standard "
                             "deviation in mm");
              settings.sigma = options.number("sigma", 0);
              options.require(settings.sigma > 0 && settings.sigma <= 1000, "sigma", settings.sigma,
                              "sigma is in mm, > 0 and at most 1000");
              settings.truncation = ibsi::read_log_truncation(options);
            }
            return std::make_unique<RieszFilter>(std::move(settings), common);
          }};
}

}  // namespace radstudy::filters
