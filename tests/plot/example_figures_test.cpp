#include "example_figures.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

using namespace radstudy;

// Writes the example figures as PNG (150 dpi) and SVG to $RADSTUDY_PLOT_EXAMPLES, to be looked at; the
// checks on them are in layout_test.cpp.
TEST(PlotExamples, WrittenWhenAskedFor) {
  const char* folder = std::getenv("RADSTUDY_PLOT_EXAMPLES");
  if (folder == nullptr) GTEST_SKIP() << "set RADSTUDY_PLOT_EXAMPLES=DIR to write the example figures";
  std::filesystem::create_directories(folder);
  const std::vector<std::pair<std::string, plot::Figure (*)()>> figures = {
      {"kaplan_meier", radstudy::testing::kaplan_meier_figure},
      {"feature_heatmap", radstudy::testing::feature_heatmap_figure},
      {"metrics_boxplot", radstudy::testing::metrics_boxplot_figure},
      {"forest", radstudy::testing::forest_figure},
      {"roc", radstudy::testing::roc_figure},
      {"chord", radstudy::testing::chord_figure}};
  for (const auto& [name, make] : figures) {
    const plot::Figure figure = make();
    figure.write_png(std::string(folder) + "/" + name + ".png", 150);
    figure.write_svg(std::string(folder) + "/" + name + ".svg");
    for (const auto& problem : figure.layout_problems()) ADD_FAILURE() << name << ": " << problem.description;
  }
}
