#pragma once
#include "plot/mark.hpp"

namespace radstudy::plot {

// Filled circles at (x, y), one colour or one per point.
class ScatterMark : public Mark {
 public:
  ScatterMark(std::vector<double> x, std::vector<double> y, Color color, std::string label = {});

  std::vector<double> x, y;
  Color color;
  std::vector<Color> point_colors;  // when not empty, one per point (overrides `color`)
  std::string label;
  double radius = 2.2;
  double opacity = 0.85;

  void extend(DataRange& range) const override;
  void draw(Canvas& canvas, const Frame& frame, const DrawContext& context) const override;
  void footprint(const Frame& frame, std::vector<Point>& points) const override;
  std::vector<LegendEntry> legend_entries() const override;
};

}  // namespace radstudy::plot
