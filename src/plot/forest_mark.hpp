#pragma once
#include "plot/mark.hpp"

namespace radstudy::plot {

struct ForestRow {
  double estimate = NAN, lower = NAN, upper = NAN;  // a NaN estimate draws nothing (a header row)
};

// A forest plot: row i on y category i, a square at the estimate and a line over its interval; an
// interval that leaves the x range ends in an arrow at the edge.
class ForestMark : public Mark {
 public:
  ForestMark(std::vector<ForestRow> rows, Color color, std::string label = {});

  std::vector<ForestRow> rows;
  Color color;
  std::string label;
  double square = 5;  // points

  void extend(DataRange& range) const override;
  void draw(Canvas& canvas, const Frame& frame, const DrawContext& context) const override;
  void footprint(const Frame& frame, std::vector<Point>& points) const override;
  std::vector<LegendEntry> legend_entries() const override;
};

}  // namespace radstudy::plot
