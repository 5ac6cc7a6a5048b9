#pragma once
#include <string>
#include <vector>

namespace radstudy::filters {

// How a filter sees the image beyond its edge (IBSI 2, section 2.4): zero (constant 0), nearest (the edge
// voxel repeated), periodic (the image wrapped around), mirror (reflected about the edge, the edge voxel
// repeated: d c b a | a b c d | d c b a, scipy's 'reflect').
enum class BoundaryCondition { Zero, Nearest, Periodic, Mirror };

// The option words: zero (also constant), nearest, periodic (also wrap), mirror (also reflect, symmetric).
BoundaryCondition parse_boundary_condition(const std::string& word);  // throws std::invalid_argument
const std::vector<std::string>& boundary_condition_words();
std::string boundary_condition_name(BoundaryCondition condition);

// The voxel index that position `index` (any integer) of an axis of `size` voxels reads, or -1 for a zero
// value (BoundaryCondition::Zero outside the axis). Periodic and mirror repeat as often as needed.
inline long boundary_index(long index, long size, BoundaryCondition condition) {
  if (index >= 0 && index < size) return index;
  switch (condition) {
    case BoundaryCondition::Zero:
      return -1;
    case BoundaryCondition::Nearest:
      return index < 0 ? 0 : size - 1;
    case BoundaryCondition::Periodic: {
      const long wrapped = index % size;
      return wrapped < 0 ? wrapped + size : wrapped;
    }
    case BoundaryCondition::Mirror: {
      const long period = 2 * size;
      long folded = index % period;
      if (folded < 0) folded += period;
      return folded < size ? folded : period - 1 - folded;
    }
  }
  return -1;
}

}  // namespace radstudy::filters
