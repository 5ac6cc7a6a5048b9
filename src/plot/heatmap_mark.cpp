#include "plot/heatmap_mark.hpp"

#include <fmt/format.h>

#include "core/errors.hpp"

namespace radstudy::plot {

HeatmapMark::HeatmapMark(std::vector<std::vector<double>> cell_values, ColorMap color_map, double lower_value,
                         double upper_value, std::string bar_label)
    : values(std::move(cell_values)),
      map(color_map),
      lower(lower_value),
      upper(upper_value),
      color_bar_label(std::move(bar_label)) {
  for (std::size_t row = 0; row < values.size(); ++row)
    if (values[row].size() != column_count())
      throw InputError(fmt::format("plot heatmap '{}': row {} has {} values, row 0 has {}", color_bar_label,
                                   row, values[row].size(), column_count()));
  if (!(upper > lower))
    throw InputError(
        fmt::format("plot heatmap '{}': the colour range [{}, {}] is empty", color_bar_label, lower, upper));
}

void HeatmapMark::extend(DataRange& range) const {
  range.add(-0.5, -0.5);
  range.add(static_cast<double>(column_count()) - 0.5, static_cast<double>(values.size()) - 0.5);
}

void HeatmapMark::draw(Canvas& canvas, const Frame& frame, const DrawContext& /*context*/) const {
  // Each cell overlaps its right and lower neighbours by a hair, so that no seam of background shows
  // between anti-aliased edges.
  constexpr double kOverlap = 0.3;
  for (std::size_t row = 0; row < values.size(); ++row) {
    const double top = frame.y_at(static_cast<double>(row) - 0.5),
                 bottom = frame.y_at(static_cast<double>(row) + 0.5);
    for (std::size_t column = 0; column < column_count(); ++column) {
      const double left = frame.x_at(static_cast<double>(column) - 0.5);
      const double right = frame.x_at(static_cast<double>(column) + 0.5);
      const bool last_column = column + 1 == column_count(), last_row = row + 1 == values.size();
      const double t = (values[row][column] - lower) / (upper - lower);
      canvas.fill_rect(
          {left, top, right - left + (last_column ? 0 : kOverlap), bottom - top + (last_row ? 0 : kOverlap)},
          map_color(map, t));
    }
  }
}

void HeatmapMark::footprint(const Frame& frame, std::vector<Point>& points) const {
  for (double y = frame.area.y; y <= frame.area.bottom(); y += 4)
    sample_segment({frame.area.x, y}, {frame.area.right(), y}, points, 4);
}

std::optional<ColorBarSpec> HeatmapMark::color_bar() const {
  if (!show_color_bar) return std::nullopt;
  return ColorBarSpec{map, lower, upper, color_bar_label};
}

double HeatmapMark::space_above() const {
  return column_tracks.empty() ? 0
                               : static_cast<double>(column_tracks.size()) * (kTrackHeight + kTrackGap) + 2;
}

TextStyle HeatmapMark::track_label_style(double font_size) const {
  TextStyle style;
  style.size = std::max(7.0, font_size - 1);
  style.halign = HAlign::kEnd;
  style.valign = VAlign::kCenter;
  return style;
}

double HeatmapMark::label_width_above(const Canvas& canvas, double font_size) const {
  double width = 0;
  for (const AnnotationTrack& track : column_tracks)
    width = std::max(width, canvas.measure(track.name, track_label_style(font_size)).width + 3);
  return width;
}

void HeatmapMark::draw_outside(Canvas& canvas, const Frame& frame, const DrawContext& context) const {
  double top = frame.area.y - space_above();
  for (const AnnotationTrack& track : column_tracks) {
    if (track.colors.size() != column_count())
      throw InputError(fmt::format("plot heatmap track '{}': {} colours for {} columns", track.name,
                                   track.colors.size(), column_count()));
    for (std::size_t column = 0; column < column_count(); ++column) {
      const double left = frame.x_at(static_cast<double>(column) - 0.5);
      const double right = frame.x_at(static_cast<double>(column) + 0.5);
      canvas.fill_rect({left, top, right - left + (column + 1 == column_count() ? 0 : 0.3), kTrackHeight},
                       track.colors[column]);
    }
    canvas.text(context.name + " track " + track.name, track.name, frame.area.x - 3, top + kTrackHeight / 2,
                track_label_style(context.font_size));
    top += kTrackHeight + kTrackGap;
  }
}

}  // namespace radstudy::plot
