#include "preprocess/resampling.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <type_traits>

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

// A block of doubles whose every element is written before it is read (no zero fill).
using Buffer = std::unique_ptr<double[]>;
Buffer make_buffer(std::size_t count) { return std::make_unique_for_overwrite<double[]>(count); }

// A 3D block of samples, x contiguous; rows `row_stride` and planes `plane_stride` elements apart.
template <typename T>
struct BlockView {
  const T* data;
  std::size_t row_stride, plane_stride;
};

// The taps of the output samples [first, first + count) along one axis, indices rebased onto the
// first input sample the block holds, in flat arrays.
struct WindowTaps {
  std::size_t count = 0;
  std::vector<std::array<long, 4>> index;
  std::vector<std::array<double, 4>> weight;
  std::vector<std::uint8_t> inside;
};

WindowTaps window_taps(const AxisTaps& taps, long first, long last, long base) {
  WindowTaps window;
  window.count = static_cast<std::size_t>(last - first + 1);
  window.index.assign(taps.index.begin() + first, taps.index.begin() + last + 1);
  window.weight.assign(taps.weight.begin() + first, taps.weight.begin() + last + 1);
  window.inside.assign(taps.inside.begin() + first, taps.inside.begin() + last + 1);
  for (auto& index : window.index)
    for (auto& value : index) value -= base;
  return window;
}

// One output sample from its taps: ITK's arithmetic for each interpolator.
template <int kTaps, typename T>
inline double tap_sum(const T* row0, const T* row1, const T* row2, const T* row3, std::size_t i,
                      const std::array<double, 4>& weight) {
  if constexpr (kTaps == 1) {
    return static_cast<double>(row0[i]);
  } else if constexpr (kTaps == 2) {
    const double v0 = static_cast<double>(row0[i]);
    return v0 + (static_cast<double>(row1[i]) - v0) * weight[0];
  } else {
    return weight[0] * static_cast<double>(row0[i]) + weight[1] * static_cast<double>(row1[i]) +
           weight[2] * static_cast<double>(row2[i]) + weight[3] * static_cast<double>(row3[i]);
  }
}

// Calls body(std::integral_constant<int, N>) with N = tap_count (1, 2 or 4), so that the
// resampling loops are compiled for a fixed number of taps.
template <typename Body>
void with_tap_count(int tap_count, Body&& body) {
  if (tap_count == 4)
    body(std::integral_constant<int, 4>{});
  else if (tap_count == 2)
    body(std::integral_constant<int, 2>{});
  else
    body(std::integral_constant<int, 1>{});
}

// Resamples along x: every row (y < rows, z < planes) of `input` into `output` (rows of taps.count).
template <int kTaps, typename T>
void resample_x(BlockView<T> input, std::size_t rows, std::size_t planes, const WindowTaps& taps, double* output) {
  const std::size_t count = taps.count;
  for (std::size_t z = 0; z < planes; ++z)
    for (std::size_t y = 0; y < rows; ++y) {
      const T* row = input.data + y * input.row_stride + z * input.plane_stride;
      double* out = output + count * (y + rows * z);
      for (std::size_t k = 0; k < count; ++k) {
        const auto& index = taps.index[k];
        out[k] = taps.inside[k] ? tap_sum<kTaps>(row + index[0], row + index[1], row + index[2], row + index[3], 0,
                                                 taps.weight[k])
                                : 0.0;
      }
    }
}

// Resamples along y (`plane_axis` false) or z (true): whole lines of `inner` contiguous samples
// combine. Output line k of outer block o goes to output + o * out_outer_stride + k * inner,
// through `store(double) -> U`.
template <int kTaps, typename U, typename Store>
void resample_lines(const double* input, std::size_t inner, std::size_t in_line_stride, std::size_t outer,
                    std::size_t in_outer_stride, const WindowTaps& taps, U* output, std::size_t out_outer_stride,
                    Store store) {
  for (std::size_t o = 0; o < outer; ++o) {
    const double* in_base = input + o * in_outer_stride;
    for (std::size_t k = 0; k < taps.count; ++k) {
      U* __restrict out = output + o * out_outer_stride + k * inner;
      if (!taps.inside[k]) {
        for (std::size_t i = 0; i < inner; ++i) out[i] = store(0.0);
        continue;
      }
      const auto& index = taps.index[k];
      const double* row0 = in_base + index[0] * in_line_stride;
      const double* row1 = in_base + index[1] * in_line_stride;
      const double* row2 = in_base + index[2] * in_line_stride;
      const double* row3 = in_base + index[3] * in_line_stride;
      const std::array<double, 4> weight = taps.weight[k];
      for (std::size_t i = 0; i < inner; ++i) out[i] = store(tap_sum<kTaps>(row0, row1, row2, row3, i, weight));
    }
  }
}

// ITK's BSplineDecompositionImageFilter (lines along x, then y, then z) over the input block
// [crop_lower, crop_upper]; the coefficients in [tap_lower, tap_upper] are left in `partial`
// (returned), viewed by `view`. Every coefficient gets exactly the arithmetic of a full pass over
// the block: the x lines are decomposed in groups, transposed so that they run side by side; the
// y and z passes only run on the columns whose coefficients are kept, as lines along one axis do
// not mix across the others.
template <typename T>
Buffer bspline_coefficients(const core::Image<T>& image, const std::array<long, 3>& crop_lower,
                            const std::array<long, 3>& crop_upper, const std::array<long, 3>& tap_lower,
                            const std::array<long, 3>& tap_upper, BlockView<double>& view) {
  std::array<std::size_t, 3> block, kept, offset;
  for (int axis = 0; axis < 3; ++axis) {
    block[axis] = static_cast<std::size_t>(crop_upper[axis] - crop_lower[axis] + 1);
    kept[axis] = static_cast<std::size_t>(tap_upper[axis] - tap_lower[axis] + 1);
    offset[axis] = static_cast<std::size_t>(tap_lower[axis] - crop_lower[axis]);
  }
  // x pass: `kGroup` lines of one z plane side by side; keep the columns x in the tap range.
  constexpr std::size_t kGroup = 8;
  Buffer partial = make_buffer(kept[0] * block[1] * block[2]);
  Buffer lines = make_buffer(block[0] * kGroup);
  for (std::size_t z = 0; z < block[2]; ++z)
    for (std::size_t y0 = 0; y0 < block[1]; y0 += kGroup) {
      const std::size_t width = std::min(kGroup, block[1] - y0);
      for (std::size_t i = 0; i < width; ++i) {
        const T* source = &image.at(crop_lower[0], y0 + i + crop_lower[1], z + crop_lower[2]);
        for (std::size_t n = 0; n < block[0]; ++n) lines[n * width + i] = static_cast<double>(source[n]);
      }
      cubic_bspline_coefficients_lines(lines.get(), block[0], width, width);
      for (std::size_t i = 0; i < width; ++i) {
        double* target = partial.get() + kept[0] * (y0 + i + block[1] * z);
        for (std::size_t n = 0; n < kept[0]; ++n) target[n] = lines[(n + offset[0]) * width + i];
      }
    }
  // y pass on every z plane, z pass on the kept y rows.
  const std::size_t plane = kept[0] * block[1];
  for (std::size_t z = 0; z < block[2]; ++z)
    cubic_bspline_coefficients_lines(partial.get() + z * plane, block[1], kept[0], kept[0]);
  // z lines in chunks of columns, so that a chunk's planes stay in cache through the recursions.
  constexpr std::size_t kColumnChunk = 512;
  const std::size_t columns = kept[0] * kept[1];
  for (std::size_t first = 0; first < columns; first += kColumnChunk)
    cubic_bspline_coefficients_lines(partial.get() + offset[1] * kept[0] + first, block[2], plane,
                                     std::min(kColumnChunk, columns - first));
  view = {partial.get() + kept[0] * (offset[1] + block[1] * offset[2]), kept[0], plane};
  return partial;
}

void check_same_direction(const core::Geometry& input, const core::Geometry& output) {
  for (int k = 0; k < 9; ++k)
    if (std::abs(input.direction[k] - output.direction[k]) > 1e-6)
      throw InputError("resampling needs the output grid to share the input's direction");
}

// Interpolates `image` at the output voxels [window_lower, window_upper] of the grid `output`
// and hands them, x fastest, to `destination` through `store(double)`. Exactly the values of
// the whole grid's interpolation: the taps, and the B-spline block, come from the whole grid.
template <typename T, typename U, typename Store>
void interpolate_any(const core::Image<T>& image, const core::Geometry& output, const std::array<long, 3>& window_lower,
                     const std::array<long, 3>& window_upper, Interpolator interpolator, EdgeMode edge_mode,
                     U* destination, Store store) {
  if (interpolator == Interpolator::None) interpolator = Interpolator::Nearest;
  const core::Geometry& input = image.geometry();
  check_same_direction(input, output);
  const auto positions = sample_positions(input, output);
  std::array<AxisTaps, 3> taps;
  std::array<long, 3> tap_lower{}, tap_upper{}, crop_lower{}, crop_upper{};
  std::array<std::size_t, 3> window{};
  bool any_inside = true;
  for (int axis = 0; axis < 3; ++axis) {
    const long length = static_cast<long>(input.size[axis]);
    taps[axis] = axis_taps(positions[axis], length, interpolator, edge_mode);
    window[axis] = static_cast<std::size_t>(window_upper[axis] - window_lower[axis] + 1);
    long lower = length, upper = -1, window_tap_lower = length, window_tap_upper = -1;
    for (std::size_t k = 0; k < taps[axis].inside.size(); ++k) {
      if (!taps[axis].inside[k]) continue;
      const bool in_window = static_cast<long>(k) >= window_lower[axis] && static_cast<long>(k) <= window_upper[axis];
      for (int j = 0; j < taps[axis].tap_count; ++j) {
        const long index = taps[axis].index[k][j];
        lower = std::min(lower, index);
        upper = std::max(upper, index);
        if (in_window) {
          window_tap_lower = std::min(window_tap_lower, index);
          window_tap_upper = std::max(window_tap_upper, index);
        }
      }
    }
    if (window_tap_upper < window_tap_lower) any_inside = false;
    tap_lower[axis] = window_tap_lower;
    tap_upper[axis] = window_tap_upper;
    const long margin = interpolator == Interpolator::BSpline ? kBSplineMargin : 0;
    crop_lower[axis] = std::max(0L, lower - margin);
    crop_upper[axis] = std::min(length - 1, upper + margin);
  }
  if (!any_inside) {
    std::fill(destination, destination + window[0] * window[1] * window[2], store(0.0));
    return;
  }
  std::array<WindowTaps, 3> window_taps_of;
  std::array<std::size_t, 3> kept;
  for (int axis = 0; axis < 3; ++axis) {
    window_taps_of[axis] = window_taps(taps[axis], window_lower[axis], window_upper[axis], tap_lower[axis]);
    kept[axis] = static_cast<std::size_t>(tap_upper[axis] - tap_lower[axis] + 1);
  }
  const int tap_count = taps[0].tap_count;
  Buffer x_resampled = make_buffer(window[0] * kept[1] * kept[2]);
  auto run_x = [&](auto view) {
    with_tap_count(tap_count, [&](auto taps) {
      resample_x<decltype(taps)::value>(view, kept[1], kept[2], window_taps_of[0], x_resampled.get());
    });
  };
  if (interpolator == Interpolator::BSpline) {
    BlockView<double> view{};
    const Buffer coefficients = bspline_coefficients(image, crop_lower, crop_upper, tap_lower, tap_upper, view);
    run_x(view);
  } else {
    const std::size_t row_stride = input.size[0], plane_stride = input.size[0] * input.size[1];
    run_x(BlockView<T>{&image.at(tap_lower[0], tap_lower[1], tap_lower[2]), row_stride, plane_stride});
  }
  // y: lines of window[0] samples, one block per kept z; z: lines of window[0] * window[1].
  const std::size_t y_inner = window[0];
  Buffer y_resampled = make_buffer(window[0] * window[1] * kept[2]);
  const auto identity = [](double value) { return value; };
  auto run_lines = [&](int axis, const double* in, std::size_t inner, std::size_t outer, std::size_t in_outer_stride,
                       auto* out, std::size_t out_outer_stride, auto stored) {
    with_tap_count(tap_count, [&](auto taps) {
      resample_lines<decltype(taps)::value>(in, inner, inner, outer, in_outer_stride, window_taps_of[axis], out,
                                 out_outer_stride, stored);
    });
  };
  run_lines(1, x_resampled.get(), y_inner, kept[2], y_inner * kept[1], y_resampled.get(), y_inner * window[1],
            identity);
  run_lines(2, y_resampled.get(), window[0] * window[1], 1, 0, destination, 0, store);
}

template <typename T>
std::vector<double> interpolate_all(const core::Image<T>& image, const core::Geometry& output,
                                    Interpolator interpolator, EdgeMode edge_mode) {
  std::vector<double> values(output.voxel_count());
  const std::array<long, 3> upper{static_cast<long>(output.size[0]) - 1, static_cast<long>(output.size[1]) - 1,
                                  static_cast<long>(output.size[2]) - 1};
  interpolate_any(image, output, {0, 0, 0}, upper, interpolator, edge_mode, values.data(),
                  [](double value) { return value; });
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
  return interpolate_all(image, output, interpolator, edge_mode);
}

std::vector<double> interpolate_mask(const core::Mask& mask, const core::Geometry& output,
                                     settings::Interpolator interpolator, EdgeMode edge_mode) {
  return interpolate_all(mask, output, interpolator, edge_mode);
}

core::IntensityImage interpolate_cropped(const core::IntensityImage& image, const core::Geometry& output,
                                         const BoundingBox& box, int padding, settings::Interpolator interpolator,
                                         EdgeMode edge_mode, core::PixelType stored_type) {
  const BoundingBox window = padded_box(box, output.size, padding);
  core::IntensityImage result;
  result.geometry() = cropped_geometry(output, window);
  result.set_stored_pixel_type(stored_type);
  auto& voxels = result.voxels();
  voxels.resize(result.geometry().voxel_count());
  auto run = [&](auto store) {
    interpolate_any(image, output, window.lower, window.upper, interpolator, edge_mode, voxels.data(), store);
  };
  using core::PixelType;
  if (stored_type == PixelType::Int16)  // cast_to_pixel_type without branches, so that the pass vectorises
    run([](double value) {
      constexpr double kLowest = std::numeric_limits<std::int16_t>::lowest();
      constexpr double kHighest = std::numeric_limits<std::int16_t>::max();
      return static_cast<float>(static_cast<std::int16_t>(std::min(std::max(value, kLowest), kHighest)));
    });
  else if (stored_type == PixelType::Float32)
    run([](double value) { return static_cast<float>(core::cast_to_pixel_type(value, PixelType::Float32)); });
  else
    run([stored_type](double value) { return static_cast<float>(core::cast_to_pixel_type(value, stored_type)); });
  return result;
}

core::Mask resample_mask_nearest(const core::Mask& mask, const core::Geometry& output, EdgeMode edge_mode) {
  const core::Geometry& input = mask.geometry();
  check_same_direction(input, output);
  const auto positions = sample_positions(input, output);
  std::array<AxisTaps, 3> taps;
  for (int axis = 0; axis < 3; ++axis)
    taps[axis] = axis_taps(positions[axis], static_cast<long>(input.size[axis]), Interpolator::Nearest, edge_mode);
  core::Mask result(output);
  // Flat arrays and raw pointers: byte stores could alias the vectors' own members and force reloads.
  // A sample outside the input reads index 0 (axis_taps leaves it so) and is then masked out.
  std::vector<long> source_x(output.size[0]);
  for (std::size_t x = 0; x < output.size[0]; ++x) source_x[x] = taps[0].index[x][0];
  const std::uint8_t* inside_x = taps[0].inside.data();
  const long* index_x = source_x.data();
  for (std::size_t z = 0; z < output.size[2]; ++z) {
    if (!taps[2].inside[z]) continue;
    for (std::size_t y = 0; y < output.size[1]; ++y) {
      if (!taps[1].inside[y]) continue;
      const std::uint8_t* source = &mask.at(0, static_cast<std::size_t>(taps[1].index[y][0]),
                                            static_cast<std::size_t>(taps[2].index[z][0]));
      std::uint8_t* target = &result.at(0, y, z);
      for (std::size_t x = 0; x < output.size[0]; ++x)
        target[x] = static_cast<std::uint8_t>(inside_x[x] & (source[index_x[x]] != 0));
    }
  }
  return result;
}

}  // namespace radstudy::preprocess
