#include <cairo.h>
#include <glib.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "core/errors.hpp"
#include "example_figures.hpp"
#include "io/scratch_directory.hpp"

using namespace radstudy;
using namespace radstudy::plot;

namespace {

// One figure per primitive, each with a title naming it.
std::vector<std::pair<std::string, std::function<void(Panel&)>>> primitives() {
  const std::vector<double> x = {0, 1, 2, 3, 4}, y = {1, 3, 2, 5, 4};
  return {
      {"line", [=](Panel& p) { p.add(LineMark(x, y, category_color(0), "line")); }},
      {"step",
       [=](Panel& p) {
         LineMark line(x, {1, 0.8, 0.6, 0.5, 0.3}, category_color(1), "survival");
         line.step = true;
         line.censored_x = {1.5, 3.2};
         p.add(line);
       }},
      {"area",
       [=](Panel& p) {
         p.add(AreaMark(x, {0, 1, 1, 2, 2}, {2, 3, 4, 4, 5}, category_color(2), "band"));
       }},
      {"scatter", [=](Panel& p) { p.add(ScatterMark(x, y, category_color(3), "points")); }},
      {"bars",
       [=](Panel& p) {
         p.x_axis.kind = AxisKind::kCategorical;
         p.x_axis.categories = {"A", "B", "C", "D", "E"};
         p.y_axis.include_zero = true;
         BarMark bars(x, y, category_color(4), "counts");
         bars.error_lower = {0.5, 2.5, 1.5, 4.5, 3.5}, bars.error_upper = {1.5, 3.5, 2.5, 5.5, 4.5};
         p.add(bars);
       }},
      {"box",
       [=](Panel& p) {
         p.x_axis.kind = AxisKind::kCategorical;
         p.x_axis.categories = {"train", "test"};
         p.add(BoxMark(0, {0.7, 0.8, 0.75, 0.9, 0.2}, category_color(0), "train"));
         p.add(BoxMark(1, {0.6, 0.65, 0.7, 0.5, 0.62}, category_color(1), "test"));
       }},
      {"heatmap",
       [=](Panel& p) {
         p.x_axis.kind = p.y_axis.kind = AxisKind::kCategorical;
         p.x_axis.categories = p.y_axis.categories = {"f1", "f2", "f3"};
         HeatmapMark heatmap({{1, 0.5, -0.2}, {0.5, 1, NAN}, {-0.2, 0.1, 1}}, ColorMap::kBlueWhiteRed, -1, 1,
                             "rho");
         heatmap.column_tracks = {{"label", {category_color(0), category_color(1), category_color(0)}}};
         p.add(heatmap);
       }},
      {"forest",
       [=](Panel& p) {
         p.x_axis.kind = AxisKind::kLog;
         p.y_axis.kind = AxisKind::kCategorical;
         p.y_axis.categories = {"age", "grade"};
         p.right_labels = {"1.20 (0.9-1.6)", "2.10 (1.2-3.7)"};
         p.add(ForestMark({{1.2, 0.9, 1.6}, {2.1, 1.2, 3.7}}, category_color(4)));
       }},
      {"reference",
       [=](Panel& p) {
         p.add(LineMark(x, y, category_color(0)));
         p.add(ReferenceLine::horizontal(2, "threshold"));
         p.add(ReferenceLine::vertical(1));
         p.add(ReferenceLine::diagonal(0, 1));
       }},
      {"chord",
       [=](Panel& p) {
         p.x_axis.visible = p.y_axis.visible = false;
         p.add(ChordMark({"shape", "glcm", "glszm", "firstorder"},
                         {{0, 0.9, -0.7, 0}, {0, 0, 0.65, 0}, {0, 0, 0, -0.8}, {0, 0, 0, 0}}));
       }},
      {"text",
       [=](Panel& p) {
         p.add(LineMark(x, y, category_color(0)));
         p.add(TextMark(2, 2, "annotation"));
       }},
  };
}

Figure primitive_figure(const std::string& name, const std::function<void(Panel&)>& fill) {
  Figure figure(Figure::kSingleColumn, 180);
  Panel& panel = figure.panel();
  panel.title = "primitive " + name;
  panel.x_axis.label = "x (mm)";
  panel.y_axis.label = "y (HU)";
  fill(panel);
  return figure;
}

std::uint32_t big_endian(const std::string& bytes, std::size_t at) {
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < 4; ++i) value = (value << 8) | static_cast<unsigned char>(bytes[at + i]);
  return value;
}

bool parses_as_xml(const std::string& text, std::string& error_message) {
  GMarkupParser parser{};
  GMarkupParseContext* context =
      g_markup_parse_context_new(&parser, G_MARKUP_PREFIX_ERROR_POSITION, nullptr, nullptr);
  GError* error = nullptr;
  const bool parsed =
      g_markup_parse_context_parse(context, text.c_str(), static_cast<gssize>(text.size()), &error) &&
      g_markup_parse_context_end_parse(context, &error);
  if (error) error_message = error->message, g_error_free(error);
  g_markup_parse_context_free(context);
  return parsed;
}

}  // namespace

TEST(PlotRender, EveryPrimitiveDrawsToPngPdfAndSvg) {
  for (const auto& [name, fill] : primitives()) {
    SCOPED_TRACE(name);
    const Figure figure = primitive_figure(name, fill);
    const std::string png = figure.png(300);
    ASSERT_GT(png.size(), 33u);
    EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
    EXPECT_EQ(png.substr(12, 4), "IHDR");
    EXPECT_EQ(big_endian(png, 16),
              static_cast<std::uint32_t>(std::ceil(Figure::kSingleColumn * 300 / 72)));  // 1063
    EXPECT_EQ(big_endian(png, 20), 750u);                                                // 180 pt at 300 dpi
    const std::string pdf = figure.pdf();
    EXPECT_EQ(pdf.substr(0, 5), "%PDF-");
    EXPECT_NE(pdf.find("%%EOF"), std::string::npos);
    const std::string svg = figure.svg();
    std::string error;
    EXPECT_TRUE(parses_as_xml(svg, error)) << error;
    EXPECT_NE(svg.find("width=\"255.1pt\""), std::string::npos);
    EXPECT_NE(svg.find(">primitive " + name + "</text>"), std::string::npos);
    if (name != "chord") {
      EXPECT_NE(svg.find(">x (mm)</text>"), std::string::npos);
    }
    EXPECT_TRUE(figure.layout_problems().empty()) << figure.layout_problems().front().description;
  }
}

TEST(PlotRender, PngSizeFollowsTheDpi) {
  const Figure figure = radstudy::testing::roc_figure();
  const std::string png = figure.png(72);
  EXPECT_EQ(big_endian(png, 16), 256u);  // 255.1 pt
  EXPECT_EQ(big_endian(png, 20), 240u);
  EXPECT_THROW(figure.png(0), ConfigError);
}

TEST(PlotRender, PngPixelsShowTheMarksColours) {
  Figure figure(100, 100);
  Panel& panel = figure.panel();
  panel.x_axis.visible = panel.y_axis.visible = false;
  panel.x_axis.kind = panel.y_axis.kind = AxisKind::kCategorical;
  HeatmapMark heatmap({{0, 1}, {1, 0.5}}, ColorMap::kViridis, 0, 1, "");
  heatmap.show_color_bar = false;
  panel.add(heatmap);
  panel.legend_placement = LegendPlacement::kNone;
  const std::string png = figure.png(72);
  std::size_t offset = 0;
  auto read = [](void* closure, unsigned char* data, unsigned int length) {
    auto* state = static_cast<std::pair<const std::string*, std::size_t*>*>(closure);
    if (*state->second + length > state->first->size()) return CAIRO_STATUS_READ_ERROR;
    std::copy_n(state->first->data() + *state->second, length, data);
    *state->second += length;
    return CAIRO_STATUS_SUCCESS;
  };
  std::pair<const std::string*, std::size_t*> state{&png, &offset};
  cairo_surface_t* image = cairo_image_surface_create_from_png_stream(read, &state);
  ASSERT_EQ(cairo_surface_status(image), CAIRO_STATUS_SUCCESS);
  const unsigned char* pixels = cairo_image_surface_get_data(image);
  const int stride = cairo_image_surface_get_stride(image);
  const auto pixel = [&](int x, int y) {
    const auto* p = pixels + y * stride + x * 4;  // BGRA in memory (little endian)
    return Color::from_hex((p[2] << 16) | (p[1] << 8) | p[0]).hex();
  };
  EXPECT_EQ(pixel(25, 25), "#440154");  // the upper left cell: row 0, column 0 -> 0
  EXPECT_EQ(pixel(75, 25), "#fde725");  // row 0, column 1 -> 1
  EXPECT_EQ(pixel(25, 75), "#fde725");
  EXPECT_EQ(pixel(75, 75), "#21908c");  // 0.5
  EXPECT_EQ(pixel(1, 1), "#ffffff");    // background
  cairo_surface_destroy(image);
}

TEST(PlotRender, SameFigureGivesTheSameBytes) {
  const std::string svg = radstudy::testing::kaplan_meier_figure().svg();
  const std::string png = radstudy::testing::kaplan_meier_figure().png(150);
  (void)radstudy::testing::feature_heatmap_figure().svg();  // Cairo's process-wide surface counters move on
  EXPECT_EQ(radstudy::testing::kaplan_meier_figure().svg(), svg);
  EXPECT_EQ(radstudy::testing::kaplan_meier_figure().png(150), png);
  EXPECT_NE(radstudy::testing::roc_figure().svg(), svg);
}

TEST(PlotRender, WritesFilesAtomicallyAndNamesAFolderThatIsMissing) {
  radstudy::testing::ScratchDirectory scratch;
  const Figure figure = radstudy::testing::roc_figure();
  const std::string svg = (scratch.path() / "roc.svg").string();
  figure.write_svg(svg);
  figure.write_png((scratch.path() / "roc.png").string(), 100);
  figure.write_pdf((scratch.path() / "roc.pdf").string());
  std::ifstream in(svg);
  std::stringstream content;
  content << in.rdbuf();
  EXPECT_EQ(content.str(), figure.svg());
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(scratch.path()), {}), 3);  // no temporary left
  try {
    figure.write_png((scratch.path() / "missing" / "roc.png").string());
    ADD_FAILURE() << "no error";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("missing"), std::string::npos) << error.what();
  }
}

TEST(PlotRender, BadInputsAreErrorsNamingTheMark) {
  EXPECT_THROW(LineMark({1, 2}, {1}, colors::kBlack, "km"), InputError);
  EXPECT_THROW(HeatmapMark({{1, 2}, {3}}, ColorMap::kViridis, 0, 1, "rho"), InputError);
  EXPECT_THROW(HeatmapMark({{1}}, ColorMap::kViridis, 1, 1, "rho"), InputError);
  EXPECT_THROW(ChordMark({"a", "b"}, {{0, 1}}), InputError);
  EXPECT_THROW(Figure(0, 100), ConfigError);
  Figure figure(100, 100);
  EXPECT_THROW(figure.panel(1, 0), ConfigError);
  figure.panel().x_axis.kind = AxisKind::kLog;
  figure.panel().add(LineMark({-1, -2}, {1, 2}, colors::kBlack));
  figure.panel().x_axis.lower = -3;
  try {
    (void)figure.svg();
    ADD_FAILURE() << "no error";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("log axis"), std::string::npos) << error.what();
  }
}
