#include "preprocess/contour_rasteriser.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

#include "core/errors.hpp"

namespace radstudy::preprocess {
namespace {

// A crossing this close (in voxels) to a voxel centre is taken to pass through it exactly.
constexpr double kCrossingSnap = 1e-9;
// How far (in slices) a contour may stray from a slice plane.
constexpr double kSliceTolerance = 0.1;

struct Crossing {
  long column;
  double y;
  bool operator<(const Crossing& other) const {
    return column != other.column ? column < other.column : y < other.y;
  }
};

// Appends the crossings of edge a-b with the rays x = column, column in [0, width): an edge crosses the ray
// when a.x <= column < b.x (a being the end with the smaller x), so a vertex on a ray counts for one edge.
void add_edge_crossings(std::array<double, 2> a, std::array<double, 2> b, long width,
                        std::vector<Crossing>& crossings) {
  if (a[0] == b[0]) return;  // parallel to the rays
  if (a[0] > b[0]) std::swap(a, b);
  const long first = std::max(0L, static_cast<long>(std::ceil(a[0])));
  const long last = std::min(width, static_cast<long>(std::ceil(b[0])));  // exclusive
  const double slope = (b[1] - a[1]) / (b[0] - a[0]);
  for (long column = first; column < last; ++column) {
    double y = a[1] + (static_cast<double>(column) - a[0]) * slope;
    const double nearest = std::round(y);
    if (std::abs(y - nearest) < kCrossingSnap) y = nearest;
    crossings.push_back({column, y});
  }
}

}  // namespace

std::size_t fill_polygons_even_odd(const std::vector<Polygon2>& polygons, std::size_t width,
                                   std::size_t height, std::span<std::uint8_t> slice) {
  if (slice.size() < width * height)
    throw std::invalid_argument("fill_polygons_even_odd: the slice buffer is smaller than width x height");
  std::vector<Crossing> crossings;
  for (const auto& polygon : polygons) {
    const std::size_t point_count = polygon.size();
    for (std::size_t k = 0; k < point_count; ++k) {
      const auto& from = polygon[k];
      const auto& to = polygon[(k + 1) % point_count];
      add_edge_crossings(from, to, static_cast<long>(width), crossings);
    }
  }
  std::sort(crossings.begin(), crossings.end());

  std::size_t filled = 0;
  const long rows = static_cast<long>(height);
  for (std::size_t begin = 0; begin < crossings.size();) {
    std::size_t end = begin;
    while (end < crossings.size() && crossings[end].column == crossings[begin].column) ++end;
    const long column = crossings[begin].column;
    const std::size_t count = end - begin;
    // Centre y is inside when the crossings below it and those above it are both odd in number.
    std::size_t below = begin;      // first crossing with y >= row
    std::size_t not_above = begin;  // first crossing with y > row
    const long first_row = std::max(0L, static_cast<long>(std::ceil(crossings[begin].y)));
    const long last_row = std::min(rows - 1, static_cast<long>(std::floor(crossings[end - 1].y)));
    for (long row = first_row; row <= last_row; ++row) {
      const double centre = static_cast<double>(row);
      while (below < end && crossings[below].y < centre) ++below;
      while (not_above < end && crossings[not_above].y <= centre) ++not_above;
      const std::size_t count_below = below - begin;
      const std::size_t count_above = count - (not_above - begin);
      if (count_below % 2 == 1 && count_above % 2 == 1) {
        auto& voxel = slice[static_cast<std::size_t>(row) * width + static_cast<std::size_t>(column)];
        filled += voxel == 0;
        voxel = 1;
      }
    }
    begin = end;
  }
  return filled;
}

RasterisedContours rasterise_contours(const std::vector<PatientContour>& contours,
                                      const core::Geometry& grid) {
  RasterisedContours result;
  result.mask = core::Mask(grid, 0);
  const std::size_t width = grid.size[0];
  const std::size_t height = grid.size[1];

  // Each contour in voxel coordinates, tagged with its slice.
  std::vector<std::pair<long, Polygon2>> placed;
  placed.reserve(contours.size());
  for (const auto& contour : contours) {
    if (contour.empty()) continue;
    Polygon2 polygon;
    polygon.reserve(contour.size());
    double slice_min = INFINITY;
    double slice_max = -INFINITY;
    double slice_sum = 0.0;
    for (const auto& point : contour) {
      const core::Vec3 index = grid.point_to_index(point);
      polygon.push_back({index[0], index[1]});
      slice_min = std::min(slice_min, index[2]);
      slice_max = std::max(slice_max, index[2]);
      slice_sum += index[2];
    }
    const double slice_position = slice_sum / static_cast<double>(contour.size());
    const auto& first_point = contour.front();
    if (slice_max - slice_min > kSliceTolerance)
      throw InputError(
          fmt::format("a contour near ({:.2f}, {:.2f}, {:.2f}) mm is not parallel to the image slices: its "
                      "points span {:.2f} "
                      "slices",
                      first_point[0], first_point[1], first_point[2], slice_max - slice_min));
    const long slice = std::lround(slice_position);
    if (std::abs(slice_position - static_cast<double>(slice)) > kSliceTolerance)
      throw InputError(fmt::format(
          "a contour near ({:.2f}, {:.2f}, {:.2f}) mm lies between image slices (at slice index {:.3f}); the "
          "contours do not belong to this image grid",
          first_point[0], first_point[1], first_point[2], slice_position));
    if (slice < 0 || slice >= static_cast<long>(grid.size[2]))
      throw InputError(
          fmt::format("a contour near ({:.2f}, {:.2f}, {:.2f}) mm lies outside the image (slice index {}, "
                      "the image has {} "
                      "slices)",
                      first_point[0], first_point[1], first_point[2], slice, grid.size[2]));
    placed.emplace_back(slice, std::move(polygon));
  }
  std::stable_sort(placed.begin(), placed.end(),
                   [](const auto& left, const auto& right) { return left.first < right.first; });

  const std::size_t slice_size = width * height;
  std::vector<Polygon2> slice_polygons;
  for (std::size_t begin = 0; begin < placed.size();) {
    std::size_t end = begin;
    slice_polygons.clear();
    while (end < placed.size() && placed[end].first == placed[begin].first)
      slice_polygons.push_back(std::move(placed[end++].second));
    const auto slice = static_cast<std::size_t>(placed[begin].first);
    std::span<std::uint8_t> voxels(result.mask.voxels().data() + slice * slice_size, slice_size);
    result.voxel_count += fill_polygons_even_odd(slice_polygons, width, height, voxels);
    result.contour_count += end - begin;
    ++result.slice_count;
    begin = end;
  }
  return result;
}

}  // namespace radstudy::preprocess
