#include "report/study_figures.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "plot/area_mark.hpp"
#include "plot/bar_mark.hpp"
#include "plot/box_mark.hpp"
#include "plot/chord_mark.hpp"
#include "plot/forest_mark.hpp"
#include "plot/heatmap_mark.hpp"
#include "plot/line_mark.hpp"
#include "plot/palette.hpp"
#include "plot/reference_line.hpp"
#include "plot/scatter_mark.hpp"
#include "plot/text_mark.hpp"
#include "stats/roc_curve.hpp"

namespace radstudy::report {
namespace {

using plot::Figure;
using plot::Panel;

constexpr double kDouble = Figure::kDoubleColumn;

std::string p_text(double p) {
  if (!std::isfinite(p)) return "p = NA";
  return p < 0.001 ? std::string("p < 0.001") : fmt::format("p = {:.3f}", p);
}

// Outcome colours: no event (blue), event (vermillion), from Okabe-Ito.
plot::Color outcome_color(int outcome) {
  return plot::category_color(outcome == 1 ? 5 : 4);
}

// Kaplan-Meier curves of one comparison: step lines with censoring ticks and 95% bands.
NamedFigure kaplan_meier_figure(const study::KaplanMeierComparison& comparison, const std::string& name,
                                const std::string& time_label) {
  Figure figure(kDouble * 0.6, 230);
  Panel& panel = figure.panel();
  panel.title =
      fmt::format("{} (log-rank {})", comparison.name == "outcome" ? "Survival by outcome" : comparison.name,
                  p_text(comparison.log_rank_p));
  panel.x_axis.label = time_label;
  panel.y_axis.label = "Survival probability";
  panel.x_axis.lower = 0;
  panel.y_axis.lower = 0, panel.y_axis.upper = 1.02;
  for (std::size_t g = 0; g < comparison.groups.size(); ++g) {
    const auto& group = comparison.groups[g];
    std::vector<double> time = {0}, survival = {1}, lower = {1}, upper = {1}, censored;
    for (const auto& step : group.curve.steps) {
      if (step.n_event > 0) {
        time.push_back(step.time);
        survival.push_back(step.survival);
        lower.push_back(std::isfinite(step.lower) ? step.lower : step.survival);
        upper.push_back(std::isfinite(step.upper) ? step.upper : step.survival);
      }
      if (step.n_censor > 0) censored.push_back(step.time);
    }
    if (!group.curve.steps.empty() && group.curve.steps.back().time > time.back()) {
      time.push_back(group.curve.steps.back().time);
      survival.push_back(survival.back());
      lower.push_back(lower.back());
      upper.push_back(upper.back());
    }
    const plot::Color color = g == 0 ? plot::category_color(4) : plot::category_color(5);
    plot::AreaMark band(time, lower, upper, color);
    band.step = true;
    band.opacity = 0.15;
    panel.add(band);
    plot::LineMark line(time, survival, color, fmt::format("{} (n = {})", group.label, group.curve.n));
    line.step = true;
    line.censored_x = censored;
    panel.add(line);
  }
  std::string events;
  for (const auto& group : comparison.groups)
    events += fmt::format("{}{}: {} events in {}", events.empty() ? "" : "; ", group.label,
                          group.curve.events, group.curve.n);
  std::string caption = fmt::format(
      "Kaplan-Meier curves {} with 95% confidence bands and censoring ticks ({}); log-rank chi-square "
      "{:.2f}, {}.",
      comparison.title, events, comparison.log_rank_chi_square, p_text(comparison.log_rank_p));
  return {name, std::move(figure), caption};
}

NamedFigure lasso_path_figure(const study::StudyResults& results) {
  const auto& lasso = results.lasso;
  Figure figure(kDouble * 0.6, 230);
  Panel& panel = figure.panel();
  panel.title = "LASSO coefficient paths";
  panel.x_axis.label = "log(\u03bb)";
  panel.y_axis.label = "Coefficient (standardised feature)";
  std::vector<double> log_lambda;
  for (double lambda : lasso.lambda) log_lambda.push_back(std::log(lambda));
  std::size_t drawn = 0;
  for (Eigen::Index j = 0; j < lasso.coefficients.rows(); ++j) {
    if (lasso.coefficients.row(j).cwiseAbs().maxCoeff() == 0.0) continue;
    std::vector<double> values;
    for (Eigen::Index s = 0; s < lasso.coefficients.cols(); ++s) values.push_back(lasso.coefficients(j, s));
    plot::LineMark line(log_lambda, values, plot::category_color(drawn % 7));
    line.width = 0.9;
    panel.add(line);
    ++drawn;
  }
  panel.add(plot::ReferenceLine::horizontal(0));
  auto chosen = plot::ReferenceLine::vertical(log_lambda[lasso.index_chosen], "\u03bb chosen");
  chosen.color = plot::colors::kBlack;
  panel.add(chosen);
  panel.add(plot::ReferenceLine::vertical(log_lambda[lasso.index_min], "\u03bb.min"));
  panel.legend_placement = plot::LegendPlacement::kOutsideRight;
  const auto caption = fmt::format(
      "Coefficients of the {} features that enter the LASSO path (every case, z-scored) against log(\u03bb); "
      "dashed lines: \u03bb.min and the \u03bb that keeps {} features ({} selected).",
      drawn, results.study.study.selection.n, results.selected.size());
  return {"lasso_path", std::move(figure), caption};
}

NamedFigure lasso_cv_figure(const study::StudyResults& results) {
  const auto& lasso = results.lasso;
  Figure figure(kDouble * 0.6, 230);
  Panel& panel = figure.panel();
  panel.title = "Cross-validated binomial deviance";
  panel.x_axis.label = "log(\u03bb)";
  panel.y_axis.label = "Binomial deviance";
  std::vector<double> log_lambda, lower, upper;
  for (std::size_t s = 0; s < lasso.lambda.size(); ++s) {
    log_lambda.push_back(std::log(lasso.lambda[s]));
    lower.push_back(lasso.cv_mean[s] - lasso.cv_sd[s]);
    upper.push_back(lasso.cv_mean[s] + lasso.cv_sd[s]);
  }
  panel.add(plot::AreaMark(log_lambda, lower, upper, plot::category_color(4), "\u00b1 1 SE"));
  panel.add(plot::LineMark(log_lambda, lasso.cv_mean, plot::category_color(4), "mean deviance"));
  panel.add(plot::ReferenceLine::vertical(log_lambda[lasso.index_min], "\u03bb.min"));
  auto one_se = plot::ReferenceLine::vertical(log_lambda[lasso.index_1se], "\u03bb.1se");
  one_se.dashes = {1.5, 2};
  panel.add(one_se);
  panel.legend_placement = plot::LegendPlacement::kOutsideRight;
  const auto caption = fmt::format(
      "Held-out binomial deviance of the LASSO path (mean \u00b1 1 SE over the inner folds) against "
      "log(\u03bb); "
      "\u03bb.min keeps {} features, \u03bb.1se keeps {}.",
      lasso.nonzero[lasso.index_min], lasso.nonzero[lasso.index_1se]);
  return {"lasso_cv", std::move(figure), caption};
}

std::vector<std::vector<double>> matrix_rows(const Eigen::MatrixXd& matrix) {
  std::vector<std::vector<double>> rows(static_cast<std::size_t>(matrix.rows()));
  for (Eigen::Index r = 0; r < matrix.rows(); ++r)
    for (Eigen::Index c = 0; c < matrix.cols(); ++c)
      rows[static_cast<std::size_t>(r)].push_back(matrix(r, c));
  return rows;
}

NamedFigure correlation_heatmap_figure(const study::StudyResults& results) {
  const auto& correlation = results.correlation;
  const double side =
      std::clamp(120.0 + 22.0 * static_cast<double>(correlation.features.size()), 260.0, 520.0);
  Figure figure(kDouble, side);
  Panel& panel = figure.panel();
  panel.title = "Spearman correlation of the selected features";
  panel.x_axis.kind = panel.y_axis.kind = plot::AxisKind::kCategorical;
  panel.x_axis.categories = panel.y_axis.categories = correlation.features;
  panel.x_axis.line = panel.y_axis.line = false;
  panel.add(plot::HeatmapMark(matrix_rows(correlation.spearman), plot::ColorMap::kBlueWhiteRed, -1, 1,
                              "Spearman \u03c1"));
  return {"correlation_heatmap", std::move(figure),
          fmt::format("Spearman correlation between the {} selected features over the {} cases.",
                      correlation.features.size(), results.ids.size())};
}

NamedFigure correlation_chord_figure(const study::StudyResults& results) {
  const auto& correlation = results.correlation;
  constexpr double kShown = 0.5;
  const auto n = correlation.features.size();
  std::vector<std::vector<double>> weights(n, std::vector<double>(n, 0.0));
  std::size_t links = 0;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i + 1; j < n; ++j) {
      const double rho = correlation.spearman(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j));
      if (std::isfinite(rho) && std::abs(rho) >= kShown) {
        weights[i][j] = rho;
        ++links;
      }
    }
  Figure figure(kDouble, 340);
  Panel& panel = figure.panel();
  panel.title = fmt::format("Selected features linked where |\u03c1| \u2265 {}", kShown);
  panel.x_axis.visible = panel.y_axis.visible = false;
  panel.add(plot::ChordMark(correlation.features, weights));
  panel.legend.title = "Spearman \u03c1";
  panel.legend.add({"positive", plot::map_color(plot::ColorMap::kBlueWhiteRed, 0.9)});
  panel.legend.add({"negative", plot::map_color(plot::ColorMap::kBlueWhiteRed, 0.1)});
  panel.legend_placement = plot::LegendPlacement::kOutsideRight;
  return {"correlation_chord", std::move(figure),
          fmt::format(
              "Chord diagram of the {} selected features: {} pairs with |Spearman \u03c1| \u2265 {}, ribbons "
              "coloured by \u03c1.",
              n, links, kShown)};
}

NamedFigure pca_figure(const study::StudyResults& results) {
  const auto& pca = results.pca;
  const auto components = static_cast<std::size_t>(pca.scores.cols());
  std::vector<std::pair<std::size_t, std::size_t>> pairs = {{0, 1}, {0, 2}, {1, 2}};
  pairs.erase(
      std::remove_if(pairs.begin(), pairs.end(), [&](const auto& pair) { return pair.second >= components; }),
      pairs.end());
  Figure figure(kDouble, 200, 1, static_cast<int>(pairs.size()));
  const auto label = [&](std::size_t k) {
    return fmt::format("PC{} ({:.1f}% of variance)", k + 1, 100.0 * pca.proportion_of_variance[k]);
  };
  for (std::size_t p = 0; p < pairs.size(); ++p) {
    Panel& panel = figure.panel(0, static_cast<int>(p));
    panel.x_axis.label = label(pairs[p].first);
    panel.y_axis.label = label(pairs[p].second);
    for (int outcome : {0, 1}) {
      std::vector<double> x, y;
      for (std::size_t i = 0; i < results.ids.size(); ++i)
        if (results.outcome[i] == outcome) {
          x.push_back(pca.scores(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(pairs[p].first)));
          y.push_back(pca.scores(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(pairs[p].second)));
        }
      panel.add(plot::ScatterMark(x, y, outcome_color(outcome),
                                  fmt::format("{} = {}", results.study.study.cohort.outcome, outcome)));
    }
    panel.legend_placement =
        p + 1 == pairs.size() ? plot::LegendPlacement::kOutsideRight : plot::LegendPlacement::kNone;
  }
  double shown = 0;
  for (double value : pca.proportion_of_variance) shown += value;
  return {"pca", std::move(figure),
          fmt::format(
              "Principal components of the {} robust features (z-scored): the first {} explain {:.1f}% of "
              "the variance; points coloured by outcome.",
              results.robust_features.size(), components, 100.0 * shown)};
}

NamedFigure metrics_figure(const study::StudyResults& results) {
  const std::vector<std::pair<std::string, std::string>> metrics = {{"f1", "F1"},
                                                                    {"accuracy", "Accuracy"},
                                                                    {"sensitivity", "Sensitivity"},
                                                                    {"specificity", "Specificity"},
                                                                    {"precision", "Precision"}};
  std::vector<std::string> models;
  for (const auto& model : results.models) models.push_back(model.model);
  Figure figure(kDouble, 150.0 * static_cast<double>(metrics.size()), static_cast<int>(metrics.size()), 1);
  for (std::size_t k = 0; k < metrics.size(); ++k) {
    Panel& panel = figure.panel(static_cast<int>(k), 0);
    panel.title = metrics[k].second;
    panel.x_axis.kind = plot::AxisKind::kCategorical;
    panel.x_axis.categories = models;
    panel.x_axis.max_label_extent = 80;
    panel.y_axis.label = metrics[k].second;
    panel.y_axis.lower = 0, panel.y_axis.upper = 1;
    for (std::size_t m = 0; m < models.size(); ++m)
      for (int set = 0; set < 2; ++set) {
        std::vector<double> values;
        for (const auto& row : results.evaluation.metrics) {
          if (row.model != models[m] || row.set != (set == 0 ? "train" : "test")) continue;
          const std::optional<double>* value = k == 0   ? &row.f1
                                               : k == 1 ? &row.accuracy
                                               : k == 2 ? &row.sensitivity
                                               : k == 3 ? &row.specificity
                                                        : &row.precision;
          if (*value && std::isfinite(**value)) values.push_back(**value);
        }
        if (values.empty()) continue;
        plot::BoxMark box(static_cast<double>(m), values, plot::category_color(set == 0 ? 0 : 2),
                          set == 0 ? "Training folds" : "Test folds");
        box.offset = set == 0 ? -0.2 : 0.2;
        box.width = 0.35;
        box.show_points = false;
        panel.add(box);
      }
    panel.legend_placement = k == 0 ? plot::LegendPlacement::kOutsideRight : plot::LegendPlacement::kNone;
  }
  const auto& validation = results.study.study.validation;
  return {
      "metrics_boxplot", std::move(figure),
      fmt::format("F1, accuracy, sensitivity, specificity and precision of the {} models over the {} x {} "
                  "cross-validation folds, training and test folds side by side.",
                  models.size(), validation.repeats, validation.folds)};
}

NamedFigure roc_figure(const study::StudyResults& results, bool test) {
  Figure figure(kDouble * 0.75, 260);
  Panel& panel = figure.panel();
  panel.title = test ? "ROC curves, out of fold (cross-validated)"
                     : "ROC curves, final models on every case (apparent)";
  panel.x_axis.label = "1 \u2212 specificity";
  panel.y_axis.label = "Sensitivity";
  panel.x_axis.lower = 0, panel.x_axis.upper = 1, panel.y_axis.lower = 0, panel.y_axis.upper = 1;
  panel.x_axis.padding = panel.y_axis.padding = 0.02;
  const auto& probabilities = test ? results.cv_probability : results.apparent_probability;
  for (std::size_t m = 0; m < results.models.size(); ++m) {
    std::vector<double> x, y;
    const auto curve = stats::roc_curve(probabilities[m], results.outcome);
    for (auto point = curve.rbegin(); point != curve.rend(); ++point) {
      x.push_back(1.0 - point->specificity);
      y.push_back(point->sensitivity);
    }
    const auto& model = results.models[m];
    plot::LineMark line(x, y, plot::category_color(m),
                        fmt::format("{} (AUC {:.2f})", model.model, test ? model.auc : model.apparent_auc));
    if (m >= 7) line.dashes = {3, 2};
    panel.add(line);
  }
  panel.add(plot::ReferenceLine::diagonal(0, 1));
  panel.legend_placement = plot::LegendPlacement::kOutsideRight;
  std::string caption =
      test ? fmt::format(
                 "ROC curves of each model's out-of-fold probability (mean over {} repeats); the chosen "
                 "model, "
                 "{}, has AUC {:.3f}.",
                 results.study.study.validation.repeats, results.chosen_model,
                 results.models[results.chosen_model_index()].auc)
           : "ROC curves of the final models (fitted on every case) on the same cases: apparent performance, "
             "optimistic by construction; the cross-validated curves are in roc_test.";
  return {test ? "roc_test" : "roc_train", std::move(figure), caption};
}

NamedFigure landscape_figure(const study::StudyResults& results) {
  const auto chosen = results.chosen_model_index();
  std::vector<std::size_t> order(results.ids.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return results.cv_probability[chosen][a] < results.cv_probability[chosen][b];
  });
  std::vector<std::string> features, patients;
  std::vector<std::vector<double>> values;
  for (const auto& selected : results.selected) {
    const auto column = static_cast<Eigen::Index>(
        std::find(results.robust_features.begin(), results.robust_features.end(), selected.feature) -
        results.robust_features.begin());
    if (column >= results.robust_values.cols()) continue;
    const auto values_of = results.robust_values.col(column);
    const double mean = values_of.mean();
    const double sd =
        std::sqrt((values_of.array() - mean).square().sum() / std::max<double>(1, values_of.size() - 1));
    std::vector<double> row;
    for (auto i : order)
      row.push_back(sd > 0 ? std::clamp((values_of(static_cast<Eigen::Index>(i)) - mean) / sd, -3.0, 3.0)
                           : 0.0);
    values.push_back(std::move(row));
    features.push_back(selected.feature);
  }
  for (auto i : order) patients.push_back(results.ids[i]);
  Figure figure(kDouble, std::clamp(160.0 + 18.0 * static_cast<double>(features.size()), 260.0, 520.0));
  Panel& panel = figure.panel();
  panel.title = "Selected features of every patient (z-scores)";
  panel.x_axis.kind = panel.y_axis.kind = plot::AxisKind::kCategorical;
  panel.x_axis.categories = patients;
  panel.x_axis.label = fmt::format("Patients, by the {} out-of-fold probability", results.chosen_model);
  panel.y_axis.categories = features;
  panel.x_axis.line = panel.y_axis.line = false;
  plot::HeatmapMark heatmap(values, plot::ColorMap::kBlueWhiteRed, -3, 3, "z-score");
  const auto& cohort = results.study.study.cohort;
  plot::AnnotationTrack outcome{cohort.outcome, {}}, probability{"probability", {}};
  for (auto i : order) {
    outcome.colors.push_back(outcome_color(results.outcome[i]));
    probability.colors.push_back(
        plot::map_color(plot::ColorMap::kViridis, results.cv_probability[chosen][i]));
  }
  heatmap.column_tracks = {outcome, probability};
  if (results.survival.present) {
    const auto& time = results.study.clinical.numbers(cohort.time);
    const auto& event = results.study.clinical.numbers(cohort.event);
    // The modelled cases' rows of the clinical table, by id.
    std::map<std::string, std::size_t> row_of;
    for (std::size_t r = 0; r < results.study.clinical.ids().size(); ++r)
      row_of[results.study.clinical.ids()[r]] = r;
    double longest = 0;
    for (double value : time) longest = std::max(longest, value);
    plot::AnnotationTrack time_track{cohort.time, {}}, event_track{cohort.event, {}};
    for (auto i : order) {
      const auto r = row_of.at(results.ids[i]);
      time_track.colors.push_back(
          plot::map_color(plot::ColorMap::kCividis, longest > 0 ? time[r] / longest : 0));
      event_track.colors.push_back(event[r] == 1 ? plot::colors::kBlack : plot::colors::kLightGrey);
    }
    heatmap.column_tracks.push_back(time_track);
    heatmap.column_tracks.push_back(event_track);
  }
  panel.add(heatmap);
  panel.legend_placement = plot::LegendPlacement::kOutsideRight;
  panel.legend.add({fmt::format("{} = 1", cohort.outcome), outcome_color(1)});
  panel.legend.add({fmt::format("{} = 0", cohort.outcome), outcome_color(0)});
  if (results.survival.present) panel.legend.add({fmt::format("{} = 1", cohort.event), plot::colors::kBlack});
  return {
      "feature_landscape", std::move(figure),
      fmt::format(
          "The {} selected features of the {} patients (z-scores, clipped at \u00b13), patients ordered by "
          "the chosen model's out-of-fold probability; tracks: outcome, probability (viridis){}.",
          features.size(), patients.size(),
          results.survival.present ? ", survival time (cividis) and event" : "")};
}

NamedFigure cox_figure(const study::StudyResults& results) {
  const auto& survival = results.survival;
  const bool both = !survival.cox_multivariate.empty();
  Figure figure(
      kDouble,
      60.0 + 22.0 * static_cast<double>(survival.cox_univariate.size() + survival.cox_multivariate.size()) +
          (both ? 60.0 : 0.0),
      both ? 2 : 1, 1);
  if (both)
    figure.row_weights = {static_cast<double>(survival.cox_univariate.size()) + 2.5,
                          static_cast<double>(survival.cox_multivariate.size()) + 2.5};
  const auto fill = [](Panel& panel, const std::vector<study::CoxTerm>& terms, const std::string& title) {
    panel.title = title;
    panel.x_axis.kind = plot::AxisKind::kLog;
    panel.x_axis.label = "Hazard ratio (95% CI, log scale)";
    panel.y_axis.kind = plot::AxisKind::kCategorical;
    std::vector<plot::ForestRow> rows;
    for (const auto& term : terms) {
      rows.push_back({term.hazard_ratio, term.lower, term.upper});
      panel.y_axis.categories.push_back(term.term);
      panel.right_labels.push_back(fmt::format("{:.2f} ({:.2f}\u2013{:.2f}), {}", term.hazard_ratio,
                                               term.lower, term.upper, p_text(term.p)));
    }
    panel.right_header = "HR (95% CI), p";
    panel.add(plot::ForestMark(rows, plot::category_color(4)));
    panel.add(plot::ReferenceLine::vertical(1));
  };
  fill(figure.panel(0, 0), survival.cox_univariate, "Univariate Cox models");
  if (both)
    fill(figure.panel(1, 0), survival.cox_multivariate,
         fmt::format("Multivariate Cox model (univariate p < {})", survival.entry_p));
  return {
      "cox_forest", std::move(figure),
      fmt::format("Hazard ratios with 95% CIs of the clinical variables and the radiomics score (per SD){}.",
                  both ? fmt::format("; multivariate c-index {:.3f}", survival.c_index) : std::string())};
}

NamedFigure decision_figure(const study::StudyResults& results) {
  const auto& curves = results.decision_curves;
  Figure figure(kDouble * 0.75, 240);
  Panel& panel = figure.panel();
  panel.title = "Decision curves (out of fold)";
  panel.x_axis.label = "Threshold probability";
  panel.y_axis.label = "Net benefit";
  double prevalence = 0;
  for (int outcome : results.outcome) prevalence += outcome;
  prevalence /= static_cast<double>(std::max<std::size_t>(1, results.outcome.size()));
  panel.x_axis.lower = 0, panel.x_axis.upper = 1;
  panel.y_axis.lower = -0.05, panel.y_axis.upper = prevalence + 0.05;
  std::size_t colour = 0;
  for (const auto& curve : curves.curves) {
    std::vector<double> y;
    for (double value : curve.net_benefit) y.push_back(std::max(value, -0.05));
    const plot::Color color = curve.name == "treat all"    ? plot::colors::kGrey
                              : curve.name == "treat none" ? plot::colors::kBlack
                                                           : plot::category_color(colour++);
    plot::LineMark line(curves.thresholds, y, color, curve.name);
    if (curve.name == "treat all" || curve.name == "treat none") line.width = 0.8;
    panel.add(line);
  }
  panel.legend_placement = plot::LegendPlacement::kOutsideRight;
  std::string caption = "Net benefit against the threshold probability of treating";
  if (std::isfinite(curves.clinical_auc))
    caption += fmt::format(
        ": clinical model AUC {:.3f}, clinical + radiomics AUC {:.3f} (DeLong {}), radiomics alone "
        "AUC {:.3f}",
        curves.clinical_auc, curves.combined_auc, p_text(curves.comparison_p), curves.radiomics_auc);
  return {"decision_curve", std::move(figure), caption + "; curves below -0.05 are cut at -0.05."};
}

NamedFigure calibration_figure(const study::StudyResults& results) {
  const auto& model = results.models[results.chosen_model_index()];
  Figure figure(kDouble * 0.6, 260);
  Panel& panel = figure.panel();
  panel.title = fmt::format("Calibration of {} (out of fold)", model.model);
  panel.x_axis.label = "Predicted probability";
  panel.y_axis.label = "Observed proportion";
  panel.x_axis.lower = panel.y_axis.lower = -0.02, panel.x_axis.upper = panel.y_axis.upper = 1.02;
  panel.x_axis.ticks = panel.y_axis.ticks = {0, 0.2, 0.4, 0.6, 0.8, 1};
  std::vector<double> x, y;
  for (const auto& group : model.calibration_groups) {
    x.push_back(group.predicted);
    y.push_back(group.observed);
    plot::LineMark interval({group.predicted, group.predicted}, {group.lower, group.upper},
                            plot::category_color(4));
    interval.width = 0.9;
    panel.add(interval);
  }
  panel.add(plot::ScatterMark(x, y, plot::category_color(4), "groups (Wilson 95% CI)"));
  panel.add(plot::ReferenceLine::diagonal(0, 1, "ideal"));
  const auto& c = model.calibration;
  return {"calibration", std::move(figure),
          fmt::format("Observed against predicted in {} groups of the chosen model's out-of-fold "
                      "probability; Brier {:.3f}, "
                      "calibration intercept {:.2f}, slope {:.2f}.",
                      model.calibration_groups.size(), c.brier, c.intercept, c.slope)};
}

// A histogram of `values` in `bins` equal bins over [lower, upper].
void add_histogram(Panel& panel, const std::vector<double>& values, double lower, double upper, int bins,
                   const plot::Color& color, const std::string& label) {
  const double width = (upper - lower) / bins;
  std::vector<double> centres, counts(static_cast<std::size_t>(bins), 0.0);
  for (int b = 0; b < bins; ++b) centres.push_back(lower + (b + 0.5) * width);
  for (double value : values) {
    if (!std::isfinite(value)) continue;
    const int b = std::clamp(static_cast<int>(std::floor((value - lower) / width)), 0, bins - 1);
    counts[static_cast<std::size_t>(b)] += 1;
  }
  plot::BarMark bars(centres, counts, color, label);
  bars.width = width * 0.95;
  panel.add(bars);
}

NamedFigure permutation_figure(const study::StudyResults& results) {
  const auto& model = results.models[results.chosen_model_index()];
  Figure figure(kDouble * 0.6, 220);
  Panel& panel = figure.panel();
  panel.title = "Permutation test of the cross-validated AUC";
  panel.x_axis.label = "Cross-validated AUC";
  panel.y_axis.label = "Permutations";
  panel.x_axis.lower = 0, panel.x_axis.upper = 1;
  panel.y_axis.include_zero = true;
  add_histogram(panel, results.best_of_models_null, 0, 1, 40, plot::category_color(0),
                "null: best of all models");
  auto observed = plot::ReferenceLine::vertical(model.cv_auc, fmt::format("{} (observed)", model.model));
  observed.color = plot::category_color(5);
  observed.dashes = {};
  observed.width = 1.5;
  panel.add(observed);
  panel.legend_placement = plot::LegendPlacement::kOutsideRight;
  return {"permutation_null", std::move(figure),
          fmt::format(
              "Cross-validated AUC of the best of the {} models on {} permutations of the outcome (the whole "
              "nested pipeline rerun each time) against the observed {:.3f} of {}: {}.",
              results.models.size(), results.best_of_models_null.size(), model.cv_auc, model.model,
              p_text(results.chosen_permutation_p))};
}

NamedFigure icc_figure(const study::StudyResults& results) {
  const auto& reproducibility = results.reproducibility;
  std::vector<double> values;
  double lowest = 0;
  for (const auto& feature : reproducibility.features)
    if (std::isfinite(feature.icc)) {
      values.push_back(feature.icc);
      lowest = std::min(lowest, feature.icc);
    }
  Figure figure(kDouble * 0.6, 220);
  Panel& panel = figure.panel();
  panel.title = fmt::format("Feature reproducibility ({})", reproducibility.icc_type);
  panel.x_axis.label = reproducibility.icc_type;
  panel.y_axis.label = "Features";
  panel.y_axis.include_zero = true;
  const double lower = std::floor(lowest * 10) / 10;
  add_histogram(panel, values, lower, 1.0, static_cast<int>(std::round((1.0 - lower) * 40)),
                plot::category_color(2), "features");
  auto threshold = plot::ReferenceLine::vertical(reproducibility.threshold,
                                                 fmt::format("threshold {}", reproducibility.threshold));
  threshold.color = plot::colors::kBlack;
  panel.add(threshold);
  panel.legend_placement = plot::LegendPlacement::kOutsideRight;
  return {
      "icc_distribution", std::move(figure),
      fmt::format("{} of the {} features over the {} ({}); {} reach the threshold {} and go on to modelling.",
                  reproducibility.icc_type, reproducibility.features.size(),
                  reproducibility.method == study::ReproducibilityMethod::kPerturbation ? "perturbations"
                                                                                        : "two segmentations",
                  fmt::format("{}", fmt::join(reproducibility.raters, ", ")), reproducibility.kept,
                  reproducibility.threshold)};
}

}  // namespace

std::string figure_file_name(const std::string& name) {
  std::string safe = name;
  for (char& c : safe)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') c = '_';
  return safe;
}

std::vector<NamedFigure> study_figures(const study::StudyResults& results) {
  std::vector<NamedFigure> figures;
  const auto& survival = results.survival;
  const std::string time_label = fmt::format("Time ({})", results.study.study.cohort.time);
  if (survival.present && !survival.km.empty())
    figures.push_back(kaplan_meier_figure(survival.km.front(), "km_outcome", time_label));
  if (!results.lasso.lambda.empty()) {
    figures.push_back(lasso_path_figure(results));
    figures.push_back(lasso_cv_figure(results));
  }
  if (results.correlation.features.size() >= 2) {
    figures.push_back(correlation_chord_figure(results));
    figures.push_back(correlation_heatmap_figure(results));
  }
  if (results.pca.scores.cols() >= 2) figures.push_back(pca_figure(results));
  if (!results.models.empty()) {
    figures.push_back(metrics_figure(results));
    figures.push_back(roc_figure(results, false));
    figures.push_back(roc_figure(results, true));
  }
  if (!results.selected.empty()) figures.push_back(landscape_figure(results));
  if (!survival.cox_univariate.empty()) figures.push_back(cox_figure(results));
  if (!results.decision_curves.curves.empty()) figures.push_back(decision_figure(results));
  if (!results.models.empty() && !results.models[results.chosen_model_index()].calibration_groups.empty())
    figures.push_back(calibration_figure(results));
  if (!results.best_of_models_null.empty()) figures.push_back(permutation_figure(results));
  if (!results.reproducibility.features.empty()) figures.push_back(icc_figure(results));
  for (std::size_t k = 1; k < survival.km.size(); ++k)
    figures.push_back(
        kaplan_meier_figure(survival.km[k], "km_" + figure_file_name(survival.km[k].name), time_label));
  return figures;
}

}  // namespace radstudy::report
