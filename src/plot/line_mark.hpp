#pragma once
#include "plot/mark.hpp"

namespace radstudy::plot {

// A polyline through (x, y), or with `step` a post-step line (Kaplan-Meier: the value holds until the
// next x) with optional censoring ticks at `censored_x`. Non-finite points break the line.
class LineMark : public Mark {
 public:
  LineMark(std::vector<double> x, std::vector<double> y, Color color, std::string label = {});

  std::vector<double> x, y;
  Color color;
  std::string label;  // legend entry when not empty
  double width = 1.3;
  std::vector<double> dashes;
  bool step = false;
  std::vector<double> censored_x;  // step lines only: a vertical tick on the line at each

  void extend(DataRange& range) const override;
  void draw(Canvas& canvas, const Frame& frame, const DrawContext& context) const override;
  void footprint(const Frame& frame, std::vector<Point>& points) const override;
  std::vector<LegendEntry> legend_entries() const override;

 private:
  std::vector<std::vector<Point>> paths(const Frame& frame) const;
  double value_at(double x_value) const;  // of the step function
};

}  // namespace radstudy::plot
