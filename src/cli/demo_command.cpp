#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/output_directory.hpp"
#include "core/atomic_output.hpp"
#include "core/csv.hpp"
#include "core/data_table.hpp"
#include "core/errors.hpp"
#include "io/image_io.hpp"
#include "models/classifier.hpp"
#include "settings/extraction_settings.hpp"
#include "study/case_extraction.hpp"
#include "study/cohort_table.hpp"
#include "study/decision_curve_analysis.hpp"
#include "study/model_evaluation.hpp"
#include "study/perturbation_study.hpp"
#include "study/survival_analysis.hpp"
#include "study/synthetic_cohort.hpp"
#include "study/univariate_analysis.hpp"

namespace radstudy::cli {
namespace {

struct DemoOptions {
  std::string out = "radstudy-demo";
  int cases = 24;
  std::uint64_t seed = 20231;
  int jobs = 2;
};

// The cohort statistics of the study on the generated clinical table: Table 1 by outcome, then
// survival by outcome with Cox models (with the tumour volume when every case was extracted).
void write_cohort_statistics(const std::string& out, const std::string& features_path, bool all_extracted) {
  namespace fs = std::filesystem;
  const auto clinical = core::DataTable::read((fs::path(out) / "cohort" / "clinical.csv").string(), "id");
  study::CohortTableOptions table_options;
  table_options.group_column = "pd";
  table_options.variables = {"age", "sex", "albumin", "bilirubin", "ALBI", "os_days"};
  const auto cohort_table = study::build_cohort_table(clinical, table_options);
  write_output_files((fs::path(out) / "table1").string(),
                     {{"table1.csv", study::cohort_table_csv(cohort_table)},
                      {"table1.html", study::cohort_table_html(cohort_table)}});
  study::SurvivalOptions survival;
  survival.time_column = "os_days";
  survival.event_column = "death";
  survival.group_columns = {"pd"};
  // A small cohort can have one sex only (85% are M): such a variable has no Cox coefficient.
  for (const std::string variable : {"age", "sex", "pd"}) {
    const auto levels = clinical.column(variable).levels();
    if (levels.size() > 1)
      survival.cox_variables.push_back(variable);
    else
      std::cerr << fmt::format("radstudy demo: {} is {} for every case: left out of the Cox models\n",
                               variable, levels.empty() ? "missing" : "'" + levels.front() + "'");
  }
  survival.standardize = true;
  core::DataTable study_table = clinical;
  if (all_extracted) {
    const auto features = core::DataTable::read(features_path, "id");
    study_table = clinical.joined(features.with_only_columns({"original_shape_VoxelVolume"}));
    survival.cox_variables.push_back("original_shape_VoxelVolume");
  }
  write_output_files((fs::path(out) / "survival").string(),
                     study::analyse_survival(study_table, survival).files);
  std::cout << fmt::format("  table 1 by pd: {}\n  survival (KM and log-rank by pd, Cox, c-index): {}\n",
                           (fs::path(out) / "table1").string(), (fs::path(out) / "survival").string());
}

// The demo's extraction settings, written beside the cohort so that `radstudy predict --image` can reuse
// them.
constexpr const char* kDemoParameters =
    R"(# radstudy demo: PyRadiomics' defaults (Original image, every 3D class, binWidth 25)
imageType:
  Original: {}
featureClass:
  firstorder:
  shape:
  glcm:
  glrlm:
  glszm:
  gldm:
  ngtdm:
setting:
  binWidth: 25
  label: 1
)";

constexpr const char* kPerturbations = "erode,dilate,shift,noise";
constexpr std::size_t kLassoFeatures = 5;

std::string path_in(const std::string& directory, const std::string& name) {
  return (std::filesystem::path(directory) / name).string();
}

// Step 2 and 3 of the study: features of every case, once as segmented and once per perturbation; the
// ICC over the perturbations keeps the robust features (ICC1 >= 0.9), written to features_robust.csv.
std::size_t extract_with_robustness(const DemoOptions& options, const std::string& manifest,
                                    const settings::ExtractionSettings& settings) {
  const auto columns = study::feature_columns(settings);
  const auto cases = study::read_manifest(manifest);
  const auto perturbations = preprocess::parse_perturbations(kPerturbations);
  const auto extraction = study::extract_cases_perturbed(
      cases, settings, columns, perturbations, options.seed, options.jobs,
      [&](const study::CaseResult& result, std::size_t done) {
        std::cerr << fmt::format("[{}/{}] {} {} {:.3f} s (original and {} perturbations)\n", done,
                                 cases.size(), result.id, result.error.empty() ? "ok" : result.error,
                                 result.seconds, perturbations.size());
      });
  const std::string features_path = path_in(options.out, "features.csv");
  core::write_file_atomically(features_path, study::feature_table_csv(extraction.original, columns, false));
  std::vector<std::pair<std::string, std::string>> files;
  for (std::size_t p = 0; p < perturbations.size(); ++p)
    files.emplace_back(perturbations[p].name + ".csv",
                       study::feature_table_csv(extraction.perturbed[p], columns, false));
  files.emplace_back("perturbations.csv", study::perturbation_log_csv(extraction, perturbations));
  const auto icc = study::perturbation_icc(extraction, columns, perturbations,
                                           study::IccAnalysisOptions{stats::IccType::icc1, 0.9, false, 0.05});
  files.insert(files.end(), icc.files.begin(), icc.files.end());
  write_output_files(path_in(options.out, "robustness"), files);

  const auto& robust = icc.kept_features;
  std::vector<std::size_t> robust_columns;
  for (const auto& name : robust)
    for (std::size_t c = 0; c < columns.size(); ++c)
      if (columns[c].name == name) robust_columns.push_back(c);
  std::string text = "id";
  for (const auto& name : robust) text += "," + core::csv_field(name);
  text += "\n";
  for (const auto& result : extraction.original) {
    if (!result.error.empty()) continue;
    text += core::csv_field(result.id);
    for (const std::size_t c : robust_columns) text += "," + core::csv_number(result.values[c]);
    text += "\n";
  }
  core::write_file_atomically(path_in(options.out, "features_robust.csv"), text);
  std::cout << fmt::format("radstudy demo: {} features for {} cases in {}\n", columns.size(), cases.size(),
                           features_path);
  std::cout << fmt::format("  robustness ({}; ICC1 >= 0.9): {} of {} features kept: {}\n", kPerturbations,
                           robust.size(), columns.size(), path_in(options.out, "features_robust.csv"));
  std::size_t failed = 0;
  for (const auto& result : extraction.original) failed += result.error.empty() ? 0 : 1;
  return failed;
}

// Steps 4 to 9 on the robust features: univariate screening, the ten models with LASSO inside each
// training fold (5-fold CV, 5 repeats), the final model saved, decision curves of the probability models,
// and the saved model applied to a new synthetic patient from its image and mask.
void model_the_outcome(const DemoOptions& options, const std::string& parameters_path) {
  const std::string robust_path = path_in(options.out, "features_robust.csv");
  const std::string clinical_path = path_in(options.out, "cohort/clinical.csv");
  const auto univariate = study::analyse_univariate(core::DataTable::read(robust_path, "id"),
                                                    core::DataTable::read(clinical_path, "id"),
                                                    study::UnivariateOptions{"pd", 0.95});
  write_output_files(path_in(options.out, "univariate"), univariate.files);

  const auto data = study::read_modeling_data(robust_path, clinical_path, "id", "pd");
  const auto plan = study::stratified_folds(data.labels, 5, 5, options.seed);
  study::EvaluationOptions evaluation;
  evaluation.models = models::classifier_names();
  evaluation.selection.lasso_features = std::min(kLassoFeatures, data.feature_names.size());
  evaluation.seed = options.seed;
  evaluation.jobs = options.jobs;
  const auto result = study::evaluate_models(data, plan, evaluation);
  const std::string model_directory = path_in(options.out, "model");
  write_output_files(model_directory, {{"metrics.csv", study::metrics_csv(result.metrics)},
                                       {"summary.csv", study::summary_csv(result)},
                                       {"predictions.csv", study::predictions_csv(result.predictions, data)},
                                       {"folds.csv", study::folds_csv(plan, data)},
                                       {"selected.csv", study::selected_csv(result.selected)}});
  const auto final_model = study::train_final_model(data, evaluation, result, "id", "pd", parameters_path);
  const std::string model_path = path_in(model_directory, "model.json");
  core::write_file_atomically(model_path, final_model.dump(1) + "\n");

  study::DecisionCurveOptions curves;
  curves.data = path_in(model_directory, "predictions.csv");
  write_output_files(path_in(options.out, "dca"), {{"dca.csv", study::decision_curves_csv(curves)}});

  // A new patient: the next synthetic case, scored from its image and mask with the saved model.
  study::SyntheticCohortOptions cohort;
  cohort.cases = options.cases;
  cohort.seed = options.seed;
  const auto patient = study::make_synthetic_case(options.cases + 1, cohort);
  const std::string patient_directory = path_in(options.out, "new_patient");
  std::filesystem::create_directories(patient_directory);
  io::write_image(patient.image, path_in(patient_directory, "image.nii.gz"));
  io::write_mask(patient.mask, path_in(patient_directory, "mask.nii.gz"));
  const auto saved = study::SavedModel::read(model_path);
  const auto settings = settings::load_extraction_settings(parameters_path);
  const auto columns = study::feature_columns(settings);
  const auto extracted = study::extract_case({patient.id,
                                              path_in(patient_directory, "image.nii.gz"),
                                              path_in(patient_directory, "mask.nii.gz"),
                                              "",
                                              {}},
                                             settings, columns, false);
  if (!extracted.error.empty()) throw InputError("new patient: " + extracted.error);
  std::vector<std::string> names;
  for (const auto& column : columns) names.push_back(column.name);
  const auto row =
      saved.row_from_extraction(names, extracted.values, path_in(patient_directory, "image.nii.gz"));
  core::write_file_atomically(path_in(patient_directory, "prediction.csv"),
                              study::predictions_table_csv(saved.predict({patient.id}, row)));

  std::cout << fmt::format("  univariate (AUC, DeLong CI, Mann-Whitney, Spearman, PCA): {}\n",
                           path_in(options.out, "univariate"));
  std::cout << fmt::format(
      "  ten models, LASSO:{} inside each training fold, 5-fold CV x 5 repeats: {} (model.json)\n",
      evaluation.selection.lasso_features, model_directory);
  std::string aucs;
  for (const auto& line : result.summary)
    if (line.set == "test" && line.metric == "auc" && !line.repeat && line.mean)
      aucs += fmt::format("{}{} {:.2f}", aucs.empty() ? "" : ", ", line.model, *line.mean);
  std::cout << fmt::format("    mean test-fold AUC: {}\n", aucs);
  std::cout << fmt::format("  decision curves: {}\n", path_in(options.out, "dca"));
  std::cout << fmt::format("  a new patient scored from image and mask: {}\n",
                           path_in(patient_directory, "prediction.csv"));
}

// The study cross-validates with 5 folds stratified by the outcome pd, so the generated cohort needs
// at least 5 cases of each outcome (and so at least 10 cases). The outcomes are drawn before the
// images, so this is known before any work: ConfigError with the counts and the smallest --cases that
// works with this seed.
void check_cohort_fits_the_study(const study::SyntheticCohortOptions& cohort) {
  constexpr int kFolds = 5;
  int in_cohort[2] = {0, 0};  // cases with pd = 0, pd = 1
  for (int index = 0; index < cohort.cases; ++index)
    ++in_cohort[study::make_synthetic_clinical(index, cohort).progressive_disease];
  if (in_cohort[0] >= kFolds && in_cohort[1] >= kFolds) return;
  // Case i's outcome does not depend on the cohort's size: more cases only add outcomes.
  int counts[2] = {in_cohort[0], in_cohort[1]}, smallest = 0;
  for (int index = cohort.cases; smallest == 0 && index < 100000; ++index) {
    ++counts[study::make_synthetic_clinical(index, cohort).progressive_disease];
    if (counts[0] >= kFolds && counts[1] >= kFolds) smallest = index + 1;
  }
  throw ConfigError(fmt::format(
      "--cases {}: the generated cohort (seed {}) has {} case(s) with pd = 1 and {} with pd = 0, but the "
      "study's {}-fold cross-validation, stratified by pd, needs at least {} of each (so at least {} cases); "
      "with seed {} the smallest --cases that gives them is {}",
      cohort.cases, cohort.seed, in_cohort[1], in_cohort[0], kFolds, kFolds, 2 * kFolds, cohort.seed,
      smallest));
}

int run_demo_study(const DemoOptions& options) {
  namespace fs = std::filesystem;
  study::SyntheticCohortOptions cohort;
  cohort.cases = options.cases;
  cohort.seed = options.seed;
  fs::create_directories(options.out);
  std::cerr << fmt::format("radstudy demo: generating {} synthetic CT cases (seed {}) in {}\n", cohort.cases,
                           cohort.seed, path_in(options.out, "cohort"));
  const std::string manifest = study::write_synthetic_cohort(path_in(options.out, "cohort"), cohort);
  const std::string parameters_path = path_in(options.out, "params.yaml");
  core::write_file_atomically(parameters_path, kDemoParameters);
  const auto settings = settings::parse_extraction_settings(kDemoParameters, parameters_path);

  const std::size_t failed = extract_with_robustness(options, manifest, settings);
  std::cout << fmt::format("  cohort: {} (manifest.csv, clinical.csv with the pd outcome and survival)\n",
                           path_in(options.out, "cohort"));
  try {
    write_cohort_statistics(options.out, path_in(options.out, "features.csv"), failed == 0);
    model_the_outcome(options, parameters_path);
  } catch (const std::runtime_error& error) {
    // A very small generated cohort may hold a single outcome group, or too few cases for 5 folds.
    std::cerr << "radstudy demo: the study stopped: " << error.what() << "\n";
    return kSomeFailed;
  }
  return failed == 0 ? kAllDone : kSomeFailed;
}

// The demo's folder is rebuilt whole: an error or a signal leaves the earlier demo folder as it was.
int run_demo(const DemoOptions& options) {
  core::check_outputs({{"--out",
                        options.out,
                        core::OutputKind::kFolder,
                        {"cohort", "params.yaml", "features.csv", "robustness", "features_robust.csv",
                         "table1", "survival", "univariate", "model", "dca", "new_patient"}}},
                      {});
  study::SyntheticCohortOptions cohort;
  cohort.cases = options.cases;
  cohort.seed = options.seed;
  check_cohort_fits_the_study(cohort);
  core::FolderRebuild folder(options.out);
  const int code = run_demo_study(options);
  folder.commit();
  return code;
}

}  // namespace

Command add_demo_command(CLI::App& app) {
  auto options = std::make_shared<DemoOptions>();
  auto* command = app.add_subcommand("demo", "Generate a synthetic CT cohort and run radstudy on it");
  command->add_option("--out", options->out, "Output folder, written whole")
      ->type_name(kFolderValue)
      ->capture_default_str();
  command->add_option("--cases", options->cases, "Number of synthetic patients")
      ->type_name("N")
      ->check(CLI::Range(2, 10000))
      ->capture_default_str();
  add_seed(*command, options->seed, "Seed of the generated cohort and of the study");
  add_jobs(*command, options->jobs,
           "Cases extracted and models fitted at the same time (the output does not depend on it)");
  set_examples(*command, "  radstudy demo --out radstudy-demo");
  return {command, [options] { return run_demo(*options); }};
}

}  // namespace radstudy::cli
