#pragma once
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "plot/canvas.hpp"
#include "plot/frame.hpp"
#include "plot/legend.hpp"
#include "plot/palette.hpp"

namespace radstudy::plot {

// The data extent of a panel's marks, for its automatic axis ranges (non-finite values are ignored).
struct DataRange {
  double x_lower = std::numeric_limits<double>::infinity(), x_upper = -x_lower;
  double y_lower = x_lower, y_upper = -x_lower;

  void add_x(double x) {
    if (std::isfinite(x)) x_lower = std::min(x_lower, x), x_upper = std::max(x_upper, x);
  }
  void add_y(double y) {
    if (std::isfinite(y)) y_lower = std::min(y_lower, y), y_upper = std::max(y_upper, y);
  }
  void add(double x, double y) { add_x(x), add_y(y); }
};

// A colour scale shown beside the plot.
struct ColorBarSpec {
  ColorMap map = ColorMap::kViridis;
  double lower = 0, upper = 1;
  std::string label;
};

// What a mark needs besides the frame: the figure's font size and a name for the texts it draws.
struct DrawContext {
  double font_size = 8;
  std::string name;  // the panel's name
};

// One kind of thing drawn in a panel's plot area, in data coordinates.
class Mark {
 public:
  virtual ~Mark() = default;
  virtual void extend(DataRange& range) const = 0;
  virtual void draw(Canvas& canvas, const Frame& frame, const DrawContext& context) const = 0;
  // Points (figure points) that the mark covers, so that a legend is placed where it hides nothing.
  virtual void footprint(const Frame& frame, std::vector<Point>& points) const = 0;
  virtual std::vector<LegendEntry> legend_entries() const { return {}; }
  virtual std::optional<ColorBarSpec> color_bar() const { return std::nullopt; }
  // Room the mark takes above the plot area (heatmap annotation tracks), and the width of its labels
  // to the left of that room; drawn by draw_outside.
  virtual double space_above() const { return 0; }
  virtual double label_width_above(const Canvas& /*canvas*/, double /*font_size*/) const { return 0; }
  virtual void draw_outside(Canvas& /*canvas*/, const Frame& /*frame*/,
                            const DrawContext& /*context*/) const {}
};

}  // namespace radstudy::plot
