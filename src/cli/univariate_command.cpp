#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/output_directory.hpp"
#include "core/atomic_output.hpp"
#include "core/data_table.hpp"
#include "study/feature_table.hpp"
#include "study/univariate_analysis.hpp"

namespace radstudy::cli {
namespace {

struct UnivariateCommandOptions {
  std::string features, clinical, id = "id", out;
  study::UnivariateOptions analysis;
  std::string spearman = "auto";
  bool drop_failed = false;
};

study::SpearmanOutput spearman_output(const std::string& text) {
  if (text == "full") return study::SpearmanOutput::kFull;
  if (text == "none") return study::SpearmanOutput::kNone;
  return study::SpearmanOutput::kAuto;
}

int run_univariate(UnivariateCommandOptions options) {
  options.analysis.spearman = spearman_output(options.spearman);
  core::check_outputs({{"--out", options.out, core::OutputKind::kFolder}},
                      {{"--features", options.features}, {"--clinical", options.clinical}});
  const auto features = study::read_feature_table(options.features, options.id, options.drop_failed);
  for (const auto& note : features.notes) std::cerr << "note: " << note << "\n";
  const auto clinical = study::without_cases(
      core::DataTable::read(options.clinical, options.id, "clinical table (CSV)"), features.failed_ids);
  const auto results = study::analyse_univariate(features.table, clinical, options.analysis);
  write_output_files(options.out, results.files);
  for (const auto& note : results.notes) std::cerr << "note: " << note << "\n";
  return kAllDone;
}

}  // namespace

Command add_univariate_command(CLI::App& app) {
  auto options = std::make_shared<UnivariateCommandOptions>();
  auto* command = app.add_subcommand(
      "univariate",
      "Per feature: ROC AUC (oriented >= 0.5) with DeLong CI, Mann-Whitney and Welch t-test p (with "
      "Benjamini-Hochberg), group means and medians; Spearman matrix; PCA of the z-scored features. Writes "
      "DIR/univariate.csv, spearman.csv, pca_scores.csv, pca_loadings.csv, pca_variance.csv");
  command->add_option("--features", options->features, "Feature CSV: one row per case, numeric features")
      ->type_name(kFileValue)
      ->required();
  required_option(*command, add_clinical(*command, options->clinical,
                                         "Clinical CSV holding the outcome, same cases", false));
  add_id_column(*command, options->id, "both tables");
  required_option(*command, add_outcome(*command, options->analysis.label_column,
                                        "Outcome column of the clinical CSV: 0 or 1"));
  command
      ->add_option("--confidence", options->analysis.confidence_level,
                   "Confidence level of the AUC intervals")
      ->check(CLI::Range(0.5, 0.9999))
      ->capture_default_str();
  command
      ->add_option(
          "--spearman", options->spearman,
          fmt::format("spearman.csv, the p x p Spearman matrix: auto (written up to {} features, else "
                      "left out with a note), full (always: 10,000 features make 2 GB), none",
                      study::kSpearmanAutoLimit))
      ->check(CLI::IsMember({"auto", "full", "none"}))
      ->capture_default_str();
  add_drop_failed(*command, options->drop_failed);
  add_output_folder(*command, options->out);
  set_examples(
      *command,
      "  radstudy univariate --features features.csv --clinical clinical.csv --outcome pd --out univariate");
  return {command, [options] { return run_univariate(*options); }};
}

}  // namespace radstudy::cli
