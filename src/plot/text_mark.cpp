#include "plot/text_mark.hpp"

namespace radstudy::plot {

TextMark::TextMark(double x_value, double y_value, std::string shown, TextStyle text_style)
    : x(x_value), y(y_value), text(std::move(shown)), style(text_style) {}

void TextMark::extend(DataRange& range) const {
  range.add(x, y);
}

void TextMark::draw(Canvas& canvas, const Frame& frame, const DrawContext& context) const {
  TextStyle used = style;
  if (used.size == 0) used.size = context.font_size;
  const Point at = frame.at(x, y);
  canvas.text(context.name + " text", text, at.x, at.y, used);
}

void TextMark::footprint(const Frame& frame, std::vector<Point>& points) const {
  points.push_back(frame.at(x, y));
}

}  // namespace radstudy::plot
