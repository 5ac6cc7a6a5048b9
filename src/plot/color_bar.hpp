#pragma once
#include <algorithm>
#include <string>

#include "plot/canvas.hpp"
#include "plot/mark.hpp"

namespace radstudy::plot {

// A vertical colour scale with ticks and a label (read upwards) beside a panel's plot area.
class ColorBar {
 public:
  explicit ColorBar(ColorBarSpec spec) : spec_(std::move(spec)) {}

  static constexpr double kGap = 8, kBarWidth = 8;
  // The bar's height beside a plot area `plot_height` high.
  static double bar_height(double plot_height) {
    return std::min(plot_height, std::max(60.0, plot_height * 0.7));
  }
  // The whole width: gap, bar, ticks, labels and the rotated label.
  double width(const Canvas& canvas, double font_size, double plot_height) const;
  // Drawn with its gap's left edge at `left`, centred on the plot area's height.
  void draw(Canvas& canvas, double left, const Rect& plot, double font_size, const std::string& name) const;

 private:
  ColorBarSpec spec_;
};

}  // namespace radstudy::plot
