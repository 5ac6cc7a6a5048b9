#pragma once
#include "plot/mark.hpp"

namespace radstudy::plot {

// Vertical bars from `baseline` to each value at x positions (category indices, shifted by `offset` for
// groups), with optional error bars from error_lower to error_upper.
class BarMark : public Mark {
 public:
  BarMark(std::vector<double> positions, std::vector<double> values, Color color, std::string label = {});

  std::vector<double> positions, values;
  Color color;
  std::string label;
  double width = 0.8;  // in x units (a category band is 1)
  double offset = 0;
  double baseline = 0;
  std::vector<double> error_lower, error_upper;

  void extend(DataRange& range) const override;
  void draw(Canvas& canvas, const Frame& frame, const DrawContext& context) const override;
  void footprint(const Frame& frame, std::vector<Point>& points) const override;
  std::vector<LegendEntry> legend_entries() const override;

 private:
  Rect bar(const Frame& frame, std::size_t index) const;
};

}  // namespace radstudy::plot
