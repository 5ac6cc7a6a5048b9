#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/output_directory.hpp"
#include "core/atomic_output.hpp"
#include "core/data_table.hpp"
#include "study/feature_table.hpp"
#include "study/survival_analysis.hpp"

namespace radstudy::cli {
namespace {

struct SurvivalCommandOptions {
  std::string data, features, id = "id", out;
  study::SurvivalOptions analysis;
  bool drop_failed = false;
};

int run_survival(const SurvivalCommandOptions& options) {
  core::check_outputs({{"--out", options.out, core::OutputKind::kFolder}},
                      {{"--clinical", options.data}, {"--features", options.features}});
  core::DataTable table = core::DataTable::read(options.data, options.id, "clinical table (CSV)");
  if (!options.features.empty()) {
    const auto features = study::read_feature_table(options.features, options.id, options.drop_failed);
    for (const auto& note : features.notes) std::cerr << "note: " << note << "\n";
    table = study::without_cases(table, features.failed_ids).joined(features.table);
  }
  const auto results = study::analyse_survival(table, options.analysis);
  write_output_files(options.out, results.files);
  for (const auto& note : results.notes) std::cerr << "note: " << note << "\n";
  return kAllDone;
}

}  // namespace

Command add_survival_command(CLI::App& app) {
  auto options = std::make_shared<SurvivalCommandOptions>();
  auto* command = app.add_subcommand(
      "survival",
      "Kaplan-Meier curves, log-rank tests, univariate and multivariate Cox models, Harrell's c-index");
  required_option(*command,
                  add_clinical(*command, options->data,
                               "Clinical CSV: one row per case, with the time and event columns", true));
  command
      ->add_option("--features", options->features,
                   "Feature CSV joined to the clinical table by the id column")
      ->type_name(kFileValue);
  add_id_column(*command, options->id, "both tables");
  command->add_option("--time", options->analysis.time_column, "Follow-up time column")
      ->type_name("NAME")
      ->required();
  command->add_option("--event", options->analysis.event_column, "Event column: 1 event, 0 censored")
      ->type_name("NAME")
      ->required();
  command
      ->add_option("--group", options->analysis.group_columns,
                   "Column(s) or feature(s) to compare with Kaplan-Meier curves and the log-rank test")
      ->type_name("NAME,...")
      ->delimiter(',');
  command
      ->add_option("--split", options->analysis.split,
                   "Split a continuous --group into low/high: median (high = value > median) or optimal")
      ->check(CLI::IsMember({"median", "optimal"}));
  command->add_option("--cox", options->analysis.cox_variables, "Variables for univariate Cox models")
      ->type_name("NAME,...")
      ->delimiter(',');
  command->add_flag("--standardize", options->analysis.standardize,
                    "z-score continuous Cox variables (mean, sd n-1): hazard ratios per SD");
  command
      ->add_option("--entry-p", options->analysis.entry_p,
                   "Univariate p below which a variable enters the multivariate Cox model")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  add_drop_failed(*command, options->drop_failed);
  add_output_folder(*command, options->out);
  set_examples(*command,
               "  radstudy survival --clinical clinical.csv --time os_days --event death --group grade --cox "
               "age,grade --out survival");
  return {command, [options] { return run_survival(*options); }};
}

}  // namespace radstudy::cli
