#pragma once
#include <optional>
#include <string>
#include <vector>

#include "plot/scale.hpp"

namespace radstudy::plot {

// What a panel's axis shows. Without lower/upper the range is the data's, widened by `padding` of its
// span on each side (on a log axis, of its span in decades).
struct Axis {
  AxisKind kind = AxisKind::kLinear;
  std::string label;  // with its unit, e.g. "Time (days)"; Pango markup allowed when `markup`
  bool markup = false;
  std::optional<double> lower, upper;
  std::vector<std::string> categories;  // kCategorical: category i at value i
  std::vector<double> ticks;            // explicit tick values (linear or log axes); empty: automatic
  bool include_zero = false;            // widen an automatic linear range to include 0
  double padding = 0.04;
  bool visible = true;  // false: no line, ticks or labels (heatmaps' frame-less axes keep labels: see lines)
  bool line = true;     // the axis line and tick marks
  bool grid = false;    // light grid lines at the ticks
  // The longest a tick label may be across the axis (points): longer category labels are shortened in
  // the middle. 0: a third of the panel's size across the axis.
  double max_label_extent = 0;
};

}  // namespace radstudy::plot
