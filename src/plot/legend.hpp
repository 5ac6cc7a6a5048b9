#pragma once
#include <string>
#include <vector>

#include "plot/canvas.hpp"
#include "plot/color.hpp"

namespace radstudy::plot {

enum class LegendSymbol { kLine, kPoint, kSquare };

struct LegendEntry {
  std::string label;
  Color color;
  LegendSymbol symbol = LegendSymbol::kSquare;
  std::vector<double> dashes = {};
};

// A boxed list of symbols and labels, one entry a row, with an optional bold title.
class Legend {
 public:
  std::string title;
  std::vector<LegendEntry> entries;

  bool empty() const { return entries.empty(); }
  // Adds an entry unless one with the same label is there.
  void add(const LegendEntry& entry);
  // Width and height in points, labels shortened beyond `max_label_width`.
  TextSize size(const Canvas& canvas, double font_size, double max_label_width) const;
  void draw(Canvas& canvas, Point top_left, double font_size, double max_label_width, bool background,
            const std::string& name) const;

 private:
  TextStyle label_style(double font_size, double max_label_width) const;
};

}  // namespace radstudy::plot
