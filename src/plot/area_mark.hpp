#pragma once
#include "plot/mark.hpp"

namespace radstudy::plot {

// The region between `lower` and `upper` over x (a confidence band), straight or post-step.
class AreaMark : public Mark {
 public:
  AreaMark(std::vector<double> x, std::vector<double> lower, std::vector<double> upper, Color color,
           std::string label = {});

  std::vector<double> x, lower, upper;
  Color color;  // drawn with `opacity`
  std::string label;
  double opacity = 0.25;
  bool step = false;

  void extend(DataRange& range) const override;
  void draw(Canvas& canvas, const Frame& frame, const DrawContext& context) const override;
  void footprint(const Frame& frame, std::vector<Point>& points) const override;
  std::vector<LegendEntry> legend_entries() const override;

 private:
  // Each run of finite points as a closed outline: along the upper edge, back along the lower.
  std::vector<std::vector<Point>> outlines(const Frame& frame) const;
};

}  // namespace radstudy::plot
