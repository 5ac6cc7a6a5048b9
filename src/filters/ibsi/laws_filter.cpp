#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>

#include "filters/ibsi/ibsi_filter_options.hpp"
#include "filters/ibsi/laws_kernels.hpp"
#include "filters/ibsi/separable_convolution.hpp"
#include "filters/image_filter.hpp"

namespace radstudy::filters {
namespace {

// IBSI 2 Laws filter (JTXT), as MIRP: the separable kernel (1D kernels of unit L2 norm, the first along x),
// optionally pooled (max or average) over the rotations of laws_orientations, then optionally the
// energy map: the mean of the absolute response over a (2 delta + 1)^D window, same boundary condition.
// A rotated filter is the same 1D kernels on permuted axes with some reversed; as each Laws kernel is
// symmetric or antisymmetric its response is +-1 times the response of the permuted kernels, so only
// the distinct permutations (at most 6) are convolved, sharing their x and y passes.
class LawsFilter final : public ImageFilter {
 public:
  LawsFilter(std::string kernel_name, std::vector<ibsi::LawsKernel> kernels, bool rotation_invariant,
             bool max_pooling, int energy_distance, ibsi::CommonFilterOptions common)
      : kernel_name_(std::move(kernel_name)),
        kernels_(std::move(kernels)),
        rotation_invariant_(rotation_invariant),
        max_pooling_(max_pooling),
        energy_distance_(energy_distance),
        common_(common) {}

  std::vector<std::string> image_names() const override {
    std::string name = "laws-" + kernel_name_;
    if (rotation_invariant_) name += max_pooling_ ? "-invariant-max" : "-invariant-average";
    if (energy_distance_ > 0) name += fmt::format("-energy{}", energy_distance_);
    return {name + "-" + common_.dimensions_name()};
  }

  int margin_voxels(const core::Vec3&) const override {
    std::size_t longest = 0;
    for (const auto& kernel : kernels_) longest = std::max(longest, kernel.taps.size());
    return static_cast<int>(longest / 2) + energy_distance_;
  }

  void apply(const core::IntensityImage& image, const core::Mask&, const ImageSink& yield) const override {
    auto response = pooled_response(ibsi::volume_of(image));
    if (energy_distance_ > 0) {
      for (double& value : response.voxels) value = std::abs(value);
      const std::vector<double> window(static_cast<std::size_t>(2 * energy_distance_ + 1),
                                       1.0 / (2 * energy_distance_ + 1));
      std::array<std::vector<double>, 3> windows = {window, window, window};
      if (common_.slice_by_slice) windows[2].clear();
      response = ibsi::convolve_separable(response, windows, common_.boundary);
    }
    yield(image_names().front(), ibsi::image_of(response, image.geometry()));
  }

 private:
  ibsi::Volume pooled_response(const ibsi::Volume& input) const {
    const int dimensions = static_cast<int>(kernels_.size());
    // Orientations grouped by their permutation: for each, how many pool the response with sign + and -.
    std::map<std::array<int, 3>, std::pair<int, int>> permutations;
    const auto orientations = ibsi::laws_orientations(kernels_, rotation_invariant_);
    for (const auto& orientation : orientations) {
      int sign = 1;
      for (int axis = 0; axis < dimensions; ++axis)
        if (orientation.reversed[static_cast<std::size_t>(axis)])
          sign *=
              kernels_[static_cast<std::size_t>(orientation.source[static_cast<std::size_t>(axis)])].parity;
      auto& counts = permutations[orientation.source];
      (sign > 0 ? counts.first : counts.second) += 1;
    }
    ibsi::Volume pooled(input.size, max_pooling_ ? -std::numeric_limits<double>::infinity() : 0.0);
    auto pool = [&](const ibsi::Volume& response, const std::pair<int, int>& counts) {
      if (max_pooling_) {
        for (std::size_t k = 0; k < pooled.voxels.size(); ++k) {
          const double value = response.voxels[k];
          if (counts.first > 0) pooled.voxels[k] = std::max(pooled.voxels[k], value);
          if (counts.second > 0) pooled.voxels[k] = std::max(pooled.voxels[k], -value);
        }
      } else {
        const double weight = static_cast<double>(counts.first - counts.second);
        for (std::size_t k = 0; k < pooled.voxels.size(); ++k)
          pooled.voxels[k] += weight * response.voxels[k];
      }
    };
    // The permutations in order, so that those sharing the x (and y) kernel share its pass.
    const auto taps = [&](const std::array<int, 3>& source, int axis) -> const std::vector<double>& {
      return kernels_[static_cast<std::size_t>(source[static_cast<std::size_t>(axis)])].taps;
    };
    int current_x = -1, current_y = -1;
    ibsi::Volume along_x, along_xy, along_xyz;
    for (const auto& [source, counts] : permutations) {
      if (source[0] != current_x) {
        ibsi::convolve_axis_into(input, 0, taps(source, 0), common_.boundary, along_x);
        current_x = source[0];
        current_y = -1;
      }
      if (source[1] != current_y) {
        ibsi::convolve_axis_into(along_x, 1, taps(source, 1), common_.boundary, along_xy);
        current_y = source[1];
      }
      if (dimensions == 3) {
        ibsi::convolve_axis_into(along_xy, 2, taps(source, 2), common_.boundary, along_xyz);
        pool(along_xyz, counts);
      } else {
        pool(along_xy, counts);
      }
    }
    if (!max_pooling_)
      for (double& value : pooled.voxels) value /= static_cast<double>(orientations.size());
    return pooled;
  }

  std::string kernel_name_;
  std::vector<ibsi::LawsKernel> kernels_;
  bool rotation_invariant_;
  bool max_pooling_;
  int energy_distance_;
  ibsi::CommonFilterOptions common_;
};

}  // namespace

FilterType laws_filter_type() {
  return {"Laws",
          "IBSI 2 Laws filter: kernel (e.g. E5L5S5, L5S5), rotation_invariance, pooling (max | average), "
          "energy_distance (voxels), boundary, dimensions (3D | 2D)",
          [](const FilterOptions& options) -> std::unique_ptr<ImageFilter> {
            const auto common = ibsi::read_common_filter_options(options);
            if (!options.has("kernel"))
              options.fail("kernel",
                           "is required: Laws 1D kernels, one per axis from x (e.g. E5L5S5, or L5S5 in 2D)");
            const std::string name = options.word("kernel", "");
            std::vector<ibsi::LawsKernel> kernels;
            try {
              kernels = ibsi::parse_laws_kernels(name);
            } catch (const std::invalid_argument& error) {
              options.fail("kernel", error.what());
            }
            if (static_cast<int>(kernels.size()) != common.dimension_count())
              options.fail("kernel",
                           fmt::format("'{}' has {} 1D kernels; dimensions {} needs {}", name, kernels.size(),
                                       common.dimensions_name(), common.dimension_count()));
            std::string canonical;
            for (const auto& kernel : kernels) canonical += kernel.name;
            const bool rotation_invariant = options.flag("rotation_invariance", false);
            if (!rotation_invariant && options.has("pooling"))
              options.fail("pooling", "pools rotated filters; it needs rotation_invariance: true");
            const bool max_pooling = options.word("pooling", "max", {"max", "average"}) == "max";
            int energy_distance = 0;
            if (options.has("energy_distance")) {
              energy_distance = options.integer("energy_distance", 0);
              options.require(energy_distance >= 1 && energy_distance <= 100, "energy_distance",
                              energy_distance,
                              "the energy window reaches energy_distance voxels from its centre, 1 to 100");
            }
            return std::make_unique<LawsFilter>(canonical, std::move(kernels), rotation_invariant,
                                                max_pooling, energy_distance, common);
          }};
}

}  // namespace radstudy::filters
