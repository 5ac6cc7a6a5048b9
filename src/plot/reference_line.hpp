#pragma once
#include "plot/mark.hpp"

namespace radstudy::plot {

// A dashed guide across the plot area: y = value, x = value, or y = intercept + slope x (the diagonal
// of a ROC or calibration plot). It does not widen the axes.
class ReferenceLine : public Mark {
 public:
  static ReferenceLine horizontal(double y, std::string label = {});
  static ReferenceLine vertical(double x, std::string label = {});
  static ReferenceLine diagonal(double intercept, double slope, std::string label = {});

  Color color = colors::kGrey;
  double width = 0.8;
  std::vector<double> dashes = {4, 3};
  std::string label;

  void extend(DataRange& range) const override;
  void draw(Canvas& canvas, const Frame& frame, const DrawContext& context) const override;
  void footprint(const Frame& frame, std::vector<Point>& points) const override;
  std::vector<LegendEntry> legend_entries() const override;

 private:
  enum class Kind { kHorizontal, kVertical, kDiagonal };
  ReferenceLine(Kind kind, double first, double second, std::string label);
  std::pair<Point, Point> ends(const Frame& frame) const;

  Kind kind_;
  double first_, second_;  // value, or intercept and slope
};

}  // namespace radstudy::plot
