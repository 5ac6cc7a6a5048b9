#pragma once
#include <array>
#include <cstddef>
#include <string>

namespace radstudy::core {

using Vec3 = std::array<double, 3>;
using Size3 = std::array<std::size_t, 3>;
using Index3 = std::array<long, 3>;

// Voxel grid in patient (LPS) coordinates: point = origin + direction * (index * spacing).
// Index 0 is x (columns), 1 is y (rows), 2 is z (slices); x varies fastest in memory.
struct Geometry {
  Size3 size{0, 0, 0};
  Vec3 spacing{1.0, 1.0, 1.0};
  Vec3 origin{0.0, 0.0, 0.0};
  std::array<double, 9> direction{1, 0, 0, 0, 1, 0, 0, 0, 1};  // row-major, columns are axes

  std::size_t voxel_count() const { return size[0] * size[1] * size[2]; }
  Vec3 index_to_point(const Vec3& continuous_index) const;
  Vec3 point_to_index(const Vec3& point) const;
  // Same size, and spacing, origin and direction within tolerance (relative to spacing).
  bool same_grid(const Geometry& other, double tolerance = 1e-4) const;
};

// How `grid` departs from `reference` under same_grid's tolerance, for messages: the parts that differ
// with both values and the difference, e.g. "size 48x48x16 vs the image's 48x48x18, origin differs by
// 7.5 mm ((-10, 0, 0) vs the image's (-17.5, 0, 0))" (`reference_name` is "the image"). Empty when
// grid.same_grid(reference, tolerance).
std::string describe_grid_difference(const Geometry& grid, const Geometry& reference,
                                     const std::string& reference_name, double tolerance = 1e-4);

}  // namespace radstudy::core
