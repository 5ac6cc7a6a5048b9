#pragma once
#include "plot/mark.hpp"

namespace radstudy::plot {

// A text at a data point (e.g. "AUC = 0.81 (0.70-0.92)", or "p = 0.003"), anchored as `style` says.
class TextMark : public Mark {
 public:
  TextMark(double x, double y, std::string text, TextStyle style = {});

  double x, y;
  std::string text;
  TextStyle style;  // style.size 0: the figure's font size

  void extend(DataRange& range) const override;
  void draw(Canvas& canvas, const Frame& frame, const DrawContext& context) const override;
  void footprint(const Frame& frame, std::vector<Point>& points) const override;
};

}  // namespace radstudy::plot
