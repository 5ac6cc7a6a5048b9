#pragma once
#include "plot/mark.hpp"

namespace radstudy::plot {

// A Tukey box plot of `values` at x = position + offset: the quartiles (R's type 7), whiskers to the
// furthest values within 1.5 IQR of the box, and the values themselves as jittered points (the jitter is
// seeded, so the same data draw the same figure) or, without show_points, the outliers only.
class BoxMark : public Mark {
 public:
  BoxMark(double position, std::vector<double> values, Color color, std::string label = {});

  double position;
  std::vector<double> values;  // non-finite values are left out
  Color color;
  std::string label;
  double offset = 0;
  double width = 0.6;  // in x units
  bool show_points = true;

  struct Summary {
    double lower_whisker, first_quartile, median, third_quartile, upper_whisker;
  };
  // InputError when there is no finite value.
  Summary summary() const;

  void extend(DataRange& range) const override;
  void draw(Canvas& canvas, const Frame& frame, const DrawContext& context) const override;
  void footprint(const Frame& frame, std::vector<Point>& points) const override;
  std::vector<LegendEntry> legend_entries() const override;

 private:
  std::vector<double> finite_sorted() const;
};

}  // namespace radstudy::plot
