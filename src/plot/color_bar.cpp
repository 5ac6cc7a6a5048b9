#include "plot/color_bar.hpp"

#include "plot/axis_layout.hpp"

namespace radstudy::plot {
namespace {

constexpr double kTick = 2, kLabelGap = 2;

TextStyle title_style(double font_size, double plot_height) {
  TextStyle style;
  style.size = font_size;
  style.rotation = 90;
  style.halign = HAlign::kCenter;
  style.valign = VAlign::kTop;  // read upwards: the text's top faces the bar
  style.max_width = plot_height;
  return style;
}

}  // namespace

double ColorBar::width(const Canvas& canvas, double font_size, double plot_height) const {
  const Scale scale(AxisKind::kLinear, spec_.lower, spec_.upper);
  const AxisLayout ticks(canvas, Axis{}, scale, bar_height(plot_height), false, font_size, 0);
  const double title =
      spec_.label.empty() ? 0 : canvas.measure(spec_.label, title_style(font_size, plot_height)).height + 3;
  return kGap + kBarWidth + kTick + kLabelGap + ticks.depth() + title;
}

void ColorBar::draw(Canvas& canvas, double left, const Rect& plot, double font_size,
                    const std::string& name) const {
  const double height = bar_height(plot.height);
  const Rect bar{left + kGap, plot.center_y() - height / 2, kBarWidth, height};
  constexpr int kSteps = 64;
  for (int step = 0; step < kSteps; ++step) {  // bottom (lower) to top (upper), overlapping a hair
    const double t = (step + 0.5) / kSteps;
    const double top = bar.bottom() - (step + 1.0) * height / kSteps;
    canvas.fill_rect({bar.x, top, bar.width, height / kSteps + (step + 1 < kSteps ? 0.3 : 0)},
                     map_color(spec_.map, t));
  }
  const Scale scale(AxisKind::kLinear, spec_.lower, spec_.upper);
  const AxisLayout ticks(canvas, Axis{}, scale, height, false, font_size, 0);
  TextStyle style = ticks.label_style();
  style.halign = HAlign::kStart;
  canvas.set_color(colors::kBlack);
  canvas.set_line(0.6);
  for (const Tick& tick : ticks.ticks()) {
    const double y = bar.bottom() - scale.fraction(tick.value) * height;
    canvas.line({bar.right(), y}, {bar.right() + kTick, y});
    canvas.text(name + " colour bar tick " + tick.label, tick.label, bar.right() + kTick + kLabelGap, y,
                style);
  }
  if (!spec_.label.empty())
    canvas.text(name + " colour bar label", spec_.label, bar.right() + kTick + kLabelGap + ticks.depth() + 3,
                plot.center_y(), title_style(font_size, plot.height));
}

}  // namespace radstudy::plot
