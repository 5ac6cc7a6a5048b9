#include "plot/chord_mark.hpp"

#include <cairo.h>
#include <fmt/format.h>

#include <numbers>

#include "core/errors.hpp"

namespace radstudy::plot {
namespace {

constexpr double kArcWidth = 6, kLabelGap = 4, kGapAngle = 0.04;  // radians between sectors

Point on_circle(Point center, double radius, double angle) {
  return {center.x + radius * std::cos(angle), center.y + radius * std::sin(angle)};
}

}  // namespace

ChordMark::ChordMark(std::vector<std::string> sector_names, std::vector<std::vector<double>> link_weights)
    : sectors(std::move(sector_names)), weights(std::move(link_weights)) {
  if (weights.size() != sectors.size())
    throw InputError(
        fmt::format("plot chord: {} sectors but {} rows of weights", sectors.size(), weights.size()));
  for (std::size_t i = 0; i < weights.size(); ++i)
    if (weights[i].size() != sectors.size())
      throw InputError(fmt::format("plot chord: row {} ('{}') has {} weights, expected {}", i, sectors[i],
                                   weights[i].size(), sectors.size()));
}

void ChordMark::extend(DataRange& /*range*/) const {}

ChordMark::Circle ChordMark::circle(const Frame& frame, double label_width, double label_height) const {
  // As large as the height allows, leaving each side room for the labels (up to a third of the width).
  const Rect& area = frame.area;
  const double side_room = std::min(label_width, area.width / 3) + kLabelGap + kArcWidth;
  const double radius =
      std::min(area.height / 2 - label_height - kLabelGap - kArcWidth, area.width / 2 - side_room);
  return {{area.center_x(), area.center_y()}, std::max(10.0, radius)};
}

void ChordMark::draw(Canvas& canvas, const Frame& frame, const DrawContext& context) const {
  const std::size_t count = sectors.size();
  if (count == 0) return;
  TextStyle label_style;
  label_style.size = context.font_size;
  label_style.valign = VAlign::kCenter;
  double label_width = 0, label_height = 0;
  for (const std::string& name : sectors) {
    const TextSize size = canvas.measure(name, label_style);
    label_width = std::max(label_width, size.width), label_height = std::max(label_height, size.height);
  }
  const Circle c = circle(frame, label_width, label_height);
  const double side_width = frame.area.width / 2 - c.radius - kArcWidth - kLabelGap;
  const double span = 2 * std::numbers::pi / static_cast<double>(count);
  const double usable = span - kGapAngle;
  // A link takes |weight| / (the largest sum of |weight| over a sector) of each end's arc: the busiest
  // sector is full, and equal weights are equally wide everywhere.
  double busiest = 0;
  for (std::size_t i = 0; i < count; ++i) {
    double total = 0;
    for (std::size_t j = 0; j < count; ++j)
      if (i != j && std::isfinite(weights[std::min(i, j)][std::max(i, j)]))
        total += std::abs(weights[std::min(i, j)][std::max(i, j)]);
    busiest = std::max(busiest, total);
  }
  const auto sector_start = [&](std::size_t i) {
    return -std::numbers::pi / 2 + span * static_cast<double>(i) + kGapAngle / 2;
  };
  std::vector<double> used(count, 0);
  const auto take = [&](std::size_t sector, double weight) {
    const double share = usable * std::abs(weight) / busiest;
    const double from = sector_start(sector) + used[sector];
    used[sector] += share;
    return std::pair{from, from + share};
  };
  cairo_t* cairo = canvas.cairo();
  for (std::size_t i = 0; i < count; ++i)
    for (std::size_t j = i + 1; j < count; ++j) {
      const double weight = weights[i][j];
      if (weight == 0 || !std::isfinite(weight)) continue;
      const auto [a0, a1] = take(i, weight);
      const auto [b0, b1] = take(j, weight);
      const Point start = on_circle(c.center, c.radius, a0), target = on_circle(c.center, c.radius, b0);
      const Point back = on_circle(c.center, c.radius, a0);
      cairo_new_path(cairo);
      cairo_move_to(cairo, start.x, start.y);
      cairo_arc(cairo, c.center.x, c.center.y, c.radius, a0, a1);
      cairo_curve_to(cairo, c.center.x, c.center.y, c.center.x, c.center.y, target.x, target.y);
      cairo_arc(cairo, c.center.x, c.center.y, c.radius, b0, b1);
      cairo_curve_to(cairo, c.center.x, c.center.y, c.center.x, c.center.y, back.x, back.y);
      cairo_close_path(cairo);
      canvas.set_color(
          map_color(ColorMap::kBlueWhiteRed, (std::clamp(weight, -1.0, 1.0) + 1) / 2).with_alpha(opacity));
      cairo_fill(cairo);
    }
  for (std::size_t i = 0; i < count; ++i) {
    const double from = sector_start(i), to = from + usable, middle = (from + to) / 2;
    cairo_new_path(cairo);
    cairo_arc(cairo, c.center.x, c.center.y, c.radius + kArcWidth, from, to);
    cairo_arc_negative(cairo, c.center.x, c.center.y, c.radius + 1, to, from);
    cairo_close_path(cairo);
    canvas.set_color(sector_colors.empty() ? category_color(i) : sector_colors[i % sector_colors.size()]);
    cairo_fill(cairo);
    TextStyle style = label_style;
    const double cosine = std::cos(middle);
    const bool top_or_bottom = std::abs(cosine) < 0.2;
    style.halign = top_or_bottom ? HAlign::kCenter : cosine > 0 ? HAlign::kStart : HAlign::kEnd;
    style.max_width = top_or_bottom ? frame.area.width * 0.6 : side_width;
    const double sine = std::sin(middle);
    style.valign = top_or_bottom ? (sine < 0 ? VAlign::kBottom : VAlign::kTop) : VAlign::kCenter;
    const Point at = on_circle(c.center, c.radius + kArcWidth + kLabelGap, middle);
    canvas.text(fmt::format("{} chord sector {}", context.name, sectors[i]), sectors[i], at.x, at.y, style);
  }
}

void ChordMark::footprint(const Frame& frame, std::vector<Point>& points) const {
  for (double y = frame.area.y; y <= frame.area.bottom(); y += 4)
    sample_segment({frame.area.x, y}, {frame.area.right(), y}, points, 4);
}

}  // namespace radstudy::plot
