#include "plot/figure.hpp"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <fmt/format.h>
#include <glib.h>

#include <cmath>
#include <map>
#include <memory>
#include <numeric>
#include <regex>

#include "core/atomic_output.hpp"
#include "core/errors.hpp"

namespace radstudy::plot {
namespace {

constexpr double kFigurePad = 2;

struct SurfaceDeleter {
  void operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }
};
struct ContextDeleter {
  void operator()(cairo_t* cairo) const { cairo_destroy(cairo); }
};
using SurfacePointer = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;
using ContextPointer = std::unique_ptr<cairo_t, ContextDeleter>;

cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

void check_status(cairo_status_t status, const char* what) {
  if (status != CAIRO_STATUS_SUCCESS)
    throw InputError(fmt::format("plot: cannot draw the {}: {}", what, cairo_status_to_string(status)));
}

std::string escaped(const std::string& text) {
  gchar* escaped_text = g_markup_escape_text(text.c_str(), -1);
  std::string result = escaped_text;
  g_free(escaped_text);
  return result;
}

// Cairo names an SVG's groups and glyphs after counters that run over the whole process; renumbering
// them in order of appearance makes the same figure give the same bytes.
std::string with_stable_ids(const std::string& svg) {
  const std::regex surface_id(R"(surface(\d+))");
  std::map<std::string, std::string> renamed;
  std::string result;
  auto last = svg.cbegin();
  for (std::sregex_iterator it(svg.begin(), svg.end(), surface_id), end; it != end; ++it) {
    result.append(last, svg.cbegin() + it->position());
    const auto [entry, added] = renamed.try_emplace(it->str(), fmt::format("surface{}", renamed.size() + 1));
    result += entry->second;
    last = svg.cbegin() + it->position() + it->length();
  }
  result.append(last, svg.cend());
  return result;
}

// Cairo draws text as glyph outlines; an invisible text element over each makes the SVG's text
// searchable, selectable and readable by screen readers.
std::string with_text_layer(const std::string& svg, const std::vector<TextRecord>& records) {
  const auto end = svg.rfind("</svg>");
  if (end == std::string::npos) throw InputError("plot: Cairo's SVG has no closing </svg>");
  std::string layer =
      "<g id=\"text\" fill-opacity=\"0\" font-family=\"DejaVu Sans, Liberation Sans, sans-serif\">\n";
  for (const TextRecord& record : records) {
    const bool upright = std::abs(record.rotation) < 45;
    layer += fmt::format(
        "<text x=\"{0:.2f}\" y=\"{1:.2f}\" font-size=\"{2:.2f}\" text-anchor=\"middle\" "
        "dominant-baseline=\"central\" textLength=\"{3:.2f}\" "
        "lengthAdjust=\"spacingAndGlyphs\"{4}>{5}</text>\n",
        record.box.center_x(), record.box.center_y(), record.size,
        upright ? record.box.width : record.box.height,
        upright ? std::string()
                : fmt::format(" transform=\"rotate({:.0f} {:.2f} {:.2f})\"", -record.rotation,
                              record.box.center_x(), record.box.center_y()),
        escaped(record.text));
  }
  layer += "</g>\n";
  return svg.substr(0, end) + layer + svg.substr(end);
}

std::vector<double> offsets(const std::vector<double>& weights, int count, double total) {
  std::vector<double> result{0};
  const double sum = weights.empty() ? count : std::accumulate(weights.begin(), weights.end(), 0.0);
  for (int i = 0; i < count; ++i)
    result.push_back(result.back() + total * (weights.empty() ? 1 : weights[i]) / sum);
  return result;
}

}  // namespace

Figure::Figure(double width, double height, int rows, int columns)
    : width_(width), height_(height), rows_(rows), columns_(columns) {
  if (!(width > 0) || !(height > 0) || rows < 1 || columns < 1)
    throw ConfigError(
        fmt::format("plot figure: size {} x {} pt with {} x {} panels; expected positive values", width,
                    height, rows, columns));
  panels_.resize(static_cast<std::size_t>(rows * columns));
}

Panel& Figure::panel(int row, int column) {
  return const_cast<Panel&>(static_cast<const Figure&>(*this).panel(row, column));
}

const Panel& Figure::panel(int row, int column) const {
  if (row < 0 || row >= rows_ || column < 0 || column >= columns_)
    throw ConfigError(
        fmt::format("plot figure: no panel ({}, {}) in a {} x {} grid", row, column, rows_, columns_));
  return panels_[static_cast<std::size_t>(row * columns_ + column)];
}

Rect Figure::cell(int row, int column) const {
  if (!column_weights.empty() && column_weights.size() != static_cast<std::size_t>(columns_))
    throw ConfigError(
        fmt::format("plot figure: {} column weights for {} columns", column_weights.size(), columns_));
  if (!row_weights.empty() && row_weights.size() != static_cast<std::size_t>(rows_))
    throw ConfigError(fmt::format("plot figure: {} row weights for {} rows", row_weights.size(), rows_));
  TextStyle title_style;
  title_style.size = font_size + 2;
  title_style.bold = true;
  const double top = kFigurePad + (title.empty() ? 0 : font_size * 2 + 6);
  const auto xs = offsets(column_weights, columns_, width_ - 2 * kFigurePad);
  const auto ys = offsets(row_weights, rows_, height_ - top - kFigurePad);
  return {kFigurePad + xs[column], top + ys[row], xs[column + 1] - xs[column], ys[row + 1] - ys[row]};
}

std::vector<TextRecord> Figure::render(cairo_t* cairo) const {
  Canvas canvas(cairo);
  canvas.fill_rect({0, 0, width_, height_}, colors::kWhite);
  if (!title.empty()) {
    TextStyle style;
    style.size = font_size + 2;
    style.bold = true;
    style.halign = HAlign::kCenter;
    style.max_width = width_ - 2 * kFigurePad;
    canvas.text("figure title", title, width_ / 2, kFigurePad + 2, style);
  }
  const bool letters = panel_letters && panels_.size() > 1;
  for (int row = 0; row < rows_; ++row)
    for (int column = 0; column < columns_; ++column) {
      const auto index = static_cast<std::size_t>(row * columns_ + column);
      const std::string letter = letters ? std::string(1, static_cast<char>('a' + index % 26)) : "";
      const Panel& panel = panels_[index];
      std::string title_markup = letters ? "<b>" + letter + "</b>" : "";
      if (!panel.title.empty()) title_markup += (letters ? "  " : "") + escaped(panel.title);
      const std::string name = letters ? "panel " + letter : "panel";
      panel.draw(canvas, cell(row, column), font_size, title_markup, name);
    }
  check_status(cairo_status(cairo), "figure");
  return canvas.records();
}

std::vector<TextRecord> Figure::render_on(cairo_surface_t* surface, double scale) const {
  const SurfacePointer owned(surface);
  const ContextPointer cairo(cairo_create(surface));
  cairo_scale(cairo.get(), scale, scale);
  auto records = render(cairo.get());
  cairo_surface_finish(surface);
  check_status(cairo_surface_status(surface), "surface");
  return records;
}

std::string Figure::svg() const {
  std::string output;
  cairo_surface_t* surface = cairo_svg_surface_create_for_stream(append_to_string, &output, width_, height_);
  cairo_svg_surface_set_document_unit(surface, CAIRO_SVG_UNIT_PT);
  const auto records = render_on(surface, 1);
  return with_text_layer(with_stable_ids(output), records);
}

std::string Figure::pdf() const {
  std::string output;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(append_to_string, &output, width_, height_);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "radstudy");
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
  render_on(surface, 1);
  return output;
}

std::string Figure::png(double dpi) const {
  if (!(dpi >= 10 && dpi <= 2400))
    throw ConfigError(fmt::format("plot figure: dpi {}; expected 10 to 2400", dpi));
  const double scale = dpi / 72;
  const int pixel_width = static_cast<int>(std::ceil(width_ * scale - 1e-6));
  const int pixel_height = static_cast<int>(std::ceil(height_ * scale - 1e-6));
  const SurfacePointer surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, pixel_width, pixel_height));
  {
    const ContextPointer cairo(cairo_create(surface.get()));
    cairo_scale(cairo.get(), scale, scale);
    render(cairo.get());
  }
  cairo_surface_flush(surface.get());
  std::string output;
  check_status(cairo_surface_write_to_png_stream(surface.get(), append_to_string, &output), "PNG");
  return output;
}

void Figure::write_svg(const std::string& path) const {
  core::write_file_atomically(path, svg());
}
void Figure::write_pdf(const std::string& path) const {
  core::write_file_atomically(path, pdf());
}
void Figure::write_png(const std::string& path, double dpi) const {
  core::write_file_atomically(path, png(dpi));
}

std::vector<TextRecord> Figure::texts() const {
  return render_on(cairo_recording_surface_create(CAIRO_CONTENT_COLOR, nullptr), 1);
}

std::vector<LayoutProblem> Figure::layout_problems() const {
  constexpr double kTolerance = 0.5;
  const auto records = texts();
  const auto describe = [](const TextRecord& record) {
    return fmt::format("{} '{}' [{:.1f}, {:.1f}, {:.1f} x {:.1f}]", record.name, record.text, record.box.x,
                       record.box.y, record.box.width, record.box.height);
  };
  std::vector<LayoutProblem> problems;
  const Rect canvas{0, 0, width_, height_};
  for (const TextRecord& record : records)
    if (record.box.x < -kTolerance / 10 || record.box.y < -kTolerance / 10 ||
        record.box.right() > width_ + kTolerance / 10 || record.box.bottom() > height_ + kTolerance / 10)
      problems.push_back({fmt::format("{} reaches outside the {:.0f} x {:.0f} pt canvas", describe(record),
                                      canvas.width, canvas.height),
                          record.name, ""});
  for (std::size_t i = 0; i < records.size(); ++i)
    for (std::size_t j = i + 1; j < records.size(); ++j)
      if (records[i].box.overlap_width(records[j].box) > kTolerance &&
          records[i].box.overlap_height(records[j].box) > kTolerance)
        problems.push_back({fmt::format("{} overlaps {}", describe(records[i]), describe(records[j])),
                            records[i].name, records[j].name});
  return problems;
}

}  // namespace radstudy::plot
