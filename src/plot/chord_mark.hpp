#pragma once
#include "plot/mark.hpp"

namespace radstudy::plot {

// A chord diagram filling the plot area (hide the panel's axes): one equal arc per sector around a circle,
// named outside it, and a ribbon between sectors i and j for each non-zero weights[i][j] (i < j; the
// upper triangle is read), as wide as |weight| allows within the sectors and coloured on the
// blue-white-red map from -1 to 1 (correlations).
class ChordMark : public Mark {
 public:
  // InputError when weights is not n x n for n sectors.
  ChordMark(std::vector<std::string> sectors, std::vector<std::vector<double>> weights);

  std::vector<std::string> sectors;
  std::vector<std::vector<double>> weights;
  std::vector<Color> sector_colors;  // empty: Okabe-Ito in turn
  double opacity = 0.6;

  void extend(DataRange& range) const override;
  void draw(Canvas& canvas, const Frame& frame, const DrawContext& context) const override;
  void footprint(const Frame& frame, std::vector<Point>& points) const override;

 private:
  struct Circle {
    Point center;
    double radius;
  };
  Circle circle(const Frame& frame, double label_width, double label_height) const;
};

}  // namespace radstudy::plot
