#include "plot/frame.hpp"

#include <cmath>

namespace radstudy::plot {

void sample_segment(Point from, Point to, std::vector<Point>& points, double spacing) {
  const double length = std::hypot(to.x - from.x, to.y - from.y);
  if (!std::isfinite(length)) return;
  const int steps = std::max(1, static_cast<int>(std::ceil(length / spacing)));
  for (int step = 0; step <= steps; ++step) {
    const double t = static_cast<double>(step) / steps;
    points.push_back({from.x + (to.x - from.x) * t, from.y + (to.y - from.y) * t});
  }
}

}  // namespace radstudy::plot
