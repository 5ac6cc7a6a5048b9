#pragma once
#include <string>

#include "filters/boundary_condition.hpp"
#include "filters/filter_options.hpp"

namespace radstudy::filters::ibsi {

// The options every IBSI 2 convolutional filter takes: `boundary:` (zero | nearest | periodic | mirror,
// default mirror as MIRP) and `dimensions:` (3D, default, or 2D = each axial slice on its own).
struct CommonFilterOptions {
  BoundaryCondition boundary = BoundaryCondition::Mirror;
  bool slice_by_slice = false;

  int dimension_count() const { return slice_by_slice ? 2 : 3; }
  std::string dimensions_name() const { return slice_by_slice ? "2D" : "3D"; }
};

CommonFilterOptions read_common_filter_options(const FilterOptions& options);

// A Laplacian of Gaussian's `truncation` (its kernel stops at truncation x sigma; default 4, in (0, 20]),
// for LaplacianOfGaussian and the Riesz transform of one.
double read_log_truncation(const FilterOptions& options);

// A number in a column prefix, PyRadiomics style: 3 -> "3-0", 0.5 -> "0-5", 22.5 -> "22-5".
std::string prefix_number(double value);

}  // namespace radstudy::filters::ibsi
