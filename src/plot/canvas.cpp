#include "plot/canvas.hpp"

#include <cairo.h>
#include <pango/pangocairo.h>

#include <cmath>
#include <memory>
#include <numbers>

namespace radstudy::plot {
namespace {

struct LayoutDeleter {
  void operator()(PangoLayout* layout) const { g_object_unref(layout); }
};
using LayoutPointer = std::unique_ptr<PangoLayout, LayoutDeleter>;

Rect logical_box(PangoLayout* layout) {
  PangoRectangle logical;
  pango_layout_get_extents(layout, nullptr, &logical);
  return {static_cast<double>(logical.x) / PANGO_SCALE, static_cast<double>(logical.y) / PANGO_SCALE,
          static_cast<double>(logical.width) / PANGO_SCALE,
          static_cast<double>(logical.height) / PANGO_SCALE};
}

double aligned(double extent, int alignment) {
  return alignment == 0 ? 0 : alignment == 1 ? extent / 2 : extent;
}

}  // namespace

Canvas::Canvas(cairo_t* cairo) : cairo_(cairo), context_(pango_cairo_create_context(cairo)) {
  cairo_font_options_t* options = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options(context_, options);
  cairo_font_options_destroy(options);
  pango_cairo_context_set_resolution(context_, 72);  // sizes in points = user units
  pango_context_set_round_glyph_positions(context_, FALSE);
}

Canvas::~Canvas() {
  g_object_unref(context_);
}

PangoLayout* Canvas::layout(const std::string& text, const TextStyle& style) const {
  PangoLayout* layout = pango_layout_new(context_);
  PangoFontDescription* font = pango_font_description_from_string(kFontFamilies);
  pango_font_description_set_absolute_size(font, style.size * PANGO_SCALE);
  pango_font_description_set_weight(font, style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description(layout, font);
  pango_font_description_free(font);
  if (style.markup)
    pango_layout_set_markup(layout, text.c_str(), -1);
  else
    pango_layout_set_text(layout, text.c_str(), -1);
  pango_layout_set_alignment(layout, style.halign == HAlign::kStart    ? PANGO_ALIGN_LEFT
                                     : style.halign == HAlign::kCenter ? PANGO_ALIGN_CENTER
                                                                       : PANGO_ALIGN_RIGHT);
  if (style.max_width > 0) {
    pango_layout_set_width(layout, static_cast<int>(style.max_width * PANGO_SCALE));
    // Several lines break between words only (a word wider than max_width overflows: measure() says
    // so); a single line is ellipsized in the middle, keeping both ends of a feature name.
    pango_layout_set_wrap(layout, style.max_lines > 1 ? PANGO_WRAP_WORD : PANGO_WRAP_WORD_CHAR);
    pango_layout_set_height(layout, -std::max(1, style.max_lines));
    pango_layout_set_ellipsize(layout, style.max_lines > 1 ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_MIDDLE);
  }
  return layout;
}

TextSize Canvas::measure(const std::string& text, const TextStyle& style) const {
  const LayoutPointer layout_pointer(layout(text, style));
  const Rect box = logical_box(layout_pointer.get());
  const bool overflows = style.max_width > 0 && box.width > style.max_width + 0.01;
  return {box.width, box.height, pango_layout_is_ellipsized(layout_pointer.get()) != 0 || overflows};
}

Rect Canvas::text(const std::string& name, const std::string& text, double x, double y,
                  const TextStyle& style) {
  const LayoutPointer layout_pointer(layout(text, style));
  PangoLayout* text_layout = layout_pointer.get();
  const Rect box = logical_box(text_layout);
  // The anchor's offset inside the logical box, in the text's own frame.
  const double anchor_x = box.x + aligned(box.width, static_cast<int>(style.halign));
  const double anchor_y = box.y + aligned(box.height, static_cast<int>(style.valign));
  const double angle = -style.rotation * std::numbers::pi / 180;
  cairo_save(cairo_);
  cairo_translate(cairo_, x, y);
  cairo_rotate(cairo_, angle);
  cairo_translate(cairo_, -anchor_x, -anchor_y);
  set_color(style.color);
  pango_cairo_update_layout(cairo_, text_layout);
  pango_cairo_show_layout(cairo_, text_layout);
  cairo_restore(cairo_);

  // The rotated logical box's corners in figure points.
  const double cosine = std::cos(angle), sine = std::sin(angle);
  double left = INFINITY, top = INFINITY, right = -INFINITY, bottom = -INFINITY;
  for (const double corner_x : {box.x, box.right()})
    for (const double corner_y : {box.y, box.bottom()}) {
      const double dx = corner_x - anchor_x, dy = corner_y - anchor_y;
      const double fx = x + dx * cosine - dy * sine, fy = y + dx * sine + dy * cosine;
      left = std::min(left, fx), right = std::max(right, fx), top = std::min(top, fy),
      bottom = std::max(bottom, fy);
    }
  const Rect drawn{left, top, right - left, bottom - top};
  const std::string shown = pango_layout_get_text(text_layout);
  records_.push_back(
      {name, shown, drawn, pango_layout_is_ellipsized(text_layout) != 0, style.size, style.rotation});
  return drawn;
}

void Canvas::set_color(const Color& color) const {
  cairo_set_source_rgba(cairo_, color.red, color.green, color.blue, color.alpha);
}

void Canvas::set_line(double width, const std::vector<double>& dashes) const {
  cairo_set_line_width(cairo_, width);
  cairo_set_dash(cairo_, dashes.data(), static_cast<int>(dashes.size()), 0);
  cairo_set_line_cap(cairo_, CAIRO_LINE_CAP_BUTT);
  cairo_set_line_join(cairo_, CAIRO_LINE_JOIN_ROUND);
}

void Canvas::line(Point from, Point to) const {
  cairo_move_to(cairo_, from.x, from.y);
  cairo_line_to(cairo_, to.x, to.y);
  cairo_stroke(cairo_);
}

void Canvas::fill_rect(const Rect& rect, const Color& color) const {
  set_color(color);
  cairo_rectangle(cairo_, rect.x, rect.y, rect.width, rect.height);
  cairo_fill(cairo_);
}

}  // namespace radstudy::plot
