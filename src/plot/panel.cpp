#include "plot/panel.hpp"

#include <cairo.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>

#include "core/errors.hpp"
#include "plot/axis_layout.hpp"
#include "plot/color_bar.hpp"

namespace radstudy::plot {
namespace {

constexpr double kPad = 4, kTick = 3, kTickGap = 2, kLabelGap = 3, kColumnGap = 6, kLegendInset = 4;

Scale scale_for(const Axis& axis, double data_lower, double data_upper, const std::string& name) {
  if (axis.kind == AxisKind::kCategorical) {
    // Marks reach half a band either side of their category's index.
    const double count =
        std::max({1.0, static_cast<double>(axis.categories.size()),
                  std::isfinite(data_upper) ? std::floor(data_upper + 0.5 - 1e-9) + 1 : 1.0});
    return {AxisKind::kCategorical, -0.5, count - 0.5};
  }
  double lower = axis.lower.value_or(data_lower), upper = axis.upper.value_or(data_upper);
  if (axis.kind == AxisKind::kLog) {
    if (!axis.lower && !(lower > 0)) lower = upper > 0 ? upper / 10 : 1;  // no positive data below
    if (!std::isfinite(lower) || !std::isfinite(upper)) lower = 1, upper = 10;
    if (!(upper > lower)) lower /= 2, upper *= 2;
    const double decades = std::log10(upper / lower) * axis.padding;
    if (!axis.lower) lower /= std::pow(10.0, decades);
    if (!axis.upper) upper *= std::pow(10.0, decades);
  } else {
    if (!std::isfinite(lower) || !std::isfinite(upper)) lower = 0, upper = 1;
    if (axis.include_zero && !axis.lower) lower = std::min(lower, 0.0);
    if (axis.include_zero && !axis.upper) upper = std::max(upper, 0.0);
    if (!(upper > lower)) {
      const double half = lower == 0 ? 1 : std::abs(lower) / 2;
      if (!axis.lower) lower -= half;
      if (!axis.upper) upper += half;
    }
    const double pad = (upper - lower) * axis.padding;
    if (!axis.lower && !(axis.include_zero && lower == 0)) lower -= pad;
    if (!axis.upper && !(axis.include_zero && upper == 0)) upper += pad;
  }
  try {
    return {axis.kind, lower, upper};
  } catch (const InputError& error) {
    throw InputError(fmt::format("{} ({}): {}", name, axis.label, error.what()));
  }
}

// Where everything of a panel goes, computed from the text sizes.
struct PanelLayout {
  Rect plot;
  std::optional<AxisLayout> x, y;
  double right_column = 0, color_bar = 0, legend_width = 0, top_extra = 0;
};

}  // namespace

void Panel::draw(Canvas& canvas, const Rect& cell, double font_size, const std::string& title_markup,
                 const std::string& name) const {
  DataRange range;
  for (const auto& mark : marks_) mark->extend(range);
  const Frame scales{{},
                     scale_for(x_axis, range.x_lower, range.x_upper, name + " x axis"),
                     scale_for(y_axis, range.y_lower, range.y_upper, name + " y axis")};

  Legend shown_legend = legend;
  std::optional<ColorBar> color_bar;
  double space_above = 0, label_above = 0;
  for (const auto& mark : marks_) {
    for (const LegendEntry& entry : mark->legend_entries()) shown_legend.add(entry);
    if (auto spec = mark->color_bar(); spec && !color_bar) color_bar.emplace(*spec);
    space_above = std::max(space_above, mark->space_above());
    label_above = std::max(label_above, mark->label_width_above(canvas, font_size));
  }
  const bool has_legend = legend_placement != LegendPlacement::kNone && !shown_legend.empty();
  const double legend_label_width = cell.width * 0.4;
  const TextSize legend_size = shown_legend.size(canvas, font_size, legend_label_width);

  TextStyle title_style;
  title_style.size = font_size + 1;
  title_style.markup = true;
  title_style.max_width = cell.width - 2 * kPad;
  const double title_height =
      title_markup.empty() ? 0 : canvas.measure(title_markup, title_style).height + kLabelGap;
  TextStyle axis_label_style;
  axis_label_style.size = font_size;
  const double x_label_height = x_axis.label.empty() || !x_axis.visible
                                    ? 0
                                    : canvas.measure(x_axis.label, axis_label_style).height + kLabelGap;
  const double y_label_height = y_axis.label.empty() || !y_axis.visible
                                    ? 0
                                    : canvas.measure(y_axis.label, axis_label_style).height + kLabelGap;
  TextStyle right_style;
  right_style.size = font_size;
  right_style.valign = VAlign::kCenter;
  double right_column = 0;
  for (const std::string& text : right_labels)
    right_column = std::max(right_column, canvas.measure(text, right_style).width);
  TextStyle header_style = right_style;
  header_style.bold = true;
  header_style.valign = VAlign::kBottom;
  const double header_height =
      right_header.empty() ? 0 : canvas.measure(right_header, header_style).height + 2;
  if (!right_header.empty())
    right_column = std::max(right_column, canvas.measure(right_header, header_style).width);
  if (right_column > 0) right_column += kColumnGap;

  const auto lay_out = [&](bool legend_outside) {
    PanelLayout layout;
    layout.plot = cell.inset(kPad + 30, kPad + title_height, kPad + 10, kPad + 30);
    for (int iteration = 0; iteration < 3; ++iteration) {
      layout.x.emplace(canvas, x_axis, scales.x, layout.plot.width, true, font_size,
                       x_axis.max_label_extent > 0 ? x_axis.max_label_extent : cell.height / 3);
      layout.y.emplace(canvas, y_axis, scales.y, layout.plot.height, false, font_size,
                       y_axis.max_label_extent > 0 ? y_axis.max_label_extent : cell.width / 3);
      const double x_ticks = x_axis.visible ? kTick + kTickGap + layout.x->depth() : 0;
      const double y_ticks = y_axis.visible ? kTick + kTickGap + layout.y->depth() : 0;
      layout.color_bar = color_bar ? color_bar->width(canvas, font_size, layout.plot.height) : 0;
      layout.legend_width = has_legend && legend_outside ? legend_size.width + kColumnGap : 0;
      layout.right_column = right_column;
      const double left =
          kPad + std::max({y_label_height + y_ticks, layout.x->overhang_before(), label_above});
      const double right =
          kPad + std::max(layout.x->overhang_after(), right_column + layout.color_bar + layout.legend_width);
      const double top =
          kPad + title_height + std::max({space_above, layout.y->overhang_after(), header_height});
      const double bottom = kPad + std::max(x_ticks + x_label_height, layout.y->overhang_before());
      layout.plot = cell.inset(left, top, right, bottom);
    }
    return layout;
  };

  bool legend_outside = legend_placement == LegendPlacement::kOutsideRight;
  PanelLayout layout = lay_out(legend_outside);
  Frame frame{layout.plot, scales.x, scales.y};
  std::optional<Point> legend_corner;
  if (has_legend && !legend_outside) {
    std::vector<Point> covered;
    for (const auto& mark : marks_) mark->footprint(frame, covered);
    const Rect& plot = layout.plot;
    const double w = legend_size.width, h = legend_size.height;
    const std::array<Point, 4> corners = {
        Point{plot.right() - kLegendInset - w, plot.y + kLegendInset},
        Point{plot.x + kLegendInset, plot.y + kLegendInset},
        Point{plot.right() - kLegendInset - w, plot.bottom() - kLegendInset - h},
        Point{plot.x + kLegendInset, plot.bottom() - kLegendInset - h}};
    for (const Point& corner : corners) {
      const Rect box{corner.x - 2, corner.y - 2, w + 4, h + 4};
      if (w + 2 * kLegendInset <= plot.width && h + 2 * kLegendInset <= plot.height &&
          std::none_of(covered.begin(), covered.end(), [&](Point p) { return box.contains(p); })) {
        legend_corner = corner;
        break;
      }
    }
    if (!legend_corner) {
      legend_outside = true;
      layout = lay_out(true);
      frame.area = layout.plot;
    }
  }
  const Rect& plot = layout.plot;
  cairo_t* cairo = canvas.cairo();
  const DrawContext context{font_size, name};

  // Grid, marks (clipped to the plot area), then what lies outside.
  canvas.set_color(colors::kLightGrey);
  canvas.set_line(0.4);
  if (x_axis.grid)
    for (const Tick& tick : layout.x->ticks())
      canvas.line({frame.x_at(tick.value), plot.y}, {frame.x_at(tick.value), plot.bottom()});
  if (y_axis.grid)
    for (const Tick& tick : layout.y->ticks())
      canvas.line({plot.x, frame.y_at(tick.value)}, {plot.right(), frame.y_at(tick.value)});
  cairo_save(cairo);
  cairo_rectangle(cairo, plot.x - 1, plot.y - 1, plot.width + 2, plot.height + 2);
  cairo_clip(cairo);
  for (const auto& mark : marks_) mark->draw(canvas, frame, context);
  cairo_restore(cairo);
  for (const auto& mark : marks_) mark->draw_outside(canvas, frame, context);

  canvas.set_color(colors::kBlack);
  canvas.set_line(0.8);
  if (x_axis.visible) {
    if (x_axis.line) canvas.line({plot.x, plot.bottom()}, {plot.right(), plot.bottom()});
    for (const Tick& tick : layout.x->ticks()) {
      const double x = frame.x_at(tick.value);
      if (x_axis.line) canvas.line({x, plot.bottom()}, {x, plot.bottom() + kTick});
      if (!tick.label.empty())
        canvas.text(fmt::format("{} x tick {}", name, tick.label), tick.label, x,
                    plot.bottom() + kTick + kTickGap, layout.x->label_style());
    }
    if (!x_axis.label.empty()) {
      TextStyle style = axis_label_style;
      style.halign = HAlign::kCenter;
      style.markup = x_axis.markup;
      style.max_width = cell.width - 2 * kPad;
      canvas.text(name + " x axis label", x_axis.label, plot.center_x(),
                  plot.bottom() + kTick + kTickGap + layout.x->depth() + kLabelGap, style);
    }
  }
  canvas.set_color(colors::kBlack);
  if (y_axis.visible) {
    if (y_axis.line) canvas.line({plot.x, plot.y}, {plot.x, plot.bottom()});
    for (const Tick& tick : layout.y->ticks()) {
      const double y = frame.y_at(tick.value);
      if (y_axis.line) canvas.line({plot.x - kTick, y}, {plot.x, y});
      if (!tick.label.empty())
        canvas.text(fmt::format("{} y tick {}", name, tick.label), tick.label, plot.x - kTick - kTickGap, y,
                    layout.y->label_style());
    }
    if (!y_axis.label.empty()) {
      TextStyle style = axis_label_style;
      style.rotation = 90;
      style.halign = HAlign::kCenter;
      style.markup = y_axis.markup;
      style.max_width = cell.height - 2 * kPad;
      canvas.text(name + " y axis label", y_axis.label, cell.x + kPad, plot.center_y(), style);
    }
  }
  for (std::size_t i = 0; i < right_labels.size(); ++i)
    canvas.text(fmt::format("{} right label {}", name, i + 1), right_labels[i], plot.right() + kColumnGap,
                frame.y_at(static_cast<double>(i)), right_style);
  if (!right_header.empty())
    canvas.text(name + " right header", right_header, plot.right() + kColumnGap, plot.y - 2, header_style);
  if (!title_markup.empty()) {
    TextStyle style = title_style;
    canvas.text(name + " title", title_markup, cell.x + kPad, cell.y + kPad, style);
  }
  const double beside = plot.right() + layout.right_column;
  if (color_bar) color_bar->draw(canvas, beside, plot, font_size, name);
  if (has_legend) {
    const Point at = legend_outside ? Point{beside + layout.color_bar + kColumnGap, plot.y} : *legend_corner;
    shown_legend.draw(canvas, at, font_size, legend_label_width, !legend_outside, name + " legend");
  }
}

}  // namespace radstudy::plot
