#pragma once
#include <string>
#include <vector>

#include "plot/color.hpp"
#include "plot/rect.hpp"

typedef struct _cairo cairo_t;
typedef struct _PangoContext PangoContext;
typedef struct _PangoLayout PangoLayout;

namespace radstudy::plot {

enum class HAlign { kStart, kCenter, kEnd };
enum class VAlign { kTop, kCenter, kBottom };

// How a piece of text is set. The anchor point given to Canvas::text is the (halign, valign) point of
// the text's logical box, before rotation (counter-clockwise degrees, about the anchor).
struct TextStyle {
  double size = 8;  // points at print size
  bool bold = false;
  Color color = colors::kBlack;
  HAlign halign = HAlign::kStart;
  VAlign valign = VAlign::kTop;
  double rotation = 0;
  double max_width = 0;  // > 0: wrapped (max_lines > 1) or ellipsized in the middle at this width
  int max_lines = 1;
  bool markup = false;  // Pango markup (<sup>, <i>, ...)
};

// A text element drawn: its name (what it labels), its text and its box in figure points.
struct TextRecord {
  std::string name;
  std::string text;
  Rect box;
  bool shortened = false;  // ellipsized to fit
  double size = 0;         // font size
  double rotation = 0;     // degrees, counter-clockwise
};

struct TextSize {
  double width = 0, height = 0;
  bool shortened = false;  // not set whole within max_width / max_lines (ellipsized, or a word overflows)
};

// A Cairo context with Pango text, in figure points, that records the box of every text it draws.
// Hinting is off so that text has the same metrics on every surface (SVG, PDF, PNG at any dpi).
class Canvas {
 public:
  explicit Canvas(cairo_t* cairo);  // not owned
  ~Canvas();
  Canvas(const Canvas&) = delete;
  Canvas& operator=(const Canvas&) = delete;

  cairo_t* cairo() const { return cairo_; }
  // The unrotated logical size of `text` set in `style`.
  TextSize measure(const std::string& text, const TextStyle& style) const;
  // Draws `text` anchored at (x, y) and records it; returns its (rotated) bounding box.
  Rect text(const std::string& name, const std::string& text, double x, double y, const TextStyle& style);
  const std::vector<TextRecord>& records() const { return records_; }

  void set_color(const Color& color) const;
  void set_line(double width, const std::vector<double>& dashes = {}) const;
  void line(Point from, Point to) const;  // stroked with the current colour and line
  void fill_rect(const Rect& rect, const Color& color) const;

 private:
  PangoLayout* layout(const std::string& text, const TextStyle& style) const;

  cairo_t* cairo_;
  PangoContext* context_;
  std::vector<TextRecord> records_;
};

// The font families tried in order.
inline constexpr const char* kFontFamilies = "DejaVu Sans,Liberation Sans,sans-serif";

}  // namespace radstudy::plot
