#include "preprocess/resampling.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/errors.hpp"
#include "preprocess/bspline_coefficients.hpp"

namespace radstudy::preprocess {
namespace {

using settings::Interpolator;

// A sample d voxels away changes a cubic B-spline coefficient by |sqrt(3) - 2|^d of its value
// (< 4e-12 for d = 20), so the prefilter runs on the needed block plus this margin, clipped to the
// image; only coefficients within a few voxels of the margin's edge differ from ITK's, at that level.
constexpr long kBSplineMargin = 20;

// ITK's index -> physical point: origin + (direction * diag(spacing)) index, summed in column order.
core::Vec3 index_to_point(const core::Geometry& geometry, const core::Vec3& index) {
  core::Vec3 point;
  for (int row = 0; row < 3; ++row) {
    double sum = 0.0;
    for (int column = 0; column < 3; ++column)
      sum += geometry.direction[row * 3 + column] * geometry.spacing[column] * index[column];
    point[row] = geometry.origin[row] + sum;
  }
  return point;
}

// ITK's physical point -> continuous index: diag(1 / spacing) direction^T (point - origin).
core::Vec3 point_to_index(const core::Geometry& geometry, const core::Vec3& point) {
  core::Vec3 offset;
  for (int axis = 0; axis < 3; ++axis) offset[axis] = point[axis] - geometry.origin[axis];
  core::Vec3 index;
  for (int axis = 0; axis < 3; ++axis) {
    double sum = 0.0;
    for (int row = 0; row < 3; ++row) sum += geometry.direction[row * 3 + axis] / geometry.spacing[axis] * offset[row];
    index[axis] = sum;
  }
  return index;
}

// Continuous input index of every output position along each axis. Axis 0 follows ITK's
// ResampleImageFilter scanlines: the index is interpolated between the line's start and its end.
std::array<std::vector<double>, 3> sample_positions(const core::Geometry& input, const core::Geometry& output) {
  std::array<std::vector<double>, 3> positions;
  for (int axis = 0; axis < 3; ++axis) positions[axis].resize(output.size[axis]);
  const core::Vec3 start = point_to_index(input, index_to_point(output, {0, 0, 0}));
  const core::Vec3 end = point_to_index(input, index_to_point(output, {static_cast<double>(output.size[0]), 0, 0}));
  for (std::size_t k = 0; k < output.size[0]; ++k) {
    const double alpha = static_cast<double>(k) / static_cast<double>(output.size[0]);
    positions[0][k] = start[0] + alpha * (end[0] - start[0]);
  }
  for (int axis = 1; axis < 3; ++axis)
    for (std::size_t k = 0; k < output.size[axis]; ++k) {
      core::Vec3 index{0, 0, 0};
      index[axis] = static_cast<double>(k);
      positions[axis][k] = point_to_index(input, index_to_point(output, index))[axis];
    }
  return positions;
}

// The input samples and weights that make one output sample along one axis.
struct AxisTaps {
  int tap_count = 1;                       // 1 nearest, 2 linear (v0 + (v1 - v0) d), 4 B-spline
  std::vector<std::array<long, 4>> index;  // input indices (absolute until rebased onto the crop)
  std::vector<std::array<double, 4>> weight;
  std::vector<std::uint8_t> inside;
};

long mirror_index(long index, long length) {
  if (length == 1) return 0;
  const long end = length - 1;
  if (index < 0) index = -index;
  if (index >= end) index = end - (index - end);
  return index;
}

AxisTaps axis_taps(const std::vector<double>& positions, long length, Interpolator interpolator, EdgeMode edge_mode) {
  AxisTaps taps;
  taps.tap_count = interpolator == Interpolator::BSpline ? 4 : interpolator == Interpolator::Linear ? 2 : 1;
  const std::size_t count = positions.size();
  taps.index.assign(count, {0, 0, 0, 0});
  taps.weight.assign(count, {0, 0, 0, 0});
  taps.inside.assign(count, 1);
  for (std::size_t k = 0; k < count; ++k) {
    double t = positions[k];
    if (edge_mode == EdgeMode::Itk) {
      if (!(t >= -0.5 && t < static_cast<double>(length) - 0.5)) {
        taps.inside[k] = 0;
        continue;
      }
    } else {
      t = std::clamp(t, 0.0, static_cast<double>(length - 1));
    }
    auto& index = taps.index[k];
    auto& weight = taps.weight[k];
    switch (interpolator) {
      case Interpolator::Linear: {
        long base = static_cast<long>(std::floor(t));
        if (base < 0) base = 0;
        const double distance = t - static_cast<double>(base);
        if (distance <= 0.0 || base + 1 > length - 1) index = {base, base, base, base};
        else {
          index = {base, base + 1, base, base};
          weight[0] = distance;
        }
        break;
      }
      case Interpolator::BSpline: {
        const CubicBSplineSupport support = cubic_bspline_support(t);
        for (int j = 0; j < 4; ++j) {
          index[j] = mirror_index(support.first_index + j, length);
          weight[j] = support.weights[j];
        }
        break;
      }
      default: {
        const long nearest = static_cast<long>(std::floor(t + 0.5));
        index = {nearest, nearest, nearest, nearest};
        weight[0] = 1.0;
        break;
      }
    }
  }
  return taps;
}

// Resamples `input` (dims n, x fastest) along `axis` with `taps`; the other axes are unchanged.
std::vector<double> resample_axis(const std::vector<double>& input, const std::array<std::size_t, 3>& dims, int axis,
                                  const AxisTaps& taps) {
  std::array<std::size_t, 3> out_dims = dims;
  out_dims[axis] = taps.inside.size();
  std::vector<double> output(out_dims[0] * out_dims[1] * out_dims[2], 0.0);
  const std::size_t in_stride = axis == 0 ? 1 : axis == 1 ? dims[0] : dims[0] * dims[1];
  // Positions along the other two axes: `inner` runs contiguous in memory when axis > 0.
  const std::size_t inner = axis == 0 ? 1 : axis == 1 ? dims[0] : dims[0] * dims[1];
  const std::size_t outer = axis == 0 ? dims[1] * dims[2] : axis == 1 ? dims[2] : 1;
  const std::size_t in_outer_stride = axis == 0 ? dims[0] : axis == 1 ? dims[0] * dims[1] : 0;
  const std::size_t out_outer_stride = axis == 0 ? out_dims[0] : axis == 1 ? out_dims[0] * out_dims[1] : 0;
  const std::size_t out_stride = axis == 0 ? 1 : axis == 1 ? out_dims[0] : out_dims[0] * out_dims[1];
  const std::size_t count = taps.inside.size();
  for (std::size_t o = 0; o < outer; ++o) {
    const double* in_base = input.data() + o * in_outer_stride;
    double* out_base = output.data() + o * out_outer_stride;
    for (std::size_t k = 0; k < count; ++k) {
      if (!taps.inside[k]) continue;
      const auto& index = taps.index[k];
      const auto& weight = taps.weight[k];
      double* out = out_base + k * out_stride;
      const double* row0 = in_base + index[0] * in_stride;
      if (taps.tap_count == 1) {
        for (std::size_t i = 0; i < inner; ++i) out[i] = row0[i];
      } else if (taps.tap_count == 2) {
        const double* row1 = in_base + index[1] * in_stride;
        const double distance = weight[0];
        for (std::size_t i = 0; i < inner; ++i) out[i] = row0[i] + (row1[i] - row0[i]) * distance;
      } else {
        const double* row1 = in_base + index[1] * in_stride;
        const double* row2 = in_base + index[2] * in_stride;
        const double* row3 = in_base + index[3] * in_stride;
        for (std::size_t i = 0; i < inner; ++i)
          out[i] = weight[0] * row0[i] + weight[1] * row1[i] + weight[2] * row2[i] + weight[3] * row3[i];
      }
    }
  }
  return output;
}

// ITK's BSplineDecompositionImageFilter (lines along x, then y, then z) over the input block
// [crop_lower, crop_upper], returning only the coefficients in [tap_lower, tap_upper] (x fastest).
// Every coefficient gets exactly the arithmetic of a full pass over the block: the x lines are
// decomposed in groups, transposed so that they run side by side; the y and z passes only run
// on the columns whose coefficients are kept, as lines along one axis do not mix across the others.
template <typename T>
std::vector<double> bspline_coefficients(const core::Image<T>& image, const std::array<long, 3>& crop_lower,
                                         const std::array<long, 3>& crop_upper, const std::array<long, 3>& tap_lower,
                                         const std::array<long, 3>& tap_upper) {
  std::array<std::size_t, 3> block, kept, offset;
  for (int axis = 0; axis < 3; ++axis) {
    block[axis] = static_cast<std::size_t>(crop_upper[axis] - crop_lower[axis] + 1);
    kept[axis] = static_cast<std::size_t>(tap_upper[axis] - tap_lower[axis] + 1);
    offset[axis] = static_cast<std::size_t>(tap_lower[axis] - crop_lower[axis]);
  }
  // x pass: `kGroup` lines of one z plane side by side; keep the columns x in the tap range.
  constexpr std::size_t kGroup = 8;
  std::vector<double> partial(kept[0] * block[1] * block[2]);
  std::vector<double> lines(block[0] * kGroup);
  for (std::size_t z = 0; z < block[2]; ++z)
    for (std::size_t y0 = 0; y0 < block[1]; y0 += kGroup) {
      const std::size_t width = std::min(kGroup, block[1] - y0);
      for (std::size_t i = 0; i < width; ++i) {
        const T* source = &image.at(crop_lower[0], y0 + i + crop_lower[1], z + crop_lower[2]);
        for (std::size_t n = 0; n < block[0]; ++n) lines[n * width + i] = static_cast<double>(source[n]);
      }
      cubic_bspline_coefficients_lines(lines.data(), block[0], width, width);
      for (std::size_t i = 0; i < width; ++i) {
        double* target = partial.data() + kept[0] * (y0 + i + block[1] * z);
        for (std::size_t n = 0; n < kept[0]; ++n) target[n] = lines[(n + offset[0]) * width + i];
      }
    }
  // y pass on every z plane, z pass on the kept y rows.
  const std::size_t plane = kept[0] * block[1];
  for (std::size_t z = 0; z < block[2]; ++z)
    cubic_bspline_coefficients_lines(partial.data() + z * plane, block[1], kept[0], kept[0]);
  cubic_bspline_coefficients_lines(partial.data() + offset[1] * kept[0], block[2], plane, kept[0] * kept[1]);
  std::vector<double> coefficients(kept[0] * kept[1] * kept[2]);
  for (std::size_t z = 0; z < kept[2]; ++z)
    for (std::size_t y = 0; y < kept[1]; ++y) {
      const double* source = partial.data() + kept[0] * (y + offset[1] + block[1] * (z + offset[2]));
      std::copy(source, source + kept[0], coefficients.data() + kept[0] * (y + kept[1] * z));
    }
  return coefficients;
}

void check_same_direction(const core::Geometry& input, const core::Geometry& output) {
  for (int k = 0; k < 9; ++k)
    if (std::abs(input.direction[k] - output.direction[k]) > 1e-6)
      throw InputError("resampling needs the output grid to share the input's direction");
}

template <typename T>
std::vector<double> interpolate_any(const core::Image<T>& image, const core::Geometry& output,
                                    Interpolator interpolator, EdgeMode edge_mode) {
  if (interpolator == Interpolator::None) interpolator = Interpolator::Nearest;
  const core::Geometry& input = image.geometry();
  check_same_direction(input, output);
  const auto positions = sample_positions(input, output);
  std::array<AxisTaps, 3> taps;
  std::array<long, 3> tap_lower{}, tap_upper{}, crop_lower{}, crop_upper{};
  bool any_inside = true;
  for (int axis = 0; axis < 3; ++axis) {
    const long length = static_cast<long>(input.size[axis]);
    taps[axis] = axis_taps(positions[axis], length, interpolator, edge_mode);
    long lower = length, upper = -1;
    for (std::size_t k = 0; k < taps[axis].inside.size(); ++k) {
      if (!taps[axis].inside[k]) continue;
      for (int j = 0; j < taps[axis].tap_count; ++j) {
        lower = std::min(lower, taps[axis].index[k][j]);
        upper = std::max(upper, taps[axis].index[k][j]);
      }
    }
    if (upper < lower) any_inside = false;
    tap_lower[axis] = lower;
    tap_upper[axis] = upper;
    const long margin = interpolator == Interpolator::BSpline ? kBSplineMargin : 0;
    crop_lower[axis] = std::max(0L, lower - margin);
    crop_upper[axis] = std::min(length - 1, upper + margin);
  }
  if (!any_inside) return std::vector<double>(output.voxel_count(), 0.0);

  std::array<std::size_t, 3> dims;
  std::vector<double> values;
  if (interpolator == Interpolator::BSpline) {
    values = bspline_coefficients(image, crop_lower, crop_upper, tap_lower, tap_upper);
    for (int axis = 0; axis < 3; ++axis) dims[axis] = static_cast<std::size_t>(tap_upper[axis] - tap_lower[axis] + 1);
    crop_lower = tap_lower;
  } else {
    for (int axis = 0; axis < 3; ++axis) dims[axis] = static_cast<std::size_t>(crop_upper[axis] - crop_lower[axis] + 1);
    values.resize(dims[0] * dims[1] * dims[2]);
    for (std::size_t z = 0; z < dims[2]; ++z)
      for (std::size_t y = 0; y < dims[1]; ++y) {
        const T* source = &image.at(crop_lower[0], y + crop_lower[1], z + crop_lower[2]);
        double* target = values.data() + dims[0] * (y + dims[1] * z);
        for (std::size_t x = 0; x < dims[0]; ++x) target[x] = static_cast<double>(source[x]);
      }
  }
  for (int axis = 0; axis < 3; ++axis)
    for (auto& index : taps[axis].index)
      for (auto& value : index) value -= crop_lower[axis];
  for (int axis = 0; axis < 3; ++axis) {
    values = resample_axis(values, dims, axis, taps[axis]);
    dims[axis] = output.size[axis];
  }
  return values;
}

}  // namespace

core::Vec3 pyradiomics_target_spacing(const core::Geometry& mask_geometry, const BoundingBox& box,
                                      const std::vector<double>& requested) {
  core::Vec3 spacing = mask_geometry.spacing;
  for (int axis = 0; axis < 3 && axis < static_cast<int>(requested.size()); ++axis) {
    if (requested[axis] != 0.0) spacing[axis] = requested[axis];
    if (box.extent(axis) == 1) spacing[axis] = mask_geometry.spacing[axis];
  }
  return spacing;
}

core::Geometry pyradiomics_resampling_grid(const core::Geometry& mask_geometry, const BoundingBox& box,
                                           const core::Vec3& spacing, int pad_distance) {
  core::Geometry grid = mask_geometry;
  core::Vec3 origin_index;
  for (int axis = 0; axis < 3; ++axis) {
    const double ratio = mask_geometry.spacing[axis] / spacing[axis];
    const double lower_index = static_cast<double>(box.lower[axis]);
    const double size = static_cast<double>(box.extent(axis));
    double lower = std::floor((lower_index - 0.5) * ratio - pad_distance);
    double upper = std::ceil((lower_index + size - 0.5) * ratio + pad_distance);
    const double max_upper = std::ceil(static_cast<double>(mask_geometry.size[axis]) * ratio) - 1;
    if (lower < 0) lower = 0;
    if (upper > max_upper) upper = max_upper;
    grid.size[axis] = static_cast<std::size_t>(upper - lower + 1);
    grid.spacing[axis] = spacing[axis];
    const double origin_offset = 0.5 * (spacing[axis] - mask_geometry.spacing[axis]) / mask_geometry.spacing[axis];
    origin_index[axis] = origin_offset + lower / ratio;
  }
  grid.origin = index_to_point(mask_geometry, origin_index);
  return grid;
}

core::Geometry ibsi_interpolation_grid(const core::Geometry& input, const std::vector<double>& spacing,
                                       bool in_plane_only) {
  core::Geometry grid = input;
  core::Vec3 origin_index;
  for (int axis = 0; axis < 3; ++axis) {
    double target = axis < static_cast<int>(spacing.size()) ? spacing[axis] : 0.0;
    if (target == 0.0 || (in_plane_only && axis == 2)) target = input.spacing[axis];
    const double ratio = target / input.spacing[axis];  // input voxels per output voxel
    const double old_size = static_cast<double>(input.size[axis]);
    const double new_size = std::ceil(old_size / ratio);
    grid.size[axis] = static_cast<std::size_t>(new_size);
    grid.spacing[axis] = target;
    origin_index[axis] = 0.5 * (old_size - 1.0) - 0.5 * (new_size - 1.0) * ratio;
  }
  grid.origin = index_to_point(input, origin_index);
  return grid;
}

core::Geometry sub_grid_covering(const core::Geometry& grid, const core::Geometry& input, const BoundingBox& box,
                                 int padding) {
  const core::Vec3 grid_origin_in_input = point_to_index(input, grid.origin);
  core::Geometry sub = grid;
  core::Vec3 origin_index;
  for (int axis = 0; axis < 3; ++axis) {
    const double step = grid.spacing[axis] / input.spacing[axis];
    const double offset = grid_origin_in_input[axis];
    long lower = static_cast<long>(std::floor((static_cast<double>(box.lower[axis]) - 1.0 - offset) / step)) - padding;
    long upper = static_cast<long>(std::ceil((static_cast<double>(box.upper[axis]) + 1.0 - offset) / step)) + padding;
    lower = std::max(0L, lower);
    upper = std::min(static_cast<long>(grid.size[axis]) - 1, upper);
    if (upper < lower) throw InputError("the region lies outside the interpolation grid");
    sub.size[axis] = static_cast<std::size_t>(upper - lower + 1);
    origin_index[axis] = static_cast<double>(lower);
  }
  sub.origin = index_to_point(grid, origin_index);
  return sub;
}

std::vector<double> interpolate(const core::IntensityImage& image, const core::Geometry& output,
                                settings::Interpolator interpolator, EdgeMode edge_mode) {
  return interpolate_any(image, output, interpolator, edge_mode);
}

std::vector<double> interpolate_mask(const core::Mask& mask, const core::Geometry& output,
                                     settings::Interpolator interpolator, EdgeMode edge_mode) {
  return interpolate_any(mask, output, interpolator, edge_mode);
}

core::Mask resample_mask_nearest(const core::Mask& mask, const core::Geometry& output, EdgeMode edge_mode) {
  const core::Geometry& input = mask.geometry();
  check_same_direction(input, output);
  const auto positions = sample_positions(input, output);
  std::array<AxisTaps, 3> taps;
  for (int axis = 0; axis < 3; ++axis)
    taps[axis] = axis_taps(positions[axis], static_cast<long>(input.size[axis]), Interpolator::Nearest, edge_mode);
  core::Mask result(output);
  // Raw pointers: byte stores could alias the vectors' own members and force reloads.
  const std::uint8_t* inside_x = taps[0].inside.data();
  const std::array<long, 4>* index_x = taps[0].index.data();
  for (std::size_t z = 0; z < output.size[2]; ++z) {
    if (!taps[2].inside[z]) continue;
    for (std::size_t y = 0; y < output.size[1]; ++y) {
      if (!taps[1].inside[y]) continue;
      const std::uint8_t* source = &mask.at(0, static_cast<std::size_t>(taps[1].index[y][0]),
                                            static_cast<std::size_t>(taps[2].index[z][0]));
      std::uint8_t* target = &result.at(0, y, z);
      for (std::size_t x = 0; x < output.size[0]; ++x)
        target[x] = inside_x[x] && source[index_x[x][0]] != 0 ? 1 : 0;
    }
  }
  return result;
}

}  // namespace radstudy::preprocess
