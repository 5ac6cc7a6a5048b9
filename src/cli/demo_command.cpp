#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/output_directory.hpp"
#include "core/csv.hpp"
#include "core/data_table.hpp"
#include "core/errors.hpp"
#include "settings/extraction_settings.hpp"
#include "study/case_extraction.hpp"
#include "study/cohort_table.hpp"
#include "study/survival_analysis.hpp"
#include "study/synthetic_cohort.hpp"

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
  write_output_files((fs::path(out) / "table1").string(), {{"table1.csv", study::cohort_table_csv(cohort_table)},
                                                           {"table1.html", study::cohort_table_html(cohort_table)}});
  study::SurvivalOptions survival;
  survival.time_column = "os_days";
  survival.event_column = "death";
  survival.group_columns = {"pd"};
  survival.cox_variables = {"age", "sex", "pd"};
  survival.standardize = true;
  core::DataTable study_table = clinical;
  if (all_extracted) {
    const auto features = core::DataTable::read(features_path, "id");
    study_table = clinical.joined(features.with_only_columns({"original_shape_VoxelVolume"}));
    survival.cox_variables.push_back("original_shape_VoxelVolume");
  }
  write_output_files((fs::path(out) / "survival").string(), study::analyse_survival(study_table, survival).files);
  std::cout << fmt::format("  table 1 by pd: {}\n  survival (KM and log-rank by pd, Cox, c-index): {}\n",
                           (fs::path(out) / "table1").string(), (fs::path(out) / "survival").string());
}

int run_demo(const DemoOptions& options) {
  namespace fs = std::filesystem;
  fs::create_directories(options.out);
  study::SyntheticCohortOptions cohort;
  cohort.cases = options.cases;
  cohort.seed = options.seed;
  std::cerr << fmt::format("radstudy demo: generating {} synthetic CT cases (seed {}) in {}\n", cohort.cases,
                           cohort.seed, (fs::path(options.out) / "cohort").string());
  const std::string manifest = study::write_synthetic_cohort((fs::path(options.out) / "cohort").string(), cohort);

  const auto settings = settings::default_extraction_settings();
  const auto columns = study::feature_columns(settings);
  const auto cases = study::read_manifest(manifest);
  const auto results = study::extract_cases(cases, settings, columns, options.jobs,
                                            [&](const study::CaseResult& result, std::size_t done) {
                                              std::cerr << fmt::format("[{}/{}] {} {} {:.3f} s\n", done, cases.size(),
                                                                       result.id, result.error.empty() ? "ok" : result.error,
                                                                       result.seconds);
                                            });
  const std::string features_path = (fs::path(options.out) / "features.csv").string();
  core::write_file_atomically(features_path, study::feature_table_csv(results, columns, true));
  std::cout << fmt::format("radstudy demo: {} features for {} cases in {}\n", columns.size(), results.size(),
                           features_path);
  std::cout << fmt::format("  cohort: {} (manifest.csv, clinical.csv with the pd outcome and survival)\n",
                           (fs::path(options.out) / "cohort").string());
  const auto failed = std::count_if(results.begin(), results.end(), [](const auto& r) { return !r.error.empty(); });

  try {
    write_cohort_statistics(options.out, features_path, failed == 0);
  } catch (const InputError& error) {
    // A very small generated cohort may hold a single outcome group.
    std::cerr << "radstudy demo: cohort statistics not computed: " << error.what() << "\n";
    return kSomeFailed;
  }
  return failed == 0 ? kAllDone : kSomeFailed;
}

}  // namespace

Command add_demo_command(CLI::App& app) {
  auto options = std::make_shared<DemoOptions>();
  auto* command = app.add_subcommand("demo", "Generate a synthetic CT cohort and run radstudy on it");
  command->add_option("--out", options->out, "Output directory")->capture_default_str();
  command->add_option("--cases", options->cases, "Number of synthetic patients")->check(CLI::Range(2, 10000))->capture_default_str();
  command->add_option("--seed", options->seed, "Random seed")->capture_default_str();
  command->add_option("--jobs", options->jobs, "Cases extracted at the same time")->check(CLI::Range(1, 256))->capture_default_str();
  return {command, [options] { return run_demo(*options); }};
}

}  // namespace radstudy::cli
