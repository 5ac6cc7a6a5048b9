#include "features/texture/texture_cost.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <vector>

#include "core/errors.hpp"
#include "features/region_cache.hpp"
#include "features/texture/texture_grid.hpp"
#include "features/texture/texture_support.hpp"

namespace radstudy::features::texture {
namespace {

using settings::ExtractionSettings;

enum class MatrixKind { Cooccurrence, RunLength, Dependence, ToneDifference };

// What one class costs on the region, as functions of the grey-level count.
struct ClassCost {
  std::string family;
  MatrixKind kind;
  double offsets = 0;     // neighbour offsets per voxel (summed over the 2D and 3D passes)
  double matrices = 1;    // matrices kept at the same time (slices for 2D passes)
  int padding = 1;        // grid padding
  bool in_plane = false;  // offsets within slices only
};

std::string source_of(const ExtractionSettings& settings) {
  return settings.source.empty() ? std::string("settings") : settings.source;
}

// Bytes of the matrices of a class at `levels` grey levels (upper bounds of the allocations in
// cooccurrence_matrix.cpp, run_length_matrix.cpp and neighbourhood_matrices.cpp).
double matrix_bytes(const ClassCost& cost, double levels, double longest_line) {
  switch (cost.kind) {
    case MatrixKind::Cooccurrence:  // uint32 tables padded to 16 directions, then one double matrix each
      return 4.0 * levels * (levels + 1) * std::max(16.0, cost.offsets) +
             8.0 * levels * levels * (cost.offsets + 4);
    case MatrixKind::RunLength:  // uint32 run positions per direction and a dense double matrix
      return levels * longest_line * (4.0 * cost.offsets + 16.0);
    case MatrixKind::Dependence:  // two uint32 counters and a double per cell of each matrix
      return 16.0 * levels * (cost.offsets + 1) * (cost.matrices + 1);
    case MatrixKind::ToneDifference:
      return 32.0 * levels * (cost.matrices + 1);
  }
  return 0;
}

std::string byte_text(double bytes) {
  if (bytes >= 1e9) return fmt::format("{:.3g} GB", bytes / 1e9);
  return fmt::format("{:.3g} MB", bytes / 1e6);
}

// The smallest number with two significant digits that is >= value.
double rounded_up(double value) {
  const double scale = std::pow(10.0, std::floor(std::log10(value)) - 1);
  return std::ceil(value / scale) * scale;
}

std::string distances_text(const std::vector<int>& distances) {
  return fmt::format("[{}]", fmt::join(distances, ", "));
}

// The largest d (>= 0) for which the Chebyshev neighbourhood of radius d over `voxels` voxels stays
// within the visit limit (3D, or in-plane).
int fitting_distance(double voxels, bool in_plane) {
  int d = 0;
  while (d < 100000) {
    const double side = 2.0 * (d + 1) + 1;
    const double offsets = (in_plane ? side * side : side * side * side) - 1;
    if (voxels * offsets > settings::kMaxNeighbourVisits) break;
    ++d;
  }
  return d;
}

[[noreturn]] void refuse_levels(const ClassCost& cost, const ExtractionSettings& settings, int levels,
                                double longest_line) {
  const double bytes = matrix_bytes(cost, levels, longest_line);
  int fit = levels;  // the largest grey-level count within the limit
  int low = 1, high = levels;
  while (low < high) {
    const int middle = low + (high - low + 1) / 2;
    if (matrix_bytes(cost, middle, longest_line) <= static_cast<double>(settings::kMaxTextureMatrixBytes))
      low = middle;
    else
      high = middle - 1;
  }
  fit = low;
  const std::string what =
      fmt::format("{} grey levels on this region; {}'s matrices would need {} (limit {} MiB)", levels,
                  cost.family, byte_text(bytes), settings::kMaxTextureMatrixBytes >> 20);
  if (settings.bin_count)
    throw ConfigError(fmt::format("{}: setting 'binCount': {} gives {}; use binCount <= {}",
                                  source_of(settings), *settings.bin_count, what, fit));
  const double width = settings.bin_width.value_or(1.0);
  const double fitting_width = fit >= 2 ? rounded_up(width * (levels - 1) / (fit - 1)) : 0.0;
  throw ConfigError(fmt::format("{}: setting 'binWidth': {} gives {}; use binWidth >= {:g}",
                                source_of(settings), width, what, fitting_width));
}

}  // namespace

void check_texture_cost(const RegionData& region, const std::set<std::string>& families) {
  const ExtractionSettings& settings = region.settings;
  const auto& image_size = region.image.size();
  const std::array<int, 3> size{static_cast<int>(image_size[0]), static_cast<int>(image_size[1]),
                                static_cast<int>(image_size[2])};
  const int largest_extent = std::max({size[0], size[1], size[2]});
  const int slice_axis = settings.force_2d ? texture_slice_axis(settings) : -1;

  std::vector<ClassCost> costs;
  auto wants = [&](const std::vector<std::string>& tokens, const std::string& prefix) {
    return std::any_of(tokens.begin(), tokens.end(),
                       [&](const auto& token) { return token.rfind(prefix, 0) == 0; });
  };
  // PyRadiomics classes: the angles of `distances` that fit the image.
  auto pyradiomics_class = [&](const std::string& family, MatrixKind kind, bool bidirectional) {
    const double offsets =
        static_cast<double>(pyradiomics_angles(size, settings.distances, slice_axis, bidirectional).size());
    if (offsets == 0)
      throw ConfigError(
          fmt::format("{}: setting 'distances': {} gives {} no neighbour on this region (the prepared image "
                      "is {} x {} x {} "
                      "voxels{}); use distances < {}",
                      source_of(settings), distances_text(settings.distances), family, size[0], size[1],
                      size[2], settings.force_2d ? ", in-plane under force2D" : "", largest_extent));
    costs.push_back(
        {family, kind, offsets, 1, pyradiomics_padding(size, settings.distances), settings.force_2d});
  };
  // IBSI classes: one distance, 2D (per slice) and/or 3D passes.
  auto ibsi_class = [&](const std::string& family, MatrixKind kind, bool directional) {
    const int distance = ibsi_distance(settings);
    const auto tokens = directional ? directional_aggregations(settings) : volume_aggregations(settings);
    const bool two_d = wants(tokens, "2"), three_d = wants(tokens, "3D");
    const int axis = texture_slice_axis(settings);
    int in_plane_extent = 0;
    for (int a = 0; a < 3; ++a)
      if (a != axis) in_plane_extent = std::max(in_plane_extent, size[a]);
    const int extent = three_d ? largest_extent : in_plane_extent;
    if (distance >= extent)
      throw ConfigError(
          fmt::format("{}: setting 'distances': {} (IBSI classes use the first) reaches beyond the region: "
                      "the prepared image is "
                      "{} x {} x {} voxels, so {} finds no neighbour pair; use distances < {}",
                      source_of(settings), distances_text(settings.distances), size[0], size[1], size[2],
                      family, extent));
    const double side = 2.0 * distance + 1;
    double offsets = 0, matrices = 1;
    if (kind == MatrixKind::Cooccurrence || kind == MatrixKind::RunLength)
      offsets = three_d ? 13 : 4;
    else
      offsets = (three_d ? side * side * side - 1 : 0) + (two_d ? side * side - 1 : 0);
    if (two_d && (kind == MatrixKind::Dependence || kind == MatrixKind::ToneDifference))
      matrices = size[axis];
    costs.push_back({family, kind, offsets, matrices, distance, !three_d});
  };
  for (const auto& family : families) {
    if (family == "glcm")
      pyradiomics_class(family, MatrixKind::Cooccurrence, false);
    else if (family == "gldm")
      pyradiomics_class(family, MatrixKind::Dependence, true);
    else if (family == "ngtdm")
      pyradiomics_class(family, MatrixKind::ToneDifference, true);
    else if (family == "glrlm")
      costs.push_back({family, MatrixKind::RunLength, 13, 1, 1, false});
    else if (family == "cm")
      ibsi_class(family, MatrixKind::Cooccurrence, true);
    else if (family == "rlm")
      ibsi_class(family, MatrixKind::RunLength, true);
    else if (family == "ngl")
      ibsi_class(family, MatrixKind::Dependence, false);
    else if (family == "ngt")
      ibsi_class(family, MatrixKind::ToneDifference, false);
  }
  if (costs.empty()) return;

  // The padded grid and the neighbour visits, before the grey levels (which need the discretisation).
  const double voxels = static_cast<double>(std::count_if(region.intensity_mask.voxels().begin(),
                                                          region.intensity_mask.voxels().end(),
                                                          [](std::uint8_t voxel) { return voxel != 0; }));
  for (const auto& cost : costs) {
    const double padded = static_cast<double>(size[0] + 2.0 * cost.padding) * (size[1] + 2.0 * cost.padding) *
                          (size[2] + 2.0 * cost.padding);
    const double grid_bytes = 5.0 * padded + 8.0 * voxels;  // levels (int), mask (byte), region indices
    const double visits = voxels * cost.offsets;
    if (grid_bytes <= static_cast<double>(settings::kMaxTextureMatrixBytes) &&
        visits <= settings::kMaxNeighbourVisits)
      continue;
    throw ConfigError(
        fmt::format("{}: setting 'distances': {} gives {} {:.3g} neighbours per voxel over {:.3g} voxels "
                    "({:.3g} visits, limit "
                    "{:.3g}) and a grid padded by {} voxels ({}); use distances <= {}",
                    source_of(settings), distances_text(settings.distances), cost.family, cost.offsets,
                    voxels, visits, settings::kMaxNeighbourVisits, cost.padding, byte_text(grid_bytes),
                    std::max(1, std::min(fitting_distance(voxels, cost.in_plane), largest_extent - 1))));
  }

  const int levels = region_cache(region).discretised(region).level_count;
  for (const auto& cost : costs)
    if (matrix_bytes(cost, levels, largest_extent) > static_cast<double>(settings::kMaxTextureMatrixBytes))
      refuse_levels(cost, settings, levels, largest_extent);
}

}  // namespace radstudy::features::texture
