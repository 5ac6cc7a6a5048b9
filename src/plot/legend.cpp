#include "plot/legend.hpp"

#include <cairo.h>

#include <algorithm>
#include <numbers>

namespace radstudy::plot {
namespace {

constexpr double kPadding = 3, kSymbolWidth = 14, kGap = 4;

}  // namespace

void Legend::add(const LegendEntry& entry) {
  if (std::none_of(entries.begin(), entries.end(),
                   [&](const LegendEntry& e) { return e.label == entry.label; }))
    entries.push_back(entry);
}

TextStyle Legend::label_style(double font_size, double max_label_width) const {
  TextStyle style;
  style.size = font_size;
  style.valign = VAlign::kCenter;
  style.max_width = max_label_width;
  return style;
}

TextSize Legend::size(const Canvas& canvas, double font_size, double max_label_width) const {
  const TextStyle style = label_style(font_size, max_label_width);
  double width = 0, height = 0;
  if (!title.empty()) {
    TextStyle title_style = style;
    title_style.bold = true;
    const TextSize title_size = canvas.measure(title, title_style);
    width = title_size.width;
    height = title_size.height;
  }
  for (const LegendEntry& entry : entries) {
    const TextSize label = canvas.measure(entry.label, style);
    width = std::max(width, kSymbolWidth + kGap + label.width);
    height += label.height;
  }
  return {width + 2 * kPadding, height + 2 * kPadding, false};
}

void Legend::draw(Canvas& canvas, Point top_left, double font_size, double max_label_width, bool background,
                  const std::string& name) const {
  cairo_t* cairo = canvas.cairo();
  const TextSize box = size(canvas, font_size, max_label_width);
  if (background) {
    canvas.fill_rect({top_left.x, top_left.y, box.width, box.height}, colors::kWhite.with_alpha(0.85));
  }
  const TextStyle style = label_style(font_size, max_label_width);
  double y = top_left.y + kPadding;
  const double x = top_left.x + kPadding;
  if (!title.empty()) {
    TextStyle title_style = style;
    title_style.bold = true;
    title_style.valign = VAlign::kTop;
    y = canvas.text(name + " title", title, x, y, title_style).bottom();
  }
  for (const LegendEntry& entry : entries) {
    const double row_height = canvas.measure(entry.label, style).height;
    const double middle = y + row_height / 2;
    canvas.set_color(entry.color);
    switch (entry.symbol) {
      case LegendSymbol::kLine:
        canvas.set_line(1.5, entry.dashes);
        canvas.line({x, middle}, {x + kSymbolWidth, middle});
        break;
      case LegendSymbol::kPoint:
        cairo_arc(cairo, x + kSymbolWidth / 2, middle, 2.5, 0, 2 * std::numbers::pi);
        cairo_fill(cairo);
        break;
      case LegendSymbol::kSquare:
        cairo_rectangle(cairo, x + 2, middle - 4, kSymbolWidth - 4, 8);
        cairo_fill(cairo);
        break;
    }
    canvas.text(name + ": " + entry.label, entry.label, x + kSymbolWidth + kGap, middle, style);
    y += row_height;
  }
}

}  // namespace radstudy::plot
