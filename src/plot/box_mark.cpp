#include "plot/box_mark.hpp"

#include <cairo.h>
#include <fmt/format.h>

#include <algorithm>
#include <numbers>

#include "core/errors.hpp"
#include "core/seeded_random.hpp"

namespace radstudy::plot {
namespace {

double quantile(const std::vector<double>& sorted, double p) {  // R's type 7
  const double h = (static_cast<double>(sorted.size()) - 1) * p;
  const auto below = static_cast<std::size_t>(std::floor(h));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  return sorted[below] + (h - static_cast<double>(below)) * (sorted[above] - sorted[below]);
}

}  // namespace

BoxMark::BoxMark(double x_position, std::vector<double> box_values, Color box_color, std::string legend_label)
    : position(x_position), values(std::move(box_values)), color(box_color), label(std::move(legend_label)) {}

std::vector<double> BoxMark::finite_sorted() const {
  std::vector<double> sorted;
  std::copy_if(values.begin(), values.end(), std::back_inserter(sorted),
               [](double v) { return std::isfinite(v); });
  std::sort(sorted.begin(), sorted.end());
  return sorted;
}

BoxMark::Summary BoxMark::summary() const {
  const auto sorted = finite_sorted();
  if (sorted.empty()) throw InputError(fmt::format("plot box '{}' at {}: no finite value", label, position));
  Summary result{};
  result.first_quartile = quantile(sorted, 0.25);
  result.median = quantile(sorted, 0.5);
  result.third_quartile = quantile(sorted, 0.75);
  const double reach = 1.5 * (result.third_quartile - result.first_quartile);
  result.lower_whisker = *std::lower_bound(sorted.begin(), sorted.end(), result.first_quartile - reach);
  result.upper_whisker = *(std::upper_bound(sorted.begin(), sorted.end(), result.third_quartile + reach) - 1);
  return result;
}

void BoxMark::extend(DataRange& range) const {
  range.add_x(position + offset - width / 2);
  range.add_x(position + offset + width / 2);
  for (const double value : values) range.add_y(value);
}

void BoxMark::draw(Canvas& canvas, const Frame& frame, const DrawContext& /*context*/) const {
  const auto sorted = finite_sorted();
  if (sorted.empty()) return;
  const Summary s = summary();
  const double center = frame.x_at(position + offset);
  const double half = frame.x_unit() * width / 2;
  cairo_t* cairo = canvas.cairo();
  const double box_top = frame.y_at(s.third_quartile), box_bottom = frame.y_at(s.first_quartile);
  canvas.fill_rect({center - half, box_top, 2 * half, box_bottom - box_top}, color.with_alpha(0.35));
  canvas.set_color(color.mixed_with(colors::kBlack, 0.45));
  canvas.set_line(0.9);
  cairo_rectangle(cairo, center - half, box_top, 2 * half, box_bottom - box_top);
  cairo_stroke(cairo);
  canvas.set_line(1.6);
  canvas.line({center - half, frame.y_at(s.median)}, {center + half, frame.y_at(s.median)});
  canvas.set_line(0.9);
  canvas.line({center, box_top}, {center, frame.y_at(s.upper_whisker)});
  canvas.line({center, box_bottom}, {center, frame.y_at(s.lower_whisker)});
  canvas.line({center - half / 2, frame.y_at(s.upper_whisker)},
              {center + half / 2, frame.y_at(s.upper_whisker)});
  canvas.line({center - half / 2, frame.y_at(s.lower_whisker)},
              {center + half / 2, frame.y_at(s.lower_whisker)});
  core::SeededRandom jitter(core::mixed_seed(sorted.size()));
  for (const double value : values) {
    if (!std::isfinite(value)) continue;
    const double spread = jitter.uniform(-0.7, 0.7) * half;
    const bool outlier = value < s.lower_whisker || value > s.upper_whisker;
    if (!show_points && !outlier) continue;
    canvas.set_color(color.mixed_with(colors::kBlack, 0.2).with_alpha(0.8));
    cairo_new_sub_path(cairo);
    cairo_arc(cairo, show_points ? center + spread : center, frame.y_at(value), 1.3, 0, 2 * std::numbers::pi);
    cairo_fill(cairo);
  }
}

void BoxMark::footprint(const Frame& frame, std::vector<Point>& points) const {
  const auto sorted = finite_sorted();
  if (sorted.empty()) return;
  const double center = frame.x_at(position + offset), half = frame.x_unit() * width / 2;
  for (const double x : {center - half, center, center + half})
    sample_segment({x, frame.y_at(sorted.front())}, {x, frame.y_at(sorted.back())}, points);
}

std::vector<LegendEntry> BoxMark::legend_entries() const {
  if (label.empty()) return {};
  return {{label, color, LegendSymbol::kSquare}};
}

}  // namespace radstudy::plot
