#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "report/study_folder.hpp"
#include "core/atomic_output.hpp"
#include "core/errors.hpp"
#include "io/image_io.hpp"
#include "settings/extraction_settings.hpp"
#include "study/case_extraction.hpp"
#include "study/model_evaluation.hpp"
#include "study/study_file.hpp"
#include "study/study_run.hpp"
#include "study/synthetic_cohort.hpp"

namespace radstudy::cli {
namespace {

struct DemoOptions {
  std::string out = "radstudy-demo";
  int cases = 55;
  std::uint64_t seed = 20231;
  int jobs = 2;
  bool no_signal = false;
};

// The demo's extraction settings: PyRadiomics' defaults (the Original image, every 3D class, binWidth 25).
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

// The demo's study file: the seed paper's design (robust features by perturbation ICC, LASSO inside the
// folds, ten models, repeated 5-fold CV, the permutation test, survival and decision curves).
std::string demo_study_file(const DemoOptions& options) {
  return fmt::format(R"(# radstudy demo: the whole study on a generated cohort ({} patients, seed {}, {}).
# Run it again with: radstudy run study.yaml --out <folder>
cohort:
  manifest: cohort/manifest.csv
  clinical: cohort/clinical.csv
  id: id
  outcome: pd
  time: os_days
  event: death
  clinical_variables: [age, sex, albumin, bilirubin]
features:
  params: params.yaml
reproducibility: {{method: perturbation, icc: ICC1, threshold: 0.90, perturbations: [erode, dilate, shift, noise]}}
selection: {{method: lasso, n: 5, scope: fold}}
models: all
validation: {{folds: 5, repeats: 5, seed: {}, permutations: 100}}
survival: {{entry_p: 0.1}}
)",
                     options.cases, options.seed,
                     options.no_signal ? "no link between the images and the outcome"
                                       : "lesion texture and shape carry the outcome",
                     options.seed);
}

std::string path_in(const std::string& directory, const std::string& name) {
  return (std::filesystem::path(directory) / name).string();
}

// A new patient (the next synthetic case), scored from its image and mask with the study's model.json.
void score_new_patient(const DemoOptions& options, const study::StudyResults& results) {
  study::SyntheticCohortOptions cohort;
  cohort.cases = options.cases;
  cohort.seed = options.seed;
  cohort.signal = !options.no_signal;
  const auto patient = study::make_synthetic_case(options.cases + 1, cohort);
  const std::string patient_directory = path_in(options.out, "new_patient");
  std::filesystem::create_directories(patient_directory);
  io::write_image(patient.image, path_in(patient_directory, "image.nii.gz"));
  io::write_mask(patient.mask, path_in(patient_directory, "mask.nii.gz"));
  const auto saved = study::SavedModel::read(path_in(options.out, "model.json"));
  const auto settings = settings::load_extraction_settings(path_in(options.out, "params.yaml"));
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
  for (const auto& prediction : saved.predict({patient.id}, row))
    if (prediction.model == results.chosen_model)
      std::cout << fmt::format("  a new patient scored from image and mask by {}: probability {:.3f} ({})\n",
                               prediction.model, prediction.probability,
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
  study::SyntheticCohortOptions cohort;
  cohort.cases = options.cases;
  cohort.seed = options.seed;
  cohort.signal = !options.no_signal;
  std::filesystem::create_directories(options.out);
  std::cerr << fmt::format("radstudy demo: generating {} synthetic CT cases (seed {}{}) in {}\n",
                           cohort.cases, cohort.seed, options.no_signal ? ", no signal" : "",
                           path_in(options.out, "cohort"));
  study::write_synthetic_cohort(path_in(options.out, "cohort"), cohort);
  core::write_file_atomically(path_in(options.out, "params.yaml"), kDemoParameters);
  const std::string study_path = path_in(options.out, "study.yaml");
  core::write_file_atomically(study_path, demo_study_file(options));

  const auto study = study::load_study(study_path);
  study::StudyRunOptions run_options;
  run_options.cache_dir = path_in(options.out, "radstudy-cache");
  run_options.jobs = options.jobs;
  run_options.progress = [](const std::string& line) { std::cerr << line << "\n"; };
  const auto results = study::run_study(study, run_options);
  for (const auto& [name, content] : report::study_output_files(results)) {
    const auto path = std::filesystem::path(options.out) / name;
    std::filesystem::create_directories(path.parent_path());
    core::write_file_atomically(path.string(), content);
  }
  report::print_study_summary(results, options.out, run_options.cache_dir);
  score_new_patient(options, results);
  return results.extraction.failed.empty() ? kAllDone : kSomeFailed;
}

// The demo's folder is rebuilt whole: an error or a signal leaves the earlier demo folder as it was.
int run_demo(const DemoOptions& options) {
  core::check_outputs({{"--out",
                        options.out,
                        core::OutputKind::kFolder,
                        {"cohort", "params.yaml", "study.yaml", "radstudy-cache", "tables", "figures",
                         "report.html", "model.json", "notes.txt", "new_patient"}}},
                      {});
  study::SyntheticCohortOptions cohort;
  cohort.cases = options.cases;
  cohort.seed = options.seed;
  cohort.signal = !options.no_signal;
  check_cohort_fits_the_study(cohort);
  core::FolderRebuild folder(options.out);
  const int code = run_demo_study(options);
  folder.commit();
  return code;
}

}  // namespace

Command add_demo_command(CLI::App& app) {
  auto options = std::make_shared<DemoOptions>();
  auto* command = app.add_subcommand(
      "demo", "The whole study (radstudy run) on a generated CT cohort whose lesions carry a known signal");
  command->add_option("--out", options->out, "Output folder, written whole")
      ->type_name(kFolderValue)
      ->capture_default_str();
  command->add_option("--cases", options->cases, "Number of synthetic patients")
      ->type_name("N")
      ->check(CLI::Range(2, 10000))
      ->capture_default_str();
  add_seed(*command, options->seed, "Seed of the generated cohort and of the study");
  command->add_flag("--no-signal", options->no_signal,
                    "Generate the outcome and survival without any link to the images (a null study: the AUC "
                    "should be near 0.5 and the permutation p above 0.05)");
  add_jobs(*command, options->jobs,
           "Cases extracted and models fitted at the same time (the output does not depend on it)");
  set_examples(*command, "  radstudy demo --out radstudy-demo");
  return {command, [options] { return run_demo(*options); }};
}

}  // namespace radstudy::cli
