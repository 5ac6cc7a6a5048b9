#include "plot/area_mark.hpp"

#include <cairo.h>
#include <fmt/format.h>

#include "core/errors.hpp"

namespace radstudy::plot {

AreaMark::AreaMark(std::vector<double> x_values, std::vector<double> lower_values,
                   std::vector<double> upper_values, Color fill_color, std::string legend_label)
    : x(std::move(x_values)),
      lower(std::move(lower_values)),
      upper(std::move(upper_values)),
      color(fill_color),
      label(std::move(legend_label)) {
  if (lower.size() != x.size() || upper.size() != x.size())
    throw InputError(fmt::format("plot area '{}': {} x values but {} lower and {} upper values", label,
                                 x.size(), lower.size(), upper.size()));
}

void AreaMark::extend(DataRange& range) const {
  for (std::size_t i = 0; i < x.size(); ++i) range.add(x[i], lower[i]), range.add(x[i], upper[i]);
}

std::vector<std::vector<Point>> AreaMark::outlines(const Frame& frame) const {
  std::vector<std::vector<Point>> result;
  std::vector<Point> top, bottom;
  const auto close_run = [&] {
    if (top.size() >= 2) {
      result.push_back(top);
      result.back().insert(result.back().end(), bottom.rbegin(), bottom.rend());
    }
    top.clear(), bottom.clear();
  };
  for (std::size_t i = 0; i < x.size(); ++i) {
    const Point high = frame.at(x[i], upper[i]), low = frame.at(x[i], lower[i]);
    if (!std::isfinite(high.x) || !std::isfinite(high.y) || !std::isfinite(low.y)) {
      close_run();
      continue;
    }
    if (step && !top.empty()) {
      top.push_back({high.x, top.back().y});
      bottom.push_back({low.x, bottom.back().y});
    }
    top.push_back(high), bottom.push_back(low);
  }
  close_run();
  return result;
}

void AreaMark::draw(Canvas& canvas, const Frame& frame, const DrawContext& /*context*/) const {
  cairo_t* cairo = canvas.cairo();
  canvas.set_color(color.with_alpha(opacity));
  for (const auto& outline : outlines(frame)) {
    cairo_move_to(cairo, outline.front().x, outline.front().y);
    for (std::size_t i = 1; i < outline.size(); ++i) cairo_line_to(cairo, outline[i].x, outline[i].y);
    cairo_close_path(cairo);
    cairo_fill(cairo);
  }
}

void AreaMark::footprint(const Frame& frame, std::vector<Point>& points) const {
  for (const auto& outline : outlines(frame)) {
    const std::size_t half = outline.size() / 2;
    for (std::size_t i = 0; i < half; ++i) {  // vertical spans between the edges cover the inside
      sample_segment(outline[i], outline[outline.size() - 1 - i], points, 4);
      if (i > 0) sample_segment(outline[i - 1], outline[i], points);
    }
  }
}

std::vector<LegendEntry> AreaMark::legend_entries() const {
  if (label.empty()) return {};
  return {{label, color.with_alpha(opacity), LegendSymbol::kSquare}};
}

}  // namespace radstudy::plot
