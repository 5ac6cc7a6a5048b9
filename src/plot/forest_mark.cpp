#include "plot/forest_mark.hpp"

#include <cairo.h>

namespace radstudy::plot {

ForestMark::ForestMark(std::vector<ForestRow> forest_rows, Color mark_color, std::string legend_label)
    : rows(std::move(forest_rows)), color(mark_color), label(std::move(legend_label)) {}

void ForestMark::extend(DataRange& range) const {
  for (std::size_t i = 0; i < rows.size(); ++i) {
    range.add_y(static_cast<double>(i) - 0.5), range.add_y(static_cast<double>(i) + 0.5);
    range.add_x(rows[i].estimate), range.add_x(rows[i].lower), range.add_x(rows[i].upper);
  }
}

void ForestMark::draw(Canvas& canvas, const Frame& frame, const DrawContext& /*context*/) const {
  cairo_t* cairo = canvas.cairo();
  const double left_edge = frame.area.x, right_edge = frame.area.right();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const ForestRow& row = rows[i];
    if (!std::isfinite(row.estimate)) continue;
    const double y = frame.y_at(static_cast<double>(i));
    canvas.set_color(color);
    canvas.set_line(1.1);
    const double low = frame.x_at(row.lower), high = frame.x_at(row.upper);
    const bool low_cut = !(low >= left_edge), high_cut = !(high <= right_edge);  // NaN and -inf cut too
    const double from = low_cut ? left_edge : low, to = high_cut ? right_edge : high;
    if (std::isfinite(row.lower) && std::isfinite(row.upper)) {
      canvas.line({from, y}, {to, y});
      for (const auto& [edge, direction] :
           {std::pair{from, low_cut ? -1.0 : 0.0}, std::pair{to, high_cut ? 1.0 : 0.0}}) {
        if (direction == 0) continue;
        cairo_move_to(cairo, edge, y);
        cairo_line_to(cairo, edge - direction * 4, y - 2.5);
        cairo_line_to(cairo, edge - direction * 4, y + 2.5);
        cairo_close_path(cairo);
        cairo_fill(cairo);
      }
    }
    const double x = frame.x_at(row.estimate);
    if (x >= left_edge && x <= right_edge)
      canvas.fill_rect({x - square / 2, y - square / 2, square, square}, color);
  }
}

void ForestMark::footprint(const Frame& frame, std::vector<Point>& points) const {
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const double y = frame.y_at(static_cast<double>(i));
    const double from = std::max(frame.area.x, frame.x_at(rows[i].lower));
    const double to = std::min(frame.area.right(), frame.x_at(rows[i].upper));
    if (std::isfinite(from) && std::isfinite(to)) sample_segment({from, y}, {to, y}, points);
  }
}

std::vector<LegendEntry> ForestMark::legend_entries() const {
  if (label.empty()) return {};
  return {{label, color, LegendSymbol::kSquare}};
}

}  // namespace radstudy::plot
