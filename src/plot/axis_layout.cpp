#include "plot/axis_layout.hpp"

#include <algorithm>
#include <cmath>

#include "plot/ticks.hpp"

namespace radstudy::plot {
namespace {

std::vector<Tick> numeric_ticks(const std::vector<double>& values, AxisKind kind) {
  std::vector<Tick> ticks;
  double step = 1;
  for (std::size_t i = 1; i < values.size(); ++i)
    step = i == 1 ? values[1] - values[0] : std::min(step, values[i] - values[i - 1]);
  for (const double value : values)
    ticks.push_back(
        {value, kind == AxisKind::kLog ? format_log_tick(value) : format_linear_tick(value, step)});
  return ticks;
}

// The size of a label along the axis.
double along(const TextSize& size, bool horizontal, double rotation) {
  const bool upright = rotation == 0;
  return horizontal == upright ? size.width : size.height;
}

}  // namespace

AxisLayout::AxisLayout(const Canvas& canvas, const Axis& axis, const Scale& scale, double length,
                       bool horizontal, double font_size, double max_extent) {
  style_.size = font_size;
  style_.halign = horizontal ? HAlign::kCenter : HAlign::kEnd;
  style_.valign = horizontal ? VAlign::kTop : VAlign::kCenter;
  if (!axis.visible) return;
  if (axis.kind == AxisKind::kCategorical)
    lay_out_categories(canvas, axis, length, horizontal, max_extent);
  else
    lay_out_numeric(canvas, axis, scale, length, horizontal);
  measure_extent(canvas, scale, length, horizontal);
}

bool AxisLayout::numeric_fits(const Canvas& canvas, const std::vector<double>& values, const Scale& scale,
                              double length, bool horizontal) {
  const auto ticks = numeric_ticks(values, scale.kind());
  const double gap = horizontal ? 4 : 2;
  for (std::size_t i = 1; i < ticks.size(); ++i) {
    const double first = along(canvas.measure(ticks[i - 1].label, style_), horizontal, 0);
    const double second = along(canvas.measure(ticks[i].label, style_), horizontal, 0);
    const double distance =
        std::abs(scale.fraction(ticks[i].value) - scale.fraction(ticks[i - 1].value)) * length;
    if (distance < (first + second) / 2 + gap) return false;
  }
  return true;
}

void AxisLayout::lay_out_numeric(const Canvas& canvas, const Axis& axis, const Scale& scale, double length,
                                 bool horizontal) {
  style_.markup = scale.kind() == AxisKind::kLog;
  if (!axis.ticks.empty()) {
    std::vector<double> values;
    for (const double value : axis.ticks)
      if (scale.contains(value)) values.push_back(value);
    ticks_ = numeric_ticks(values, scale.kind());
    return;
  }
  const int first_target = std::clamp(static_cast<int>(std::lround(length / (horizontal ? 50 : 35))), 2, 8);
  std::vector<double> values;
  for (int target = first_target; target >= 1; --target) {
    values = scale.kind() == AxisKind::kLog ? log_ticks(scale.lower(), scale.upper(), target)
                                            : linear_ticks(scale.lower(), scale.upper(), target);
    if (numeric_fits(canvas, values, scale, length, horizontal)) break;
  }
  // Still too crowded with the fewest steps: keep the two ends.
  if (!numeric_fits(canvas, values, scale, length, horizontal) && values.size() > 2)
    values = {values.front(), values.back()};
  ticks_ = numeric_ticks(values, scale.kind());
}

void AxisLayout::lay_out_categories(const Canvas& canvas, const Axis& axis, double length, bool horizontal,
                                    double max_extent) {
  const std::size_t count = axis.categories.size();
  if (count == 0) return;
  const double band = length / static_cast<double>(count);
  const double base_size = style_.size;
  style_.markup = axis.markup;
  if (horizontal) {  // upright, wrapped within the band, the font down to the minimum, if every label fits
                     // whole
    style_.max_width = band - 3;
    const auto all_fit = [&] {
      return band >= 12 &&
             std::none_of(axis.categories.begin(), axis.categories.end(),
                          [&](const std::string& label) { return canvas.measure(label, style_).shortened; });
    };
    bool fit = false;
    for (const int lines : {2, 3}) {
      style_.max_lines = lines;
      for (style_.size = base_size; !(fit = all_fit()) && style_.size > kMinimumFont;)
        style_.size = std::max(kMinimumFont, style_.size - 0.5);
      if (fit) break;
    }
    if (!fit) {  // vertical, reading upwards, ending at the tick
      style_.size = base_size;
      style_.rotation = 90;
      style_.halign = HAlign::kEnd;
      style_.valign = VAlign::kCenter;
      style_.max_width = max_extent;
      style_.max_lines = 1;
    }
  } else {
    style_.max_width = max_extent;
  }
  // One line of text must fit the band: a smaller font, then every k-th label.
  auto line_height = [&] { return canvas.measure("Ag", style_).height; };
  if (style_.rotation != 0 || !horizontal)
    while (line_height() > band && style_.size > kMinimumFont)
      style_.size = std::max(kMinimumFont, style_.size - 0.5);
  const std::size_t every =
      (style_.rotation != 0 || !horizontal)
          ? std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(line_height() / band - 1e-9)))
          : 1;
  for (std::size_t i = 0; i < count; ++i)
    ticks_.push_back({static_cast<double>(i), i % every == 0 ? axis.categories[i] : std::string()});
}

void AxisLayout::measure_extent(const Canvas& canvas, const Scale& scale, double length, bool horizontal) {
  for (const Tick& tick : ticks_) {
    if (tick.label.empty()) continue;
    const TextSize size = canvas.measure(tick.label, style_);
    const bool upright = style_.rotation == 0;
    depth_ = std::max(depth_, horizontal == upright ? size.height : size.width);
    const double half = along(size, horizontal, style_.rotation) / 2;
    const double position = scale.fraction(tick.value) * length;
    overhang_before_ = std::max(overhang_before_, half - position);
    overhang_after_ = std::max(overhang_after_, position + half - length);
  }
}

}  // namespace radstudy::plot
