#pragma once
#include <vector>

#include "plot/rect.hpp"
#include "plot/scale.hpp"

namespace radstudy::plot {

// A panel's plot area and its two scales: where data coordinates land on the figure.
struct Frame {
  Rect area;
  Scale x, y;

  double x_at(double value) const { return area.x + x.fraction(value) * area.width; }
  // Numbers grow upwards; categories are read top to bottom (category 0 at the top: heatmap rows,
  // forest plot rows).
  double y_at(double value) const {
    return y.kind() == AxisKind::kCategorical ? area.y + y.fraction(value) * area.height
                                              : area.bottom() - y.fraction(value) * area.height;
  }
  Point at(double x_value, double y_value) const { return {x_at(x_value), y_at(y_value)}; }
  // Points per data unit along x / y (for categorical bands: the band's size).
  double x_unit() const { return area.width / (x.upper() - x.lower()); }
  double y_unit() const { return area.height / (y.upper() - y.lower()); }
};

// Appends points every `spacing` points along the segment from `from` to `to` (both ends included), for
// the legend's search of an empty corner.
void sample_segment(Point from, Point to, std::vector<Point>& points, double spacing = 2);

}  // namespace radstudy::plot
