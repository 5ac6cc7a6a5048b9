#include "plot/reference_line.hpp"

#include <cairo.h>

#include <cmath>

namespace radstudy::plot {

ReferenceLine::ReferenceLine(Kind kind, double first, double second, std::string legend_label)
    : label(std::move(legend_label)), kind_(kind), first_(first), second_(second) {}

ReferenceLine ReferenceLine::horizontal(double y, std::string label) {
  return {Kind::kHorizontal, y, 0, std::move(label)};
}
ReferenceLine ReferenceLine::vertical(double x, std::string label) {
  return {Kind::kVertical, x, 0, std::move(label)};
}
ReferenceLine ReferenceLine::diagonal(double intercept, double slope, std::string label) {
  return {Kind::kDiagonal, intercept, slope, std::move(label)};
}

void ReferenceLine::extend(DataRange& /*range*/) const {}

std::pair<Point, Point> ReferenceLine::ends(const Frame& frame) const {
  switch (kind_) {
    case Kind::kHorizontal:
      return {{frame.area.x, frame.y_at(first_)}, {frame.area.right(), frame.y_at(first_)}};
    case Kind::kVertical:
      return {{frame.x_at(first_), frame.area.y}, {frame.x_at(first_), frame.area.bottom()}};
    case Kind::kDiagonal:
      break;
  }
  // Many points along the line, so that on a log axis the line is the right curve after clipping.
  const double from = frame.x.lower(), to = frame.x.upper();
  return {frame.at(from, first_ + second_ * from), frame.at(to, first_ + second_ * to)};
}

void ReferenceLine::draw(Canvas& canvas, const Frame& frame, const DrawContext& /*context*/) const {
  const auto [from, to] = ends(frame);
  if (!std::isfinite(from.x + from.y + to.x + to.y)) return;
  canvas.set_color(color);
  canvas.set_line(width, dashes);
  canvas.line(from, to);
}

void ReferenceLine::footprint(const Frame& frame, std::vector<Point>& points) const {
  const auto [from, to] = ends(frame);
  if (std::isfinite(from.x + from.y + to.x + to.y)) sample_segment(from, to, points);
}

std::vector<LegendEntry> ReferenceLine::legend_entries() const {
  if (label.empty()) return {};
  return {{label, color, LegendSymbol::kLine, dashes}};
}

}  // namespace radstudy::plot
