#pragma once
#include <Eigen/Dense>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "stats/calibration.hpp"
#include "stats/kaplan_meier.hpp"
#include "study/cohort_table.hpp"
#include "study/model_evaluation.hpp"
#include "study/permutation_test.hpp"
#include "study/study_file.hpp"

// Everything `radstudy run` computes, as numbers: the tables, the figures and the report are all drawn
// from one StudyResults, so that a number in the report is the number in its table.
namespace radstudy::study {

// Step 1-2: the cohort and its extraction.
struct ExtractionSummary {
  std::size_t cases = 0;            // in the manifest
  std::vector<std::string> failed;  // "id: error", cases left out of everything after extraction
  std::size_t reused = 0;           // read from the extraction cache
  std::size_t extracted = 0;        // extracted in this run
  double seconds = 0.0;             // wall time of the extraction step
  std::size_t feature_count = 0;    // columns of the feature table
  std::string canonical_settings;   // canonical_settings_text of the parameter file
  std::string parameter_file;       // its path ("" : PyRadiomics' defaults)
  std::string parameter_text;       // its content
};

// Step 3: feature robustness (ICC over perturbations or a second segmentation).
struct FeatureIcc {
  std::string feature;
  double icc = 0.0, lower = 0.0, upper = 0.0;  // NaN for a constant feature
  bool kept = false;
};
struct ReproducibilityResult {
  ReproducibilityMethod method = ReproducibilityMethod::kNone;
  std::string icc_type;  // "ICC1", "ICC2", "ICC3"
  double threshold = 0.0;
  std::vector<std::string> raters;   // "original", "erode", ... or "mask", "mask2"
  std::vector<FeatureIcc> features;  // empty for method none
  std::size_t kept = 0;
  std::vector<std::string> notes;
};

// Step 4: one feature against the outcome (the robust features, every case).
struct UnivariateFeature {
  std::string feature;
  double auc = 0.0, auc_lower = 0.0, auc_upper = 0.0;  // oriented >= 0.5, DeLong CI
  double p = 0.0;                                      // Mann-Whitney
  double q = 0.0;                                      // Benjamini-Hochberg
  double mean_without = 0.0, mean_with = 0.0;          // outcome 0 and 1
};

// Step 5: the LASSO on every case (the paper's Fig 1b: path and cross-validated deviance). The selection
// inside the folds is in `evaluation.selected`.
struct LassoSummary {
  std::vector<std::string> features;  // the columns of `coefficients` rows (standardised features)
  std::vector<double> lambda;
  Eigen::MatrixXd coefficients;  // features x lambdas
  std::vector<std::size_t> nonzero;
  std::vector<double> cv_mean, cv_sd;  // binomial deviance per lambda
  std::size_t index_min = 0, index_1se = 0, index_chosen = 0;
};
struct SelectedFeatureSummary {
  std::string feature;
  double coefficient = 0.0;     // in the selection on every case (the final model's), standardised
  double fold_frequency = 0.0;  // share of the (repeat, fold) training sets whose selection kept it
  double univariate_auc = 0.0;
};

// The selected features among themselves (Fig 1c) and the PCA of the robust features (Fig 1d).
struct CorrelationSummary {
  std::vector<std::string> features;
  Eigen::MatrixXd spearman;  // features x features
};
struct PcaSummary {
  std::vector<double> proportion_of_variance;  // of the components kept (up to 3)
  Eigen::MatrixXd scores;                      // cases x components, cases in StudyResults::ids order
};

// Step 6-7: one classifier, cross-validated.
struct ModelSummary {
  std::string model;
  double cv_auc = 0.0;  // mean over repeats of the pooled out-of-fold AUC (the permutation statistic)
  // On the out-of-fold probability of each case averaged over repeats (`cv_probability`):
  double auc = 0.0, delong_lower = 0.0, delong_upper = 0.0;
  double bootstrap_lower = 0.0, bootstrap_upper = 0.0;  // stratified bootstrap, percentile
  double train_auc = 0.0;                               // mean over (repeat, fold) of the training AUC
  double apparent_auc = 0.0;                            // the final model on every case
  // Means over (repeat, fold) of the test metrics.
  double accuracy = 0.0, sensitivity = 0.0, specificity = 0.0, precision = 0.0, f1 = 0.0;
  std::optional<PermutationSummary> permutation;
  stats::Calibration calibration;
  std::vector<stats::CalibrationGroup> calibration_groups;
};

// Step 8: survival (the cohort's time and event).
struct KaplanMeierGroup {
  std::string label;  // e.g. "outcome 0", "high"
  stats::KaplanMeierCurve curve;
};
struct KaplanMeierComparison {
  std::string name;   // "outcome" or the feature's name
  std::string title;  // what is compared
  std::vector<KaplanMeierGroup> groups;
  double log_rank_chi_square = 0.0, log_rank_p = 1.0;
  double cut = 0.0;  // features: the median that splits high (> cut) from low
};
struct CoxTerm {
  std::string term;  // variable, or variable=level for a category against the first level
  double hazard_ratio = 0.0, lower = 0.0, upper = 0.0, p = 1.0;
  std::string note;  // e.g. "per SD", "not estimable"
};
struct SurvivalSummary {
  bool present = false;  // the study file has time and event
  std::size_t cases = 0, events = 0;
  std::vector<KaplanMeierComparison> km;  // first: by outcome; then one per selected feature
  std::vector<CoxTerm> cox_univariate;
  std::vector<CoxTerm> cox_multivariate;  // terms with univariate p < entry_p; empty when none
  double entry_p = 0.1;
  double c_index = 0.0, c_index_se = 0.0;  // of the multivariate model (NaN when none)
  std::vector<std::string> notes;
};

// Step 9: decision curves, clinical against clinical + radiomics, out of fold.
struct DecisionCurve {
  std::string name;  // "treat all", "treat none", "clinical", "clinical + radiomics", "radiomics"
  std::vector<double> net_benefit;  // per DecisionCurveSummary::thresholds
};
struct DecisionCurveSummary {
  std::vector<double> thresholds;
  std::vector<DecisionCurve> curves;
  // AUCs of the out-of-fold probabilities, with DeLong's paired test of combined against clinical.
  double clinical_auc = 0.0, combined_auc = 0.0, radiomics_auc = 0.0;
  double comparison_p = 1.0;
  std::vector<std::string> clinical_terms;  // the clinical model's columns (categories as dummies)
  std::vector<std::string> notes;
};

// The final model on an external cohort.
struct ExternalValidation {
  std::string name;
  std::size_t cases = 0;
  std::vector<std::string> failed;  // "id: error"
  std::vector<std::string> ids;     // the cases scored
  std::vector<int> outcome;
  std::vector<double> probability;  // the chosen model's
  double auc = 0.0, delong_lower = 0.0, delong_upper = 0.0;
  stats::Calibration calibration;
  std::vector<stats::CalibrationGroup> calibration_groups;
  std::vector<double> thresholds;
  std::vector<double> net_benefit, treat_all;
};

struct StudyResults {
  CheckedStudy study;
  std::string version;           // radstudy's
  std::string started;           // ISO 8601 UTC
  double seconds = 0.0;          // the whole run
  std::vector<std::string> ids;  // the cases modelled (extracted without error), manifest order
  std::vector<int> outcome;      // per id
  ExtractionSummary extraction;
  ReproducibilityResult reproducibility;
  CohortTable table1;
  std::vector<UnivariateFeature> univariate;  // robust features, sorted by p
  std::string univariate_csv;                 // radstudy univariate's table of them (every column)
  std::vector<std::string> robust_features;   // the features modelling starts from
  Eigen::MatrixXd robust_values;              // ids x robust_features (raw values)
  LassoSummary lasso;
  std::vector<SelectedFeatureSummary> selected;  // the final model's features, largest |coefficient| first
  CorrelationSummary correlation;
  PcaSummary pca;
  EvaluationResult evaluation;  // every (repeat, fold, model) row
  FoldPlan folds;
  std::vector<ModelSummary> models;  // in the study's model order
  std::string chosen_model;          // highest cv_auc
  // The chosen model's permutation p corrected for the choice: the null of the best of all models.
  double chosen_permutation_p = 1.0;
  std::vector<double> best_of_models_null;
  std::vector<std::vector<double>> cv_probability;        // [model][case]: out of fold, mean over repeats
  std::vector<std::vector<double>> apparent_probability;  // [model][case]: the final model on every case
  SurvivalSummary survival;
  DecisionCurveSummary decision_curves;
  std::vector<ExternalValidation> external;
  nlohmann::json final_model;  // model.json

  // The position of chosen_model in `models` (and in cv_probability, apparent_probability); 0 when empty.
  std::size_t chosen_model_index() const {
    for (std::size_t m = 0; m < models.size(); ++m)
      if (models[m].model == chosen_model) return m;
    return 0;
  }
  std::vector<std::string> notes;  // for the user and the report, in the order they arose
};

}  // namespace radstudy::study
