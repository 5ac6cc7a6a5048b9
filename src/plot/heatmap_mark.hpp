#pragma once
#include "plot/mark.hpp"

namespace radstudy::plot {

// A strip of colours above a heatmap, one per column (an outcome, a clinical variable, ...); its
// colours' meaning goes in the panel's legend.
struct AnnotationTrack {
  std::string name;
  std::vector<Color> colors;
};

// A matrix of coloured cells: row r on y category r (top to bottom), column c on x category c; NaN cells
// are light grey. A colour bar beside the panel shows the map from `lower` to `upper`.
class HeatmapMark : public Mark {
 public:
  // InputError when the rows differ in length or lower >= upper.
  HeatmapMark(std::vector<std::vector<double>> values, ColorMap map, double lower, double upper,
              std::string color_bar_label);

  std::vector<std::vector<double>> values;
  ColorMap map;
  double lower, upper;
  std::string color_bar_label;
  std::vector<AnnotationTrack> column_tracks;  // drawn above the cells, top to bottom
  bool show_color_bar = true;                  // false: e.g. panels that share one colour bar

  static constexpr double kTrackHeight = 7, kTrackGap = 1.5;

  void extend(DataRange& range) const override;
  void draw(Canvas& canvas, const Frame& frame, const DrawContext& context) const override;
  void footprint(const Frame& frame, std::vector<Point>& points) const override;
  std::optional<ColorBarSpec> color_bar() const override;
  double space_above() const override;
  double label_width_above(const Canvas& canvas, double font_size) const override;
  void draw_outside(Canvas& canvas, const Frame& frame, const DrawContext& context) const override;

 private:
  std::size_t column_count() const { return values.empty() ? 0 : values.front().size(); }
  TextStyle track_label_style(double font_size) const;
};

}  // namespace radstudy::plot
