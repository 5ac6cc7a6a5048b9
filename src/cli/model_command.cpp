#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/output_directory.hpp"
#include "core/atomic_output.hpp"
#include "core/csv.hpp"
#include "core/errors.hpp"
#include "models/classifier.hpp"
#include "models/neural_network.hpp"
#include "settings/extraction_settings.hpp"
#include "study/case_extraction.hpp"
#include "study/model_evaluation.hpp"

namespace radstudy::cli {
namespace {

struct ModelOptions {
  std::string features, clinical, id = "id", label, out, folds, save, params;
  std::vector<std::string> models{"all"};
  std::string select = "none", scope = "fold";
  int k = 5, repeats = 1, jobs = 1;
  std::uint64_t seed = 1;
  std::size_t nnet_max_weights = models::kNeuralNetworkDefaultMaxWeights;
  bool drop_failed = false;
};

std::vector<std::string> model_names(const std::vector<std::string>& requested) {
  if (requested.size() == 1 && requested.front() == "all") return models::classifier_names();
  std::vector<std::string> names;
  for (const auto& name : requested) {
    models::make_classifier(name);  // ConfigError naming the models for an unknown one
    if (std::find(names.begin(), names.end(), name) != names.end())
      throw ConfigError(fmt::format("--models: '{}' is given twice", name));
    names.push_back(name);
  }
  return names;
}

study::SelectionOptions selection_options(const ModelOptions& options) {
  study::SelectionOptions selection;
  if (options.select != "none") {
    const std::string prefix = "lasso:";
    if (options.select.rfind(prefix, 0) != 0)
      throw ConfigError(fmt::format("--select '{}': use none or lasso:K", options.select));
    const std::string count = options.select.substr(prefix.size());
    char* end = nullptr;
    const long k = std::strtol(count.c_str(), &end, 10);
    if (count.empty() || *end != '\0' || k < 1)
      throw ConfigError(fmt::format("--select '{}': K must be a positive integer", options.select));
    selection.lasso_features = static_cast<std::size_t>(k);
  }
  if (options.scope == "all")
    selection.scope = study::SelectionScope::kAll;
  else if (options.scope != "fold")
    throw ConfigError(fmt::format("--select-scope '{}': use fold or all", options.scope));
  return selection;
}

// Every feature the model uses must come from the parameter file's extraction.
void check_extraction_settings(const std::string& params, const study::ModelingData& data) {
  const auto settings = settings::load_extraction_settings(params);
  std::vector<std::string> known;
  for (const auto& column : study::feature_columns(settings)) known.push_back(column.name);
  for (const auto& name : data.feature_names)
    if (std::find(known.begin(), known.end(), name) == known.end())
      throw ConfigError(fmt::format("--params {}: feature '{}' of {} is not produced by these settings",
                                    params, name, data.ids.empty() ? "the table" : "the features table"));
}

int run_model(const ModelOptions& options) {
  study::EvaluationOptions evaluation;
  evaluation.models = model_names(options.models);
  evaluation.selection = selection_options(options);
  evaluation.seed = options.seed;
  evaluation.jobs = options.jobs;
  core::check_outputs(
      {{"--out", options.out, core::OutputKind::kFolder}, {"--save", options.save, core::OutputKind::kFile}},
      {{"--features", options.features},
       {"--clinical", options.clinical},
       {"--folds", options.folds},
       {"--params", options.params}});
  evaluation.neural_net_max_weights = options.nnet_max_weights;
  const auto data = study::read_modeling_data(options.features, options.clinical, options.id, options.label,
                                              options.drop_failed);
  for (const auto& note : data.notes) std::cerr << "radstudy model: " << note << "\n";
  if (!options.params.empty()) check_extraction_settings(options.params, data);
  const auto plan = options.folds.empty()
                        ? study::stratified_folds(data.labels, options.k, options.repeats, options.seed)
                        : study::read_folds(options.folds, data);
  if (evaluation.selection.lasso_features > 0 && evaluation.selection.scope == study::SelectionScope::kAll)
    std::cerr << "radstudy model: WARNING: --select-scope all selects features on all cases before "
                 "cross-validation: "
                 "test information leaks into every fold and the estimates are optimistic\n";
  const auto result = study::evaluate_models(data, plan, evaluation);
  std::vector<std::pair<std::string, std::string>> files = {
      {"metrics.csv", study::metrics_csv(result.metrics)},
      {"summary.csv", study::summary_csv(result)},
      {"predictions.csv", study::predictions_csv(result.predictions, data)},
      {"folds.csv", study::folds_csv(plan, data)}};
  if (evaluation.selection.lasso_features > 0)
    files.push_back({"selected.csv", study::selected_csv(result.selected)});
  // The final model is trained before anything is written: a failure leaves every earlier output whole.
  const auto model = options.save.empty() ? nlohmann::json()
                                          : study::train_final_model(data, evaluation, result, options.id,
                                                                     options.label, options.params);
  write_output_files(options.out, files);
  if (!options.save.empty()) {
    core::write_file_atomically(options.save, model.dump(1) + "\n");
    std::cerr << "radstudy model: saved the final model (trained on all " << data.ids.size() << " cases";
    if (evaluation.selection.lasso_features > 0)
      std::cerr << ", LASSO selection on all cases, as a final model should";
    std::cerr << ") to " << options.save << "\n";
  }
  return kAllDone;
}

}  // namespace

Command add_model_command(CLI::App& app) {
  auto options = std::make_shared<ModelOptions>();
  auto* command =
      app.add_subcommand("model", "Cross-validate classifiers on a feature table (nested selection)");
  command
      ->add_option("--features", options->features, "Feature table CSV (an id column and numeric features)")
      ->type_name(kFileValue)
      ->required();
  required_option(*command, add_clinical(*command, options->clinical,
                                         "Clinical CSV with the id and the outcome column", false));
  add_id_column(*command, options->id, "both tables");
  required_option(*command, add_outcome(*command, options->label, "0/1 outcome column of the clinical CSV"));
  command
      ->add_option("--models", options->models,
                   "all, or a list of: " + fmt::format("{}", fmt::join(models::classifier_names(), ",")))
      ->type_name("NAME,...")
      ->delimiter(',')
      ->default_str("all");
  command->add_option("--select", options->select, "Feature selection: none or lasso:N")
      ->capture_default_str();
  command
      ->add_option("--select-scope", options->scope,
                   "fold: select inside each training fold (honest); all: select once on all cases (the seed "
                   "paper's leak: optimistic)")
      ->check(CLI::IsMember({"fold", "all"}))
      ->capture_default_str();
  command
      ->add_option("--folds", options->folds,
                   "Folds CSV: id,fold[,repeat] (else stratified folds from --k/--repeats/--seed)")
      ->type_name(kFileValue);
  add_fold_count(*command, options->k);
  command->add_option("--repeats", options->repeats, "Repeats of the k-fold CV")
      ->type_name("N")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  add_seed(*command, options->seed, "Seed of the folds, the inner LASSO folds and the models");
  command
      ->add_option("--save", options->save, "Write the final model (trained on all cases) to this JSON file")
      ->type_name(kFileValue);
  command
      ->add_option(
          "--params", options->params,
          "Parameter file the features were extracted with (embedded in --save's model for predict --image)")
      ->type_name(kFileValue);
  command
      ->add_option(
          "--nnet-max-weights", options->nnet_max_weights,
          "neural_net's weight limit, R nnet's MaxNWts (weights = (features + 1) x 5 + 6; the fit keeps "
          "half of a weights x weights matrix)")
      ->type_name("N")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100000000}))
      ->capture_default_str();
  add_jobs(*command, options->jobs, "Tasks run at the same time (the output does not depend on it)");
  add_drop_failed(*command, options->drop_failed);
  add_output_folder(*command, options->out);
  set_examples(
      *command,
      "  radstudy model --features features.csv --clinical clinical.csv --outcome pd --select lasso:10 "
      "--k 5 --repeats 10 --save model.json --params params.yaml --out model");
  return {command, [options] { return run_model(*options); }};
}

}  // namespace radstudy::cli
