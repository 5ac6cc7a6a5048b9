#pragma once
#include <string>
#include <vector>

#include "plot/canvas.hpp"
#include "plot/panel.hpp"

typedef struct _cairo cairo_t;
typedef struct _cairo_surface cairo_surface_t;

namespace radstudy::plot {

// A text outside the canvas (second empty) or two texts that overlap.
struct LayoutProblem {
  std::string description;  // one line naming the texts and their boxes
  std::string first, second;
};

// A figure of panels on a grid, drawn to SVG, PDF or PNG by Cairo with the same layout (sizes in points:
// 1 pt = 1/72 inch; a journal's double column of 180 mm is kDoubleColumn). With more than one panel each
// gets a bold letter (a, b, ...) before its title.
class Figure {
 public:
  static constexpr double kSingleColumn = 255.1, kDoubleColumn = 510.2;  // 90 mm, 180 mm

  // ConfigError when the size or the grid is empty.
  Figure(double width, double height, int rows = 1, int columns = 1);

  std::string title;
  double font_size = 8;       // points at print size (>= 7)
  bool panel_letters = true;  // with more than one panel
  // Relative widths of the columns and heights of the rows (empty: equal).
  std::vector<double> column_weights, row_weights;

  double width() const { return width_; }
  double height() const { return height_; }
  Panel& panel(int row = 0, int column = 0);
  const Panel& panel(int row, int column) const;

  std::string svg() const;
  std::string pdf() const;
  std::string png(double dpi = 300) const;
  // Each written atomically (a temporary in the same folder, then renamed); InputError naming the path.
  void write_svg(const std::string& path) const;
  void write_pdf(const std::string& path) const;
  void write_png(const std::string& path, double dpi = 300) const;

  // Every text the figure draws, with its box in points.
  std::vector<TextRecord> texts() const;
  // Texts reaching outside the canvas and pairs of texts that overlap (by more than 0.5 pt each way);
  // empty for a clean figure.
  std::vector<LayoutProblem> layout_problems() const;

  // Draws the figure on `cairo` (user units = points) and returns the texts drawn.
  std::vector<TextRecord> render(cairo_t* cairo) const;

 private:
  Rect cell(int row, int column) const;
  // Renders on `surface` (taken over and finished) scaled by `scale`.
  std::vector<TextRecord> render_on(cairo_surface_t* surface, double scale) const;

  double width_, height_;
  int rows_, columns_;
  std::vector<Panel> panels_;
};

}  // namespace radstudy::plot
