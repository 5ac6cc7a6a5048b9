#pragma once
// Realistic figures of a radiomics paper, built from fixed synthetic data, for the plot tests (and to look
// at: RADSTUDY_PLOT_EXAMPLES=DIR makes PlotExamples write them there as PNG).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "core/seeded_random.hpp"
#include "plot/area_mark.hpp"
#include "plot/bar_mark.hpp"
#include "plot/box_mark.hpp"
#include "plot/chord_mark.hpp"
#include "plot/figure.hpp"
#include "plot/forest_mark.hpp"
#include "plot/heatmap_mark.hpp"
#include "plot/line_mark.hpp"
#include "plot/palette.hpp"
#include "plot/reference_line.hpp"
#include "plot/scatter_mark.hpp"
#include "plot/text_mark.hpp"

namespace radstudy::testing {

// 30 PyRadiomics-style feature names, some long.
inline std::vector<std::string> long_feature_names() {
  const std::vector<std::string> filters = {"original", "wavelet-LLH", "wavelet-HLL", "log-sigma-3-0-mm-3D",
                                            "wavelet-HHH"};
  const std::vector<std::string> features = {
      "glszm_SmallAreaLowGrayLevelEmphasis",    "firstorder_Kurtosis",
      "glcm_InverseDifferenceMomentNormalized", "gldm_DependenceNonUniformity",
      "glrlm_LongRunHighGrayLevelEmphasis",     "shape_Sphericity"};
  std::vector<std::string> names;
  for (std::size_t i = 0; i < 30; ++i)
    names.push_back(filters[i % filters.size()] + "_" + features[i % features.size()]);
  return names;
}

// A Kaplan-Meier figure: two groups, step curves with censoring ticks and confidence bands.
inline plot::Figure kaplan_meier_figure() {
  plot::Figure figure(plot::Figure::kSingleColumn, 200);
  plot::Panel& panel = figure.panel();
  panel.title = "Overall survival by radiomics score";
  panel.x_axis.label = "Time (days)";
  panel.y_axis.label = "Survival probability";
  panel.y_axis.lower = 0, panel.y_axis.upper = 1.02;
  panel.x_axis.lower = 0;
  panel.legend.title = "Score";
  core::SeededRandom random(7);
  for (int group = 0; group < 2; ++group) {
    std::vector<double> times = {0}, survival = {1}, lower = {1}, upper = {1}, censored;
    double s = 1, t = 0;
    for (int step = 0; step < 25; ++step) {
      t += random.uniform(20, 120) * (group == 0 ? 1.6 : 1.0);
      if (random.uniform() < 0.3) {
        censored.push_back(t);
        continue;
      }
      s *= 1 - 1.0 / (28 - step);
      times.push_back(t), survival.push_back(s);
      lower.push_back(std::max(0.0, s - 0.12 * std::sqrt(1 - s))),
          upper.push_back(std::min(1.0, s + 0.12 * std::sqrt(1 - s)));
    }
    const plot::Color color = plot::category_color(group == 0 ? 4 : 5);
    plot::AreaMark band(times, lower, upper, color);
    band.step = true;
    panel.add(band);
    plot::LineMark line(times, survival, color, group == 0 ? "Low (n = 26)" : "High (n = 25)");
    line.step = true;
    line.censored_x = censored;
    panel.add(line);
  }
  panel.add(plot::TextMark(30, 0.08, "log-rank p = 0.004"));
  return figure;
}

// A feature heatmap (30 long feature names x 40 patients) with outcome and clinical tracks.
inline plot::Figure feature_heatmap_figure() {
  plot::Figure figure(plot::Figure::kDoubleColumn, 400);
  plot::Panel& panel = figure.panel();
  panel.title = "Feature landscape (z-scores)";
  const auto names = long_feature_names();
  core::SeededRandom random(11);
  std::vector<std::vector<double>> values(names.size(), std::vector<double>(40));
  for (auto& row : values)
    for (double& value : row) value = random.normal();
  std::vector<std::string> patients;
  for (int i = 0; i < 40; ++i) patients.push_back("STS_" + std::to_string(100 + i));
  panel.x_axis.kind = plot::AxisKind::kCategorical;
  panel.x_axis.categories = patients;
  panel.x_axis.label = "Patients";
  panel.x_axis.line = false;
  panel.y_axis.kind = plot::AxisKind::kCategorical;
  panel.y_axis.categories = names;
  panel.y_axis.line = false;
  plot::HeatmapMark heatmap(values, plot::ColorMap::kBlueWhiteRed, -3, 3, "z-score");
  plot::AnnotationTrack outcome{"Lung metastasis", {}}, grade{"Grade", {}};
  for (int i = 0; i < 40; ++i) {
    outcome.colors.push_back(i % 3 == 0 ? plot::category_color(5) : plot::category_color(1));
    grade.colors.push_back(plot::map_color(plot::ColorMap::kCividis, (i % 3) / 2.0));
  }
  heatmap.column_tracks = {outcome, grade};
  panel.add(heatmap);
  panel.legend_placement = plot::LegendPlacement::kOutsideRight;
  panel.legend.add({"Metastasis", plot::category_color(5)});
  panel.legend.add({"No metastasis", plot::category_color(1)});
  return figure;
}

// Box plots of five metrics for ten models (train and test side by side), two panels.
inline plot::Figure metrics_boxplot_figure() {
  plot::Figure figure(plot::Figure::kDoubleColumn, 420, 2, 1);
  const std::vector<std::string> models = {"logistic regression",  "lasso",        "naive Bayes",
                                           "k-nearest neighbours", "SVM (radial)", "decision tree",
                                           "random forest",        "bagging",      "boosting",
                                           "neural network"};
  core::SeededRandom random(3);
  for (int row = 0; row < 2; ++row) {
    plot::Panel& panel = figure.panel(row, 0);
    panel.title = row == 0 ? "AUC" : "Sensitivity";
    panel.x_axis.kind = plot::AxisKind::kCategorical;
    panel.x_axis.categories = models;
    panel.y_axis.label = row == 0 ? "AUC" : "Sensitivity";
    panel.y_axis.lower = 0, panel.y_axis.upper = 1;
    for (std::size_t model = 0; model < models.size(); ++model)
      for (int set = 0; set < 2; ++set) {
        std::vector<double> values;
        for (int fold = 0; fold < 50; ++fold)
          values.push_back(std::clamp(0.75 - 0.1 * set + 0.1 * random.normal(), 0.0, 1.0));
        plot::BoxMark box(static_cast<double>(model), values, plot::category_color(set),
                          set == 0 ? "Train" : "Test");
        box.offset = set == 0 ? -0.2 : 0.2;
        box.width = 0.35;
        panel.add(box);
      }
    panel.add(plot::ReferenceLine::horizontal(0.5));
  }
  return figure;
}

// A Cox forest plot with a log x axis and an estimate column.
inline plot::Figure forest_figure() {
  plot::Figure figure(plot::Figure::kDoubleColumn, 200);
  plot::Panel& panel = figure.panel();
  panel.title = "Univariate Cox regression";
  panel.x_axis.kind = plot::AxisKind::kLog;
  panel.x_axis.label = "Hazard ratio (95% CI, log scale)";
  panel.y_axis.kind = plot::AxisKind::kCategorical;
  const auto names = long_feature_names();
  std::vector<plot::ForestRow> rows;
  for (int i = 0; i < 8; ++i) {
    const double hr = std::exp(0.3 * (i - 3));
    rows.push_back({hr, hr / (1.5 + 0.2 * i), hr * (1.5 + 0.2 * i)});
    panel.y_axis.categories.push_back(names[i]);
    panel.right_labels.push_back(fmt::format("{:.2f} ({:.2f}\u2013{:.2f})", rows.back().estimate,
                                             rows.back().lower, rows.back().upper));
  }
  rows[7].upper = 80;  // beyond the axis: an arrow
  panel.x_axis.upper = 20;
  panel.right_header = "HR (95% CI)";
  panel.add(plot::ForestMark(rows, plot::category_color(4)));
  panel.add(plot::ReferenceLine::vertical(1));
  return figure;
}

// ROC curves of three models with the chance diagonal.
inline plot::Figure roc_figure() {
  plot::Figure figure(plot::Figure::kSingleColumn, 240);
  plot::Panel& panel = figure.panel();
  panel.title = "ROC, test folds";
  panel.x_axis.label = "1 \u2212 specificity";
  panel.y_axis.label = "Sensitivity";
  panel.x_axis.lower = 0, panel.x_axis.upper = 1, panel.y_axis.lower = 0, panel.y_axis.upper = 1;
  for (int model = 0; model < 3; ++model) {
    std::vector<double> x, y;
    for (int i = 0; i <= 40; ++i) {
      const double t = i / 40.0;
      x.push_back(t), y.push_back(std::pow(t, 0.3 + 0.2 * model));
    }
    panel.add(plot::LineMark(x, y, plot::category_color(model),
                             fmt::format("Model {} (AUC 0.{})", model + 1, 85 - 7 * model)));
  }
  panel.add(plot::ReferenceLine::diagonal(0, 1));
  return figure;
}

// A correlation chord diagram of eight selected features.
inline plot::Figure chord_figure() {
  plot::Figure figure(plot::Figure::kDoubleColumn * 0.7, 260);
  plot::Panel& panel = figure.panel();
  panel.title = "Spearman correlation between selected features, |ρ| > 0.6";
  panel.x_axis.visible = panel.y_axis.visible = false;
  std::vector<std::string> names = long_feature_names();
  names.resize(8);
  std::vector<std::vector<double>> weights(8, std::vector<double>(8, 0));
  weights[0][1] = 0.9, weights[0][3] = -0.7, weights[1][4] = 0.65, weights[2][5] = -0.8, weights[3][6] = 0.75;
  weights[5][7] = 0.95, weights[1][7] = -0.62;
  panel.add(plot::ChordMark(names, weights));
  panel.legend.title = "Spearman ρ";
  panel.legend.add({"positive", plot::map_color(plot::ColorMap::kBlueWhiteRed, 0.9)});
  panel.legend.add({"negative", plot::map_color(plot::ColorMap::kBlueWhiteRed, 0.1)});
  panel.legend_placement = plot::LegendPlacement::kOutsideRight;
  return figure;
}

}  // namespace radstudy::testing
