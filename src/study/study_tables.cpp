#include "study/study_tables.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>
#include <initializer_list>

#include "core/csv.hpp"

namespace radstudy::study {
namespace {

using core::csv_field;
using core::csv_number;

// One CSV line of already formatted fields.
std::string line(std::initializer_list<std::string> fields) {
  std::string text;
  for (const auto& field : fields) {
    if (!text.empty()) text += ",";
    text += field;
  }
  return text + "\n";
}

std::string extraction_csv(const StudyResults& results) {
  std::string text = "id,status,error\n";
  for (const auto& id : results.ids) text += line({csv_field(id), "extracted", ""});
  for (const auto& failure : results.extraction.failed) {
    const auto colon = failure.find(": ");
    text += line({csv_field(failure.substr(0, colon)), "failed", csv_field(failure.substr(colon + 2))});
  }
  return text;
}

std::string icc_csv(const StudyResults& results) {
  std::string text = "feature,icc,lower,upper,kept\n";
  for (const auto& feature : results.reproducibility.features)
    text += line({csv_field(feature.feature), csv_number(feature.icc), csv_number(feature.lower),
                  csv_number(feature.upper), feature.kept ? "true" : "false"});
  return text;
}

std::string lasso_path_csv(const StudyResults& results) {
  const auto& lasso = results.lasso;
  std::string text = "lambda,log_lambda,nonzero,cv_deviance,cv_sd,is_lambda_min,is_lambda_1se,is_chosen\n";
  for (std::size_t s = 0; s < lasso.lambda.size(); ++s)
    text += line(
        {csv_number(lasso.lambda[s]), csv_number(std::log(lasso.lambda[s])), std::to_string(lasso.nonzero[s]),
         s < lasso.cv_mean.size() ? csv_number(lasso.cv_mean[s]) : "",
         s < lasso.cv_sd.size() ? csv_number(lasso.cv_sd[s]) : "", s == lasso.index_min ? "true" : "false",
         s == lasso.index_1se ? "true" : "false", s == lasso.index_chosen ? "true" : "false"});
  return text;
}

std::string selected_features_csv(const StudyResults& results) {
  std::string text = "feature,coefficient,fold_frequency,univariate_auc\n";
  for (const auto& feature : results.selected)
    text += line({csv_field(feature.feature), csv_number(feature.coefficient),
                  csv_number(feature.fold_frequency), csv_number(feature.univariate_auc)});
  return text;
}

std::string model_summary_csv(const StudyResults& results) {
  std::string text =
      "model,chosen,cv_auc,auc,delong_lower,delong_upper,bootstrap_lower,bootstrap_upper,train_auc,apparent_"
      "auc,"
      "accuracy,sensitivity,specificity,precision,f1,brier,calibration_intercept,calibration_slope,"
      "permutation_p\n";
  for (const auto& model : results.models)
    text +=
        line({csv_field(model.model), model.model == results.chosen_model ? "true" : "false",
              csv_number(model.cv_auc), csv_number(model.auc), csv_number(model.delong_lower),
              csv_number(model.delong_upper), csv_number(model.bootstrap_lower),
              csv_number(model.bootstrap_upper), csv_number(model.train_auc), csv_number(model.apparent_auc),
              csv_number(model.accuracy), csv_number(model.sensitivity), csv_number(model.specificity),
              csv_number(model.precision), csv_number(model.f1), csv_number(model.calibration.brier),
              csv_number(model.calibration.intercept), csv_number(model.calibration.slope),
              model.permutation ? csv_number(model.permutation->p) : std::string()});
  return text;
}

std::string permutation_table_csv(const StudyResults& results) {
  std::vector<PermutationSummary> summaries;
  for (const auto& model : results.models)
    if (model.permutation) summaries.push_back(*model.permutation);
  std::string text = permutation_csv(summaries);
  if (!summaries.empty()) {
    // The chosen model against the null of the best of all models (the choice is part of the pipeline).
    double mean = 0, sd = 0;
    const auto& null = results.best_of_models_null;
    for (double value : null) mean += value / static_cast<double>(null.size());
    for (double value : null) sd += (value - mean) * (value - mean);
    sd = null.size() > 1 ? std::sqrt(sd / static_cast<double>(null.size() - 1)) : 0.0;
    const double auc = results.models[results.chosen_model_index()].cv_auc;
    text +=
        line({csv_field("best of models (" + results.chosen_model + ")"), csv_number(auc), csv_number(mean),
              csv_number(sd), csv_number(results.chosen_permutation_p), std::to_string(null.size())});
  }
  return text;
}

std::string calibration_csv(const StudyResults& results) {
  std::string text = "model,cases,brier,intercept,slope,clipped,converged\n";
  for (const auto& model : results.models) {
    const auto& c = model.calibration;
    text +=
        line({csv_field(model.model), std::to_string(c.cases), csv_number(c.brier), csv_number(c.intercept),
              csv_number(c.slope), std::to_string(c.clipped), c.converged ? "true" : "false"});
  }
  return text;
}

std::string calibration_groups_csv(const StudyResults& results) {
  std::string text = "model,group,cases,predicted,observed,lower,upper\n";
  for (const auto& model : results.models)
    for (std::size_t g = 0; g < model.calibration_groups.size(); ++g) {
      const auto& group = model.calibration_groups[g];
      text += line({csv_field(model.model), std::to_string(g + 1), std::to_string(group.cases),
                    csv_number(group.predicted), csv_number(group.observed), csv_number(group.lower),
                    csv_number(group.upper)});
    }
  return text;
}

// Per case: the outcome, and per model the out-of-fold probability (mean over repeats) and the final
// model's probability.
std::string case_predictions_csv(const StudyResults& results) {
  std::string text = csv_field(results.study.study.cohort.id) + ",outcome";
  for (const auto& model : results.models)
    text += "," + csv_field(model.model + "_cv") + "," + csv_field(model.model + "_final");
  text += "\n";
  for (std::size_t i = 0; i < results.ids.size(); ++i) {
    text += csv_field(results.ids[i]) + "," + std::to_string(results.outcome[i]);
    for (std::size_t m = 0; m < results.models.size(); ++m)
      text += "," + csv_number(results.cv_probability[m][i]) + "," +
              csv_number(results.apparent_probability[m][i]);
    text += "\n";
  }
  return text;
}

std::string pca_csv(const StudyResults& results) {
  const auto& pca = results.pca;
  std::string text = csv_field(results.study.study.cohort.id) + ",outcome";
  for (std::size_t k = 0; k < pca.proportion_of_variance.size(); ++k) text += fmt::format(",PC{}", k + 1);
  text += "\n";
  for (std::size_t i = 0; i < results.ids.size(); ++i) {
    text += csv_field(results.ids[i]) + "," + std::to_string(results.outcome[i]);
    for (Eigen::Index k = 0; k < pca.scores.cols(); ++k)
      text += "," + csv_number(pca.scores(static_cast<Eigen::Index>(i), k));
    text += "\n";
  }
  return text;
}

std::string pca_variance_csv(const StudyResults& results) {
  std::string text = "component,proportion_of_variance\n";
  for (std::size_t k = 0; k < results.pca.proportion_of_variance.size(); ++k)
    text += line({fmt::format("PC{}", k + 1), csv_number(results.pca.proportion_of_variance[k])});
  return text;
}

std::string km_csv(const StudyResults& results) {
  std::string text = "comparison,group,n,events,median,median_lower,median_upper,chi_square,p,cut\n";
  for (const auto& comparison : results.survival.km)
    for (const auto& group : comparison.groups) {
      const auto median = group.curve.quantile(0.5);
      text += line({csv_field(comparison.name), csv_field(group.label), std::to_string(group.curve.n),
                    std::to_string(group.curve.events), csv_number(median.estimate), csv_number(median.lower),
                    csv_number(median.upper), csv_number(comparison.log_rank_chi_square),
                    csv_number(comparison.log_rank_p),
                    comparison.name == "outcome" ? "" : csv_number(comparison.cut)});
    }
  return text;
}

std::string cox_csv(const std::vector<CoxTerm>& terms) {
  std::string text = "term,hazard_ratio,lower,upper,p,note\n";
  for (const auto& term : terms)
    text += line({csv_field(term.term), csv_number(term.hazard_ratio), csv_number(term.lower),
                  csv_number(term.upper), csv_number(term.p), csv_field(term.note)});
  return text;
}

std::string decision_curve_csv(const StudyResults& results) {
  const auto& curves = results.decision_curves;
  std::string text = "threshold";
  for (const auto& curve : curves.curves) text += "," + csv_field(curve.name);
  text += "\n";
  for (std::size_t t = 0; t < curves.thresholds.size(); ++t) {
    text += csv_number(curves.thresholds[t]);
    for (const auto& curve : curves.curves) text += "," + csv_number(curve.net_benefit[t]);
    text += "\n";
  }
  return text;
}

std::string decision_summary_csv(const StudyResults& results) {
  const auto& curves = results.decision_curves;
  return "measure,value\n" + line({"clinical_auc", csv_number(curves.clinical_auc)}) +
         line({"combined_auc", csv_number(curves.combined_auc)}) +
         line({"radiomics_auc", csv_number(curves.radiomics_auc)}) +
         line({"delong_p_combined_vs_clinical", csv_number(curves.comparison_p)}) +
         line({"clinical_terms", csv_field(fmt::format("{}", fmt::join(curves.clinical_terms, "; ")))});
}

std::string external_csv(const StudyResults& results) {
  std::string text =
      "cohort,model,cases,scored,failed,auc,delong_lower,delong_upper,brier,calibration_intercept,"
      "calibration_slope\n";
  for (const auto& cohort : results.external)
    text += line({csv_field(cohort.name), csv_field(results.chosen_model), std::to_string(cohort.cases),
                  std::to_string(cohort.ids.size()), std::to_string(cohort.failed.size()),
                  csv_number(cohort.auc), csv_number(cohort.delong_lower), csv_number(cohort.delong_upper),
                  csv_number(cohort.calibration.brier), csv_number(cohort.calibration.intercept),
                  csv_number(cohort.calibration.slope)});
  return text;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> study_tables(const StudyResults& results) {
  std::vector<std::pair<std::string, std::string>> tables;
  if (!results.table1.rows.empty()) tables.emplace_back("table1.csv", cohort_table_csv(results.table1));
  tables.emplace_back("extraction.csv", extraction_csv(results));
  if (!results.reproducibility.features.empty()) tables.emplace_back("icc.csv", icc_csv(results));
  tables.emplace_back("univariate.csv", results.univariate_csv);
  tables.emplace_back("lasso_path.csv", lasso_path_csv(results));
  tables.emplace_back("selected_features.csv", selected_features_csv(results));
  tables.emplace_back("metrics.csv", metrics_csv(results.evaluation.metrics));
  tables.emplace_back("summary.csv", model_summary_csv(results));
  tables.emplace_back("cv_summary.csv", summary_csv(results.evaluation));
  if (!results.best_of_models_null.empty()) {
    tables.emplace_back("permutation.csv", permutation_table_csv(results));
    std::vector<PermutationSummary> summaries;
    for (const auto& model : results.models)
      if (model.permutation) summaries.push_back(*model.permutation);
    tables.emplace_back("permutation_null.csv", permutation_null_csv(summaries));
  }
  tables.emplace_back("calibration.csv", calibration_csv(results));
  tables.emplace_back("calibration_groups.csv", calibration_groups_csv(results));
  tables.emplace_back("predictions.csv", case_predictions_csv(results));
  ModelingData ids_only;
  ids_only.ids = results.ids;
  tables.emplace_back("folds.csv", folds_csv(results.folds, ids_only));
  if (!results.pca.proportion_of_variance.empty()) {
    tables.emplace_back("pca.csv", pca_csv(results));
    tables.emplace_back("pca_variance.csv", pca_variance_csv(results));
  }
  if (results.survival.present) {
    tables.emplace_back("km.csv", km_csv(results));
    tables.emplace_back("cox_univariate.csv", cox_csv(results.survival.cox_univariate));
    tables.emplace_back("cox_multivariate.csv", cox_csv(results.survival.cox_multivariate));
  }
  tables.emplace_back("decision_curve.csv", decision_curve_csv(results));
  tables.emplace_back("decision_summary.csv", decision_summary_csv(results));
  if (!results.external.empty()) tables.emplace_back("external.csv", external_csv(results));
  return tables;
}

}  // namespace radstudy::study
