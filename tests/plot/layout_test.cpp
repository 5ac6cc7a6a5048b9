#include <gtest/gtest.h>

#include <algorithm>

#include "example_figures.hpp"

using namespace radstudy;
using namespace radstudy::plot;

namespace {

std::string listed(const std::vector<LayoutProblem>& problems) {
  std::string text;
  for (const auto& problem : problems) text += problem.description + "\n";
  return text;
}

std::vector<TextRecord> named(const std::vector<TextRecord>& records, const std::string& prefix) {
  std::vector<TextRecord> result;
  std::copy_if(records.begin(), records.end(), std::back_inserter(result),
               [&](const TextRecord& record) { return record.name.starts_with(prefix); });
  return result;
}

}  // namespace

TEST(PlotLayout, FindsAPlantedOverlapAndNamesBothTexts) {
  Figure figure(200, 150);
  Panel& panel = figure.panel();
  panel.add(LineMark({0, 1}, {0, 1}, category_color(0)));
  panel.add(TextMark(0.5, 0.5, "first label"));
  panel.add(TextMark(0.52, 0.5, "second label"));
  const auto problems = figure.layout_problems();
  ASSERT_EQ(problems.size(), 1u) << listed(problems);
  EXPECT_EQ(problems[0].first, "panel text");
  EXPECT_NE(problems[0].description.find("'first label'"), std::string::npos);
  EXPECT_NE(problems[0].description.find("'second label'"), std::string::npos);
}

TEST(PlotLayout, FindsALabelOutsideTheCanvas) {
  Figure figure(200, 150);
  Panel& panel = figure.panel();
  panel.add(LineMark({0, 1}, {0, 1}, category_color(0)));
  panel.add(TextMark(1, 0.5, "a long annotation running off the right edge"));
  const auto problems = figure.layout_problems();
  ASSERT_EQ(problems.size(), 1u) << listed(problems);
  EXPECT_TRUE(problems[0].second.empty());
  EXPECT_NE(problems[0].description.find("outside the 200 x 150 pt canvas"), std::string::npos);
}

TEST(PlotLayout, HeatmapWithThirtyLongFeatureNamesIsClean) {
  const Figure figure = radstudy::testing::feature_heatmap_figure();
  EXPECT_EQ(listed(figure.layout_problems()), "");
  const auto records = figure.texts();
  const auto rows = named(records, "panel y tick");
  EXPECT_EQ(rows.size(), 30u);  // every feature named, none thinned out
  for (const TextRecord& row : rows) EXPECT_GE(row.size, 7.0);
  EXPECT_TRUE(std::any_of(rows.begin(), rows.end(), [](const TextRecord& r) { return r.shortened; }));
  EXPECT_FALSE(named(records, "panel track Lung metastasis").empty());
  EXPECT_FALSE(named(records, "panel colour bar label").empty());
  for (const TextRecord& record : records) EXPECT_GE(record.size, 7.0) << record.name;
}

TEST(PlotLayout, KaplanMeierForestBoxAndRocFiguresAreClean) {
  EXPECT_EQ(listed(radstudy::testing::kaplan_meier_figure().layout_problems()), "");
  EXPECT_EQ(listed(radstudy::testing::forest_figure().layout_problems()), "");
  EXPECT_EQ(listed(radstudy::testing::metrics_boxplot_figure().layout_problems()), "");
  EXPECT_EQ(listed(radstudy::testing::roc_figure().layout_problems()), "");
  EXPECT_EQ(listed(radstudy::testing::chord_figure().layout_problems()), "");
}

TEST(PlotLayout, CrowdedNumericTicksAreThinned) {
  Figure figure(110, 90);
  Panel& panel = figure.panel();
  panel.add(LineMark({0, 123456789}, {0.00001, 0.00002}, category_color(0)));
  EXPECT_EQ(listed(figure.layout_problems()), "");
  const auto x_ticks = named(figure.texts(), "panel x tick");
  EXPECT_GE(x_ticks.size(), 2u);
  EXPECT_LE(x_ticks.size(), 3u);
}

TEST(PlotLayout, LongCategoryLabelsTurnVerticalAndManyAreThinned) {
  Figure figure(200, 200);
  Panel& panel = figure.panel();
  panel.x_axis.kind = AxisKind::kCategorical;
  panel.x_axis.categories = radstudy::testing::long_feature_names();
  std::vector<double> positions, values;
  for (int i = 0; i < 30; ++i) positions.push_back(i), values.push_back(i % 7);
  panel.add(BarMark(positions, values, category_color(2)));
  EXPECT_EQ(listed(figure.layout_problems()), "");
  const auto labels = named(figure.texts(), "panel x tick");
  ASSERT_FALSE(labels.empty());
  EXPECT_EQ(labels.front().rotation, 90);
  EXPECT_GT(labels.front().box.height, labels.front().box.width);
  // 30 bands of 5 pt cannot hold 30 lines of 7 pt text: every second label is shown.
  EXPECT_LT(labels.size(), 30u);
  EXPECT_GE(labels.size(), 10u);
}

TEST(PlotLayout, ShortCategoryLabelsStayUprightAndWrap) {
  Figure figure(Figure::kDoubleColumn, 200);
  Panel& panel = figure.panel();
  panel.x_axis.kind = AxisKind::kCategorical;
  panel.x_axis.categories = {"logistic regression", "naive Bayes", "random forest", "SVM"};
  panel.add(BarMark({0, 1, 2, 3}, {1, 2, 3, 4}, category_color(2)));
  const auto labels = named(figure.texts(), "panel x tick");
  ASSERT_EQ(labels.size(), 4u);
  for (const TextRecord& label : labels) EXPECT_EQ(label.rotation, 0) << label.text;
  EXPECT_EQ(listed(figure.layout_problems()), "");
}

TEST(PlotLayout, LegendAvoidsTheDataOrGoesOutside) {
  // A curve rising fast to the top fills both upper corners: the legend goes to the lower right.
  Figure figure(250, 180);
  Panel& panel = figure.panel();
  panel.add(LineMark({0, 5, 20, 100}, {0, 0.8, 0.95, 1}, category_color(0), "all patients"));
  const auto legend = named(figure.texts(), "panel legend: all patients");
  ASSERT_EQ(legend.size(), 1u);
  const auto plot_ticks = named(figure.texts(), "panel x tick");
  EXPECT_LT(legend[0].box.right(), plot_ticks.back().box.right());  // inside the plot area
  EXPECT_GT(legend[0].box.bottom(), 60);                            // not at the top, where the curve is

  // Points everywhere: no corner is free, so the legend goes right of the plot area.
  Figure full(250, 180);
  std::vector<double> x, y;
  for (int i = 0; i < 20; ++i)
    for (int j = 0; j < 20; ++j) x.push_back(i), y.push_back(j);
  full.panel().add(ScatterMark(x, y, category_color(1), "grid of cases"));
  const auto texts = full.texts();
  const auto outside = named(texts, "panel legend: grid of cases");
  ASSERT_EQ(outside.size(), 1u);
  for (const TextRecord& tick : named(texts, "panel x tick")) EXPECT_GT(outside[0].box.x, tick.box.right());
  EXPECT_EQ(listed(full.layout_problems()), "");
}

TEST(PlotLayout, PanelsOfAGridGetLetters) {
  const Figure figure = radstudy::testing::metrics_boxplot_figure();
  const auto titles = named(figure.texts(), "panel a title");
  ASSERT_EQ(titles.size(), 1u);
  EXPECT_EQ(titles[0].text, "a  AUC");
  EXPECT_EQ(named(figure.texts(), "panel b title").size(), 1u);
}
