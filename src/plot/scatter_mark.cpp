#include "plot/scatter_mark.hpp"

#include <cairo.h>
#include <fmt/format.h>

#include <numbers>

#include "core/errors.hpp"

namespace radstudy::plot {

ScatterMark::ScatterMark(std::vector<double> x_values, std::vector<double> y_values, Color point_color,
                         std::string legend_label)
    : x(std::move(x_values)), y(std::move(y_values)), color(point_color), label(std::move(legend_label)) {
  if (x.size() != y.size())
    throw InputError(
        fmt::format("plot scatter '{}': {} x values but {} y values", label, x.size(), y.size()));
}

void ScatterMark::extend(DataRange& range) const {
  for (std::size_t i = 0; i < x.size(); ++i) range.add(x[i], y[i]);
}

void ScatterMark::draw(Canvas& canvas, const Frame& frame, const DrawContext& /*context*/) const {
  if (!point_colors.empty() && point_colors.size() != x.size())
    throw InputError(
        fmt::format("plot scatter '{}': {} points but {} colours", label, x.size(), point_colors.size()));
  cairo_t* cairo = canvas.cairo();
  for (std::size_t i = 0; i < x.size(); ++i) {
    const Point point = frame.at(x[i], y[i]);
    if (!std::isfinite(point.x) || !std::isfinite(point.y)) continue;
    const Color fill = point_colors.empty() ? color : point_colors[i];
    canvas.set_color(fill.with_alpha(opacity * fill.alpha));
    cairo_new_sub_path(cairo);
    cairo_arc(cairo, point.x, point.y, radius, 0, 2 * std::numbers::pi);
    cairo_fill_preserve(cairo);
    canvas.set_color(fill.mixed_with(colors::kBlack, 0.3));
    cairo_set_line_width(cairo, 0.4);
    cairo_stroke(cairo);
  }
}

void ScatterMark::footprint(const Frame& frame, std::vector<Point>& points) const {
  for (std::size_t i = 0; i < x.size(); ++i) points.push_back(frame.at(x[i], y[i]));
}

std::vector<LegendEntry> ScatterMark::legend_entries() const {
  if (label.empty()) return {};
  return {{label, color, LegendSymbol::kPoint}};
}

}  // namespace radstudy::plot
