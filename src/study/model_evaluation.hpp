#pragma once
#include <Eigen/Dense>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "models/neural_network.hpp"
#include "stats/lasso_logistic.hpp"

namespace radstudy::study {

// The cases of a modelling study: a numeric feature matrix and a 0/1 label, matched by id.
struct ModelingData {
  std::vector<std::string> ids;
  std::vector<std::string> feature_names;
  Eigen::MatrixXd features;  // cases x features
  std::vector<int> labels;
  std::vector<std::string> notes;  // what was left out and why (constant columns...)
};

// Reads the feature table (study::read_feature_table: `error` and `diagnostics_*` are not features;
// failed cases are an error, or with `drop_failed` left out of both tables with a note) and the clinical
// table, joined by `id_column`. Throws InputError naming the file, column and case for: ids in one file
// and not the other, a missing or non-numeric feature value, a label that is missing or not 0/1, fewer
// than 2 cases of a class, no feature left. A feature constant over all cases carries no information:
// it is left out, with a note.
ModelingData read_modeling_data(const std::string& features_path, const std::string& clinical_path,
                                const std::string& id_column, const std::string& label_column,
                                bool drop_failed = false);

// Folds per repeat: fold_of_case[repeat][case] in 1..K.
struct FoldPlan {
  std::vector<std::vector<int>> fold_of_case;
  int fold_count = 0;
};

// Stratified k-fold assignment, repeated: per repeat and class the cases are shuffled by a
// core::SeededRandom seeded from (seed, repeat), then dealt to folds 1..k in turn, the second class
// continuing where the first stopped (fold sizes differ by at most one). Needs k >= 2 and at least k
// cases of each class (ConfigError otherwise).
FoldPlan stratified_folds(const std::vector<int>& labels, int k, int repeats, std::uint64_t seed);
// FOLDS.csv: id,fold[,repeat]. Every case of `data` in every repeat, folds numbered from 1.
FoldPlan read_folds(const std::string& path, const ModelingData& data);
std::string folds_csv(const FoldPlan& plan, const ModelingData& data);

enum class SelectionScope { kFold, kAll };
struct SelectionOptions {
  std::size_t lasso_features = 0;  // 0: no selection (--select none); K: lasso:K
  SelectionScope scope = SelectionScope::kFold;
  int inner_folds = 10;  // cv.glmnet's default nfolds
};
// "none", "lasso:K inside each training fold (nested)", or the leak's warning.
std::string describe_selection(const SelectionOptions& selection);

struct EvaluationOptions {
  std::vector<std::string> models;
  SelectionOptions selection;
  std::uint64_t seed = 1;
  int jobs = 1;
  std::size_t neural_net_max_weights = models::kNeuralNetworkDefaultMaxWeights;  // nnet's MaxNWts
};

// Refuses, before any work, a model that cannot be fitted on `feature_count` features with these
// options: neural_net beyond its weight limit, counting the features it will see (K with lasso:K).
// ConfigError naming the model, its weights, the limit and the ways out.
void check_models_fit_table(std::size_t feature_count, const EvaluationOptions& options);

// A z-scoring by the mean and sd (n - 1) of training cases (R's mean and sd); a feature with sd 0 in
// the training cases maps to 0.
struct Scaler {
  std::vector<double> mean, sd;
  static Scaler fit(const Eigen::MatrixXd& x, const std::vector<std::size_t>& rows);
  Eigen::MatrixXd apply(const Eigen::MatrixXd& x, const std::vector<std::size_t>& rows) const;
};

struct MetricRow {
  std::string model;
  int repeat = 0, fold = 0;
  std::string set;  // train | test
  int n = 0, tp = 0, fp = 0, tn = 0, fn = 0;
  std::optional<double> accuracy, sensitivity, specificity, precision, f1, auc;
  std::string note;
};

struct PredictionRow {
  std::size_t case_index = 0;
  std::string model;
  int repeat = 0, fold = 0;
  std::string set;
  double score = 0.0;
  int predicted = 0;
  int label = 0;
  double probability = 0.0;  // the probability of class 1 (svm: Platt's sigmoid of its score)
};

struct SummaryRow {
  std::string model, set, metric;
  std::optional<int> repeat;  // pooled_auc: per repeat
  int count = 0;
  std::optional<double> mean, sd, lower, upper;
  std::string interval;
};

struct SelectedFeature {
  int repeat = 0, fold = 0;  // 0, 0: selection on all cases
  std::string feature;
  double coefficient = 0.0;
};

struct EvaluationResult {
  std::vector<MetricRow> metrics;
  std::vector<PredictionRow> predictions;
  std::vector<SummaryRow> summary;
  std::vector<SelectedFeature> selected;
  std::string selection_description;
};

// Cross-validates each model on the plan's folds: per (repeat, fold) the training cases' scaler and
// (lasso:K, fold scope) selection, then per (repeat, fold, model) the fit on the training cases and
// the scores of training and test cases. Runs up to options.jobs tasks at once (oneTBB); each task's
// random numbers come from (seed, repeat, fold, model), so the result does not depend on jobs.
// Throws InputError when a training set has fewer than 2 cases of a class.
EvaluationResult evaluate_models(const ModelingData& data, const FoldPlan& plan,
                                 const EvaluationOptions& options);

// metrics.csv, predictions.csv, summary.csv and selected.csv as text.
std::string metrics_csv(const std::vector<MetricRow>& rows);
std::string predictions_csv(const std::vector<PredictionRow>& rows, const ModelingData& data);
std::string summary_csv(const EvaluationResult& result);
std::string selected_csv(const std::vector<SelectedFeature>& rows);

// The final model: scaler and selection on all cases (right for a model to be used on new patients:
// every case is training data then; the CV summary says how well the procedure does), each model
// fitted on all cases. `extraction_parameters` is the parameter file the features came from (empty:
// none). The JSON holds everything predict needs.
nlohmann::json train_final_model(const ModelingData& data, const EvaluationOptions& options,
                                 const EvaluationResult& cross_validation, const std::string& id_column,
                                 const std::string& label_column, const std::string& extraction_parameters);

// The LASSO of train_final_model's selection (every case, z-scored, the same inner folds): its
// cross-validated path, for the figures of a study. Needs options.selection.lasso_features > 0.
stats::LassoCrossValidation final_selection_lasso(const ModelingData& data, const EvaluationOptions& options);

// A saved model read back, scoring raw feature values (by name).
struct ModelPrediction {
  std::string id, model;
  double score = 0.0;
  int predicted = 0;
  double probability = 0.0;  // the probability of class 1 (svm: Platt's sigmoid of the score)
};
class SavedModel {
 public:
  // Throws InputError naming the file for anything missing or malformed.
  static SavedModel read(const std::string& path);
  // The same checks on a model in memory; `source` names it in messages.
  static SavedModel from_json(nlohmann::json json, const std::string& source);
  const nlohmann::json& json() const { return json_; }
  const std::vector<std::string>& features() const { return features_; }
  // rows: cases x features() in that order (raw values, before z-scoring).
  std::vector<ModelPrediction> predict(const std::vector<std::string>& ids,
                                       const Eigen::MatrixXd& rows) const;
  // The 1 x features() row of one extracted case (`values` one per column of `column_names`). ConfigError
  // when the extraction does not produce a feature the model needs; InputError naming `source` when a
  // value is not finite.
  Eigen::MatrixXd row_from_extraction(const std::vector<std::string>& column_names,
                                      const std::vector<double>& values, const std::string& source) const;

 private:
  std::string source_;
  nlohmann::json json_;
  std::vector<std::string> features_;
  Scaler scaler_;
};

// What predict writes: id,model,probability,predicted,score (score: the model's own score, for svm the
// decision value towards class 1 from which predicted comes).
std::string predictions_table_csv(const std::vector<ModelPrediction>& predictions);

// The seed of one task: a mix of the run's seed, the repeat, the fold and the model's name.
std::uint64_t task_seed(std::uint64_t seed, int repeat, int fold, const std::string& model);

}  // namespace radstudy::study
