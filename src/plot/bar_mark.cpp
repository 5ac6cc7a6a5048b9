#include "plot/bar_mark.hpp"

#include <cairo.h>
#include <fmt/format.h>

#include "core/errors.hpp"

namespace radstudy::plot {

BarMark::BarMark(std::vector<double> bar_positions, std::vector<double> bar_values, Color bar_color,
                 std::string legend_label)
    : positions(std::move(bar_positions)),
      values(std::move(bar_values)),
      color(bar_color),
      label(std::move(legend_label)) {
  if (positions.size() != values.size())
    throw InputError(
        fmt::format("plot bars '{}': {} positions but {} values", label, positions.size(), values.size()));
}

void BarMark::extend(DataRange& range) const {
  for (std::size_t i = 0; i < positions.size(); ++i) {
    range.add(positions[i] + offset - width / 2, values[i]);
    range.add(positions[i] + offset + width / 2, baseline);
    if (i < error_lower.size()) range.add_y(error_lower[i]);
    if (i < error_upper.size()) range.add_y(error_upper[i]);
  }
}

Rect BarMark::bar(const Frame& frame, std::size_t index) const {
  const Point top_left = frame.at(positions[index] + offset - width / 2, values[index]);
  const Point bottom_right = frame.at(positions[index] + offset + width / 2, baseline);
  return {top_left.x, std::min(top_left.y, bottom_right.y), bottom_right.x - top_left.x,
          std::abs(bottom_right.y - top_left.y)};
}

void BarMark::draw(Canvas& canvas, const Frame& frame, const DrawContext& /*context*/) const {
  for (std::size_t i = 0; i < positions.size(); ++i) {
    const Rect rect = bar(frame, i);
    if (std::isfinite(rect.y) && std::isfinite(rect.height)) canvas.fill_rect(rect, color);
  }
  canvas.set_color(colors::kBlack);
  canvas.set_line(0.8);
  for (std::size_t i = 0; i < positions.size() && i < error_lower.size() && i < error_upper.size(); ++i) {
    const double x = frame.x_at(positions[i] + offset);
    const double low = frame.y_at(error_lower[i]), high = frame.y_at(error_upper[i]);
    if (!std::isfinite(low) || !std::isfinite(high)) continue;
    const double cap = frame.x_unit() * width / 6;
    canvas.line({x, low}, {x, high});
    canvas.line({x - cap, low}, {x + cap, low});
    canvas.line({x - cap, high}, {x + cap, high});
  }
}

void BarMark::footprint(const Frame& frame, std::vector<Point>& points) const {
  for (std::size_t i = 0; i < positions.size(); ++i) {
    const Rect rect = bar(frame, i);
    for (double x = rect.x; x <= rect.right(); x += std::max(2.0, rect.width / 4))
      sample_segment({x, rect.y}, {x, rect.bottom()}, points);
    sample_segment({rect.x, rect.y}, {rect.right(), rect.y}, points);
  }
}

std::vector<LegendEntry> BarMark::legend_entries() const {
  if (label.empty()) return {};
  return {{label, color, LegendSymbol::kSquare}};
}

}  // namespace radstudy::plot
