#include "plot/line_mark.hpp"

#include <cairo.h>
#include <fmt/format.h>

#include "core/errors.hpp"

namespace radstudy::plot {

LineMark::LineMark(std::vector<double> x_values, std::vector<double> y_values, Color line_color,
                   std::string legend_label)
    : x(std::move(x_values)), y(std::move(y_values)), color(line_color), label(std::move(legend_label)) {
  if (x.size() != y.size())
    throw InputError(fmt::format("plot line '{}': {} x values but {} y values", label, x.size(), y.size()));
}

void LineMark::extend(DataRange& range) const {
  for (std::size_t i = 0; i < x.size(); ++i) range.add(x[i], y[i]);
}

std::vector<std::vector<Point>> LineMark::paths(const Frame& frame) const {
  std::vector<std::vector<Point>> result(1);
  for (std::size_t i = 0; i < x.size(); ++i) {
    const Point point = frame.at(x[i], y[i]);
    if (!std::isfinite(point.x) || !std::isfinite(point.y)) {
      if (!result.back().empty()) result.emplace_back();
      continue;
    }
    if (step && !result.back().empty()) result.back().push_back({point.x, result.back().back().y});
    result.back().push_back(point);
  }
  std::erase_if(result, [](const std::vector<Point>& path) { return path.size() < 2; });
  return result;
}

double LineMark::value_at(double x_value) const {
  double value = NAN;
  for (std::size_t i = 0; i < x.size() && x[i] <= x_value; ++i) value = y[i];
  return value;
}

void LineMark::draw(Canvas& canvas, const Frame& frame, const DrawContext& /*context*/) const {
  cairo_t* cairo = canvas.cairo();
  canvas.set_color(color);
  canvas.set_line(width, dashes);
  for (const auto& path : paths(frame)) {
    cairo_move_to(cairo, path.front().x, path.front().y);
    for (std::size_t i = 1; i < path.size(); ++i) cairo_line_to(cairo, path[i].x, path[i].y);
    cairo_stroke(cairo);
  }
  canvas.set_line(width);
  for (const double censored : censored_x) {
    const Point point = frame.at(censored, value_at(censored));
    if (std::isfinite(point.x) && std::isfinite(point.y))
      canvas.line({point.x, point.y - 3}, {point.x, point.y + 3});
  }
}

void LineMark::footprint(const Frame& frame, std::vector<Point>& points) const {
  for (const auto& path : paths(frame))
    for (std::size_t i = 1; i < path.size(); ++i) sample_segment(path[i - 1], path[i], points);
}

std::vector<LegendEntry> LineMark::legend_entries() const {
  if (label.empty()) return {};
  return {{label, color, LegendSymbol::kLine, dashes}};
}

}  // namespace radstudy::plot
