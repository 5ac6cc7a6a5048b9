#pragma once
#include <algorithm>

namespace radstudy::plot {

struct Point {
  double x = 0, y = 0;
};

// An axis-aligned rectangle in figure points (y down).
struct Rect {
  double x = 0, y = 0, width = 0, height = 0;

  double right() const { return x + width; }
  double bottom() const { return y + height; }
  double center_x() const { return x + width / 2; }
  double center_y() const { return y + height / 2; }
  bool contains(Point p) const { return p.x >= x && p.x <= right() && p.y >= y && p.y <= bottom(); }
  // The overlap's width and height (zero or negative when the rectangles do not meet).
  double overlap_width(const Rect& other) const {
    return std::min(right(), other.right()) - std::max(x, other.x);
  }
  double overlap_height(const Rect& other) const {
    return std::min(bottom(), other.bottom()) - std::max(y, other.y);
  }
  Rect inset(double left, double top, double right_inset, double bottom_inset) const {
    return {x + left, y + top, std::max(0.0, width - left - right_inset),
            std::max(0.0, height - top - bottom_inset)};
  }
};

}  // namespace radstudy::plot
