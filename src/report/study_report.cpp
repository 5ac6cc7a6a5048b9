#include "report/study_report.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>
#include <cstdlib>
#include <map>

#include "report/study_figures.hpp"
#include "study/cohort_table.hpp"
#include "study/model_evaluation.hpp"

namespace radstudy::report {
namespace {

std::string escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// A number from a table, traceable to its cell.
std::string cell(const std::string& table, const std::string& row, const std::string& column, double value,
                 int digits) {
  return fmt::format(
      R"(<span class="n" data-table="{}" data-row="{}" data-column="{}" data-digits="{}">{}</span>)",
      escaped(table), escaped(row), escaped(column), digits, report_number(value, digits));
}

class Html {
 public:
  void add(const std::string& text) { text_ += text; }
  void heading(const std::string& id, const std::string& title) {
    text_ += fmt::format("<h2 id=\"{}\">{}</h2>\n", id, escaped(title));
  }
  void paragraph(const std::string& html) { text_ += "<p>" + html + "</p>\n"; }
  // The named figures that exist, in the order given.
  void figures(const std::vector<ReportFigure>& all, const std::vector<std::string>& names) {
    for (const auto& name : names)
      for (const auto& figure : all)
        if (figure.name == name ||
            (name.back() == '*' && figure.name.rfind(name.substr(0, name.size() - 1), 0) == 0 &&
             figure.name != "km_outcome"))
          text_ += fmt::format(
              "<figure id=\"figure-{}\">\n{}\n<figcaption><b>{}.</b> {}</figcaption>\n</figure>\n",
              escaped(figure.name), inline_svg(figure.svg, figure_file_name(figure.name)),
              escaped(figure.name), escaped(figure.caption));
  }
  const std::string& text() const { return text_; }

 private:
  // The figure's SVG for inlining: without its XML declaration, its ids prefixed with the figure's name
  // (Cairo names glyphs glyph0-0... in every file, and ids are shared by the whole page), shown 1.5 times
  // its print size (the viewBox keeps the drawing; max-width fits it to the page).
  static std::string inline_svg(const std::string& svg, const std::string& name) {
    const auto start = svg.find("<svg");
    std::string text = start == std::string::npos ? svg : svg.substr(start);
    const std::string prefix = name + "-";
    for (const std::string marker : {"id=\"", "href=\"#", "url(#"}) {
      for (std::size_t at = text.find(marker); at != std::string::npos;
           at = text.find(marker, at + marker.size()))
        text.insert(at + marker.size(), prefix);
    }
    const auto end_of_tag = text.find('>');
    for (const std::string attribute : {"width=\"", "height=\""}) {
      const auto at = text.find(attribute);
      if (at == std::string::npos || at > end_of_tag) continue;
      const auto value_start = at + attribute.size();
      const auto value_end = text.find("pt\"", value_start);
      if (value_end == std::string::npos || value_end > end_of_tag) continue;
      const double value = std::atof(text.substr(value_start, value_end - value_start).c_str());
      text.replace(value_start, value_end - value_start, fmt::format("{:.1f}", value * 1.5));
    }
    return text;
  }
  std::string text_;
};

std::string settings_rows(const study::StudyResults& results) {
  const auto& s = results.study.settings;
  std::vector<std::string> image_types;
  for (const auto& type : s.image_types) image_types.push_back(type.name);
  std::vector<std::string> classes;
  for (const auto& [name, features] : s.feature_classes) classes.push_back(name);
  const auto interpolator = [](settings::Interpolator i) {
    switch (i) {
      case settings::Interpolator::None:
        return "none";
      case settings::Interpolator::Nearest:
        return "nearest neighbour";
      case settings::Interpolator::Linear:
        return "linear";
      case settings::Interpolator::BSpline:
        return "B-spline";
    }
    return "";
  };
  std::vector<std::string> spacing;
  for (double value : s.resampled_pixel_spacing) spacing.push_back(fmt::format("{}", value));
  std::vector<std::string> range;
  for (double value : s.resegment_range) range.push_back(fmt::format("{}", value));
  const std::vector<std::pair<std::string, std::string>> rows = {
      {"Software",
       fmt::format("radstudy {} (C++; PyRadiomics-compatible names and parameter files)", results.version)},
      {"Parameter file", results.extraction.parameter_file.empty() ? "PyRadiomics' defaults"
                                                                   : results.extraction.parameter_file},
      {"Image types (filters)", fmt::format("{}", fmt::join(image_types, ", "))},
      {"Voxel size", spacing.empty() ? "as acquired (no resampling)"
                                     : fmt::format("resampled to [{}] mm, {} interpolation",
                                                   fmt::join(spacing, ", "), interpolator(s.interpolator))},
      {"Re-segmentation",
       range.empty() ? "none" : fmt::format("intensity range [{}]", fmt::join(range, ", "))},
      {"Discretisation", s.bin_count ? fmt::format("fixed bin number: {} bins", *s.bin_count)
                                     : fmt::format("fixed bin width: {}", s.bin_width.value_or(25.0))},
      {"Feature classes", classes.empty() ? "every class" : fmt::format("{}", fmt::join(classes, ", "))},
      {"Features per case", fmt::format("{}", results.extraction.feature_count)},
      {"IBSI compliance",
       "the original-image features reproduce the IBSI 1 reference values (1,803 of 1,803 checks) and "
       "PyRadiomics' values on CT; filtered images follow PyRadiomics (and IBSI 2 for radstudy's IBSI "
       "filters)"},
  };
  std::string html = "<table class=\"settings\">\n";
  for (const auto& [key, value] : rows)
    html += fmt::format("<tr><th>{}</th><td>{}</td></tr>\n", escaped(key), escaped(value));
  return html + "</table>\n";
}

std::string table1_html(const study::StudyResults& results) {
  if (results.table1.rows.empty()) return "<p>No clinical variables in the study file: no Table 1.</p>\n";
  const std::string page = study::cohort_table_html(results.table1);
  const auto start = page.find("<table>"), end = page.rfind("</body>");
  return start == std::string::npos || end == std::string::npos ? std::string()
                                                                : page.substr(start, end - start);
}

std::string models_table(const study::StudyResults& results) {
  std::string html =
      "<table class=\"data\"><thead><tr><th>Model</th><th>CV AUC</th><th>AUC (DeLong 95% CI)</th>"
      "<th>Bootstrap 95% CI</th><th>Permutation p</th><th>Apparent AUC</th><th>Brier</th><th>Calibration "
      "slope</th><th>Sensitivity</th><th>Specificity</th></tr></thead><tbody>\n";
  for (const auto& model : results.models) {
    const auto& m = model.model;
    const std::string t = "summary.csv";
    html += fmt::format(
        "<tr{}><td>{}</td><td>{}</td><td>{} "
        "({}\u2013{})</td><td>{}\u2013{}</td><td>{}</td><td>{}</td><td>{}</td>"
        "<td>{}</td><td>{}</td><td>{}</td></tr>\n",
        m == results.chosen_model ? " class=\"chosen\"" : "", escaped(m),
        cell(t, m, "cv_auc", model.cv_auc, 3), cell(t, m, "auc", model.auc, 3),
        cell(t, m, "delong_lower", model.delong_lower, 3), cell(t, m, "delong_upper", model.delong_upper, 3),
        cell(t, m, "bootstrap_lower", model.bootstrap_lower, 3),
        cell(t, m, "bootstrap_upper", model.bootstrap_upper, 3),
        model.permutation ? cell(t, m, "permutation_p", model.permutation->p, 3) : std::string("not run"),
        cell(t, m, "apparent_auc", model.apparent_auc, 3), cell(t, m, "brier", model.calibration.brier, 3),
        cell(t, m, "calibration_slope", model.calibration.slope, 2),
        cell(t, m, "sensitivity", model.sensitivity, 2), cell(t, m, "specificity", model.specificity, 2));
  }
  return html + "</tbody></table>\n";
}

std::string cox_table(const std::vector<study::CoxTerm>& terms, const std::string& table) {
  std::string html =
      "<table class=\"data\"><thead><tr><th>Term</th><th>HR</th><th>95% CI</th><th>p</th><th>Note</th>"
      "</tr></thead><tbody>\n";
  for (const auto& term : terms)
    html += fmt::format("<tr><td>{}</td><td>{}</td><td>{}\u2013{}</td><td>{}</td><td>{}</td></tr>\n",
                        escaped(term.term), cell(table, term.term, "hazard_ratio", term.hazard_ratio, 2),
                        cell(table, term.term, "lower", term.lower, 2),
                        cell(table, term.term, "upper", term.upper, 2),
                        cell(table, term.term, "p", term.p, 3), escaped(term.note));
  return html + "</tbody></table>\n";
}

constexpr const char* kStyle = R"(
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; font-size: 15px; line-height: 1.45;
       color: #111; max-width: 1100px; margin: 2em auto; padding: 0 1.5em; }
h1 { font-size: 1.7em; margin-bottom: 0.2em; }
h2 { font-size: 1.3em; border-bottom: 1px solid #bbb; padding-bottom: 0.2em; margin-top: 2em; }
table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.92em; }
table.data th, table.data td { padding: 0.25em 0.7em; border-bottom: 1px solid #ddd; text-align: right; }
table.data th:first-child, table.data td:first-child { text-align: left; }
table.data thead th { border-bottom: 2px solid #111; }
table.settings th { text-align: left; padding: 0.2em 1em 0.2em 0; vertical-align: top; }
tr.chosen td { font-weight: bold; background: #eef5fb; }
figure { margin: 1.5em 0; page-break-inside: avoid; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 0.9em; color: #333; max-width: 60em; }
pre { background: #f6f6f6; padding: 0.8em; overflow-x: auto; font-size: 0.85em; }
.warning { border-left: 4px solid #d55e00; padding: 0.3em 0.8em; background: #fdf1ea; }
.meta { color: #555; }
)";

}  // namespace

std::string report_number(double value, int digits) {
  if (!std::isfinite(value)) return "NA";
  return fmt::format("{:.{}f}", value, digits);
}

std::string study_report_html(const study::StudyResults& results, const std::vector<ReportFigure>& figures) {
  const auto& study = results.study.study;
  const auto& cohort = study.cohort;
  const auto& validation = study.validation;
  Html html;
  html.add(fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>radstudy report: "
      "{}</title>\n<style>{}</style>\n</head>\n<body>\n",
      escaped(study.path), kStyle));
  html.add(fmt::format("<h1>Radiomics study: {}</h1>\n", escaped(cohort.outcome)));
  html.add(fmt::format(
      "<p class=\"meta\">Study file {} &middot; radstudy {} &middot; run started {} &middot; {:.0f} s</p>\n",
      escaped(study.path), escaped(results.version), escaped(results.started), results.seconds));

  // The headline, with its honest context.
  const study::ModelSummary* chosen = nullptr;
  for (const auto& model : results.models)
    if (model.model == results.chosen_model) chosen = &model;
  if (chosen) {
    std::string headline = fmt::format(
        "The chosen model, <b>{}</b> (the highest cross-validated AUC of {} models), has a cross-validated "
        "AUC of {} "
        "(out-of-fold AUC {}, DeLong 95% CI {}\u2013{})",
        escaped(chosen->model), results.models.size(),
        cell("summary.csv", chosen->model, "cv_auc", chosen->cv_auc, 3),
        cell("summary.csv", chosen->model, "auc", chosen->auc, 3),
        cell("summary.csv", chosen->model, "delong_lower", chosen->delong_lower, 3),
        cell("summary.csv", chosen->model, "delong_upper", chosen->delong_upper, 3));
    if (!results.best_of_models_null.empty()) {
      const std::string row = "best of models (" + results.chosen_model + ")";
      headline +=
          fmt::format("; permutation p = {} against the best of all models on {} permutations of the outcome",
                      cell("permutation.csv", row, "p", results.chosen_permutation_p, 3),
                      results.best_of_models_null.size());
    }
    html.paragraph(headline + ".");
  }

  html.heading("cohort", "Cohort");
  std::size_t events = 0;
  for (int outcome : results.outcome) events += outcome == 1 ? 1 : 0;
  html.paragraph(
      fmt::format("{} cases in the manifest; {} modelled ({} with {} = 1, {} with {} = 0); {} failed "
                  "extraction.",
                  results.extraction.cases, results.ids.size(), events, escaped(cohort.outcome),
                  results.ids.size() - events, escaped(cohort.outcome), results.extraction.failed.size()));
  if (!results.extraction.failed.empty()) {
    html.add("<ul>\n");
    for (const auto& failure : results.extraction.failed) html.add("<li>" + escaped(failure) + "</li>\n");
    html.add("</ul>\n");
  }
  html.add(table1_html(results));

  html.heading("features", "How the features were made");
  html.add(settings_rows(results));
  html.paragraph(fmt::format("Extraction: {} cases extracted in this run, {} read from the cache ({:.1f} s).",
                             results.extraction.extracted, results.extraction.reused,
                             results.extraction.seconds));
  html.add("<details><summary>Parameter file</summary>\n<pre>" + escaped(results.extraction.parameter_text) +
           "</pre>\n</details>\n");

  html.heading("reproducibility", "Reproducibility");
  const auto& reproducibility = results.reproducibility;
  if (reproducibility.method == study::ReproducibilityMethod::kNone) {
    html.paragraph(
        "No reproducibility step (reproducibility.method: none): every feature that varies goes on to "
        "modelling.");
  } else {
    html.paragraph(fmt::format("{} over {} ({}): {} of {} features have {} &ge; {} and go on to modelling.",
                               escaped(reproducibility.icc_type),
                               reproducibility.method == study::ReproducibilityMethod::kPerturbation
                                   ? "perturbed segmentations and images"
                                   : "two segmentations",
                               escaped(fmt::format("{}", fmt::join(reproducibility.raters, ", "))),
                               reproducibility.kept, reproducibility.features.size(),
                               escaped(reproducibility.icc_type), reproducibility.threshold));
    html.figures(figures, {"icc_distribution"});
  }
  html.paragraph(fmt::format("{} features go on to modelling.", results.robust_features.size()));

  html.heading("screening", "Univariate screening");
  html.add(
      "<table class=\"data\"><thead><tr><th>Feature</th><th>AUC</th><th>95% CI</th><th>Mann-Whitney p</th>"
      "<th>BH q</th></tr></thead><tbody>\n");
  for (std::size_t k = 0; k < results.univariate.size() && k < 10; ++k) {
    const auto& f = results.univariate[k];
    const std::string t = "univariate.csv";
    html.add(fmt::format(
        "<tr><td>{}</td><td>{}</td><td>{}\u2013{}</td><td>{}</td><td>{}</td></tr>\n", escaped(f.feature),
        cell(t, f.feature, "auc", f.auc, 3), cell(t, f.feature, "auc_lower", f.auc_lower, 3),
        cell(t, f.feature, "auc_upper", f.auc_upper, 3), cell(t, f.feature, "p_mannwhitney", f.p, 4),
        cell(t, f.feature, "p_mannwhitney_bh", f.q, 4)));
  }
  html.add("</tbody></table>\n");
  html.paragraph(
      "The ten features with the smallest p; every feature is in tables/univariate.csv. Screening is "
      "descriptive: selection inside the folds does not use it.");

  html.heading("selection", "Feature selection");
  html.paragraph(
      study.selection.scope == study::SelectionScope::kFold
          ? fmt::format(
                "LASSO (glmnet's path, 10-fold inner cross-validation) keeps at most {} features, <b>inside "
                "each training fold</b>: the test fold never takes part in choosing the features (nested, "
                "honest).",
                study.selection.n)
          : fmt::format(
                "<span class=\"warning\">LASSO keeps at most {} features chosen <b>once on every case before "
                "cross-validation</b>: the test folds took part in the choice, so the cross-validated AUC is "
                "optimistic (the seed paper's design; kept here only when asked for).</span>",
                study.selection.n));
  html.add(
      "<table class=\"data\"><thead><tr><th>Selected feature (final "
      "model)</th><th>Coefficient</th><th>Chosen in "
      "folds</th><th>Univariate AUC</th></tr></thead><tbody>\n");
  for (const auto& f : results.selected) {
    const std::string t = "selected_features.csv";
    html.add(fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n", escaped(f.feature),
                         cell(t, f.feature, "coefficient", f.coefficient, 3),
                         cell(t, f.feature, "fold_frequency", f.fold_frequency, 2),
                         cell(t, f.feature, "univariate_auc", f.univariate_auc, 3)));
  }
  html.add("</tbody></table>\n");
  html.figures(figures, {"lasso_path", "lasso_cv", "correlation_chord", "correlation_heatmap", "pca"});

  html.heading("validation", "Models and validation");
  html.paragraph(
      fmt::format("Stratified {}-fold cross-validation repeated {} times (seed {}); in each training fold "
                  "the features are "
                  "z-scored and selected, then each model is fitted; the test fold is scored once. The "
                  "out-of-fold AUC is "
                  "computed on each case's probability averaged over the repeats, with DeLong's and a "
                  "stratified bootstrap "
                  "interval ({} resamples). The permutation test permutes the outcome and reruns the whole "
                  "nested pipeline "
                  "({} permutations).",
                  validation.folds, validation.repeats, validation.seed, 2000, validation.permutations));
  html.add(models_table(results));
  if (chosen)
    html.paragraph(
        fmt::format("What {} cases can show: the 95% interval of the chosen model's AUC is {} wide; its "
                    "apparent AUC (the final "
                    "model on the cases it was fitted to) is {}, against {} cross-validated. Choosing the "
                    "best of {} models by "
                    "cross-validated AUC is itself optimistic, which is why its permutation p is taken "
                    "against the best of all "
                    "models on each permutation.",
                    results.ids.size(), report_number(chosen->delong_upper - chosen->delong_lower, 2),
                    cell("summary.csv", chosen->model, "apparent_auc", chosen->apparent_auc, 3),
                    cell("summary.csv", chosen->model, "cv_auc", chosen->cv_auc, 3), results.models.size()));
  html.figures(figures, {"metrics_boxplot", "roc_train", "roc_test", "calibration", "permutation_null",
                         "feature_landscape"});

  html.heading("survival", "Survival");
  const auto& survival = results.survival;
  if (!survival.present) {
    html.paragraph("The study file gives no survival time and event: no survival analysis.");
  } else {
    if (!survival.km.empty()) {
      const auto& km = survival.km.front();
      html.paragraph(fmt::format("{} cases, {} events. Survival by {}: log-rank p = {}.", survival.cases,
                                 survival.events, escaped(cohort.outcome),
                                 cell("km.csv", "outcome", "p", km.log_rank_p, 4)));
    }
    html.figures(figures, {"km_outcome"});
    html.add("<h3>Univariate Cox models</h3>\n" + cox_table(survival.cox_univariate, "cox_univariate.csv"));
    if (!survival.cox_multivariate.empty()) {
      html.add(fmt::format("<h3>Multivariate Cox model (univariate p &lt; {})</h3>\n", survival.entry_p) +
               cox_table(survival.cox_multivariate, "cox_multivariate.csv"));
      html.paragraph(fmt::format("Harrell's c-index of the multivariate model: {} (SE {}).",
                                 report_number(survival.c_index, 3), report_number(survival.c_index_se, 3)));
    }
    html.figures(figures, {"cox_forest", "km_*"});
  }

  html.heading("decision", "Decision curves");
  const auto& curves = results.decision_curves;
  if (std::isfinite(curves.clinical_auc))
    html.paragraph(fmt::format(
        "Out of fold: clinical model AUC {}, clinical + radiomics AUC {} (DeLong p = {}), radiomics alone "
        "AUC {}.",
        cell("decision_summary.csv", "clinical_auc", "value", curves.clinical_auc, 3),
        cell("decision_summary.csv", "combined_auc", "value", curves.combined_auc, 3),
        cell("decision_summary.csv", "delong_p_combined_vs_clinical", "value", curves.comparison_p, 3),
        cell("decision_summary.csv", "radiomics_auc", "value", curves.radiomics_auc, 3)));
  for (const auto& note : curves.notes) html.paragraph(escaped(note));
  html.figures(figures, {"decision_curve"});

  if (!results.external.empty()) {
    html.heading("external", "External validation");
    html.add(
        "<table class=\"data\"><thead><tr><th>Cohort</th><th>Scored</th><th>AUC (DeLong 95% "
        "CI)</th><th>Brier</th>"
        "<th>Calibration slope</th></tr></thead><tbody>\n");
    for (const auto& e : results.external)
      html.add(fmt::format("<tr><td>{}</td><td>{}</td><td>{} ({}\u2013{})</td><td>{}</td><td>{}</td></tr>\n",
                           escaped(e.name), e.ids.size(), cell("external.csv", e.name, "auc", e.auc, 3),
                           cell("external.csv", e.name, "delong_lower", e.delong_lower, 3),
                           cell("external.csv", e.name, "delong_upper", e.delong_upper, 3),
                           cell("external.csv", e.name, "brier", e.calibration.brier, 3),
                           cell("external.csv", e.name, "calibration_slope", e.calibration.slope, 2)));
    html.add("</tbody></table>\n");
  }

  html.heading("tripod", "Model description (TRIPOD+AI)");
  std::vector<std::string> features;
  for (const auto& f : results.selected) features.push_back(f.feature);
  const std::vector<std::pair<std::string, std::string>> tripod = {
      {"Source of data", fmt::format("manifest {}, clinical table {}", cohort.manifest, cohort.clinical)},
      {"Participants",
       fmt::format("{} cases modelled of {} listed", results.ids.size(), results.extraction.cases)},
      {"Outcome", fmt::format("{} (binary, 1 = event), {} events", cohort.outcome, events)},
      {"Predictors",
       fmt::format("{} radiomics features ({} after the reproducibility step); clinical variables: {}",
                   results.extraction.feature_count, results.robust_features.size(),
                   cohort.clinical_variables.empty()
                       ? std::string("none")
                       : fmt::format("{}", fmt::join(cohort.clinical_variables, ", ")))},
      {"Sample size", fmt::format("{} cases, {} events, {} candidate features: far more features than events",
                                  results.ids.size(), events, results.robust_features.size())},
      {"Missing data", results.extraction.failed.empty()
                           ? std::string("no failed extraction; features with a missing "
                                         "value are left out (notes)")
                           : fmt::format("{} failed extractions left out", results.extraction.failed.size())},
      {"Analysis", study::describe_selection({std::min(study.selection.n, results.robust_features.size()),
                                              study.selection.scope, 10}) +
                       fmt::format("; {} models; {}-fold CV x {}", results.models.size(), validation.folds,
                                   validation.repeats)},
      {"Model specification",
       fmt::format("{} on {}; scaler and coefficients in model.json (radstudy predict)", results.chosen_model,
                   fmt::format("{}", fmt::join(features, ", ")))},
  };
  html.add("<table class=\"settings\">\n");
  for (const auto& [key, value] : tripod)
    html.add(fmt::format("<tr><th>{}</th><td>{}</td></tr>\n", escaped(key), escaped(value)));
  html.add("</table>\n");

  html.heading("clear", "CLEAR checklist items this run answers");
  const std::vector<std::pair<std::string, std::string>> clear = {
      {"Image preprocessing and discretisation", "yes: see How the features were made"},
      {"Software and version", "radstudy " + results.version},
      {"Feature robustness", reproducibility.method == study::ReproducibilityMethod::kNone
                                 ? std::string("not assessed (method: none)")
                                 : "yes: " + reproducibility.icc_type + " with threshold " +
                                       fmt::format("{}", reproducibility.threshold)},
      {"Feature selection inside validation", study.selection.scope == study::SelectionScope::kFold
                                                  ? "yes: nested in each training fold"
                                                  : "no: on every case before cross-validation (leaky)"},
      {"Validation",
       fmt::format("internal: {}-fold cross-validation x {}; external: {}", validation.folds,
                   validation.repeats,
                   results.external.empty() ? std::string("none")
                                            : std::to_string(results.external.size()) + " cohort(s)")},
      {"Performance with uncertainty",
       "AUC with DeLong and bootstrap intervals, calibration, permutation test"},
      {"Clinical utility", "decision curves, clinical against clinical + radiomics"},
      {"Model availability", "model.json beside this report"},
      {"Segmentation method and readers", "not answered by the run (state it in the manuscript)"},
      {"Imaging protocol", "not answered by the run (state it in the manuscript)"},
  };
  html.add("<table class=\"data\"><thead><tr><th>Item</th><th>Answer</th></tr></thead><tbody>\n");
  for (const auto& [item, answer] : clear)
    html.add(fmt::format("<tr><td>{}</td><td style=\"text-align:left\">{}</td></tr>\n", escaped(item),
                         escaped(answer)));
  html.add("</tbody></table>\n");

  html.heading("notes", "Notes");
  html.add("<ul>\n");
  for (const auto* notes : {&results.notes, &reproducibility.notes, &survival.notes, &curves.notes})
    for (const auto& note : *notes) html.add("<li>" + escaped(note) + "</li>\n");
  html.add("</ul>\n</body>\n</html>\n");
  return html.text();
}

}  // namespace radstudy::report
