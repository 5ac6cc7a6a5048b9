#pragma once
#include <string>
#include <vector>

#include "plot/axis.hpp"
#include "plot/canvas.hpp"
#include "plot/scale.hpp"

namespace radstudy::plot {

struct Tick {
  double value = 0;
  std::string label;  // empty: a tick mark without label (a thinned category)
};

// The ticks of one axis and how their labels are set so that no two overlap: numeric ticks are thinned
// (fewer 1-2-5 steps) until the labels fit; category labels on a horizontal axis are wrapped to two lines,
// or turned vertical when they do not fit their band; on either axis their font shrinks down to
// `minimum_font` and long labels are shortened in the middle; if that is not enough, every k-th is shown.
class AxisLayout {
 public:
  static constexpr double kMinimumFont = 7;

  // `length`: the axis' length in points; `horizontal`: an x axis; `max_extent`: the longest a label may
  // be across the axis.
  AxisLayout(const Canvas& canvas, const Axis& axis, const Scale& scale, double length, bool horizontal,
             double font_size, double max_extent);

  const std::vector<Tick>& ticks() const { return ticks_; }
  const TextStyle& label_style() const { return style_; }
  // The labels' extent across the axis (height for an x axis, width for a y axis), in points.
  double depth() const { return depth_; }
  // How far the first and last labels reach beyond the axis' ends along it (for the margins).
  double overhang_before() const { return overhang_before_; }
  double overhang_after() const { return overhang_after_; }

 private:
  bool numeric_fits(const Canvas& canvas, const std::vector<double>& values, const Scale& scale,
                    double length, bool horizontal);
  void lay_out_numeric(const Canvas& canvas, const Axis& axis, const Scale& scale, double length,
                       bool horizontal);
  void lay_out_categories(const Canvas& canvas, const Axis& axis, double length, bool horizontal,
                          double max_extent);
  void measure_extent(const Canvas& canvas, const Scale& scale, double length, bool horizontal);

  std::vector<Tick> ticks_;
  TextStyle style_;
  double depth_ = 0, overhang_before_ = 0, overhang_after_ = 0;
};

}  // namespace radstudy::plot
