#include <memory>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/output_directory.hpp"
#include "core/atomic_output.hpp"
#include "study/decision_curve_analysis.hpp"

namespace radstudy::cli {
namespace {

struct DcaOptions {
  study::DecisionCurveOptions curves;
  std::string out;
};

int run_dca(const DcaOptions& options) {
  core::check_outputs({{"--out", options.out, core::OutputKind::kFolder}},
                      {{"--predictions", options.curves.data}});
  write_output_files(options.out, {{"dca.csv", study::decision_curves_csv(options.curves)}});
  return kAllDone;
}

}  // namespace

Command add_dca_command(CLI::App& app) {
  auto options = std::make_shared<DcaOptions>();
  auto* command =
      app.add_subcommand("dca", "Decision curve analysis: net benefit of predicted probabilities");
  auto* predictions =
      command
          ->add_option(
              "--predictions", options->curves.data,
              "CSV with an id, the outcome and one probability column per model; or predictions.csv of "
              "`radstudy model` (its test rows are used)")
          ->type_name(kFileValue);
  add_old_spelling(*command, "--data", predictions, options->curves.data);
  required_option(*command, predictions);
  add_id_column(*command, options->curves.id, "the table");
  command
      ->add_option("--outcome", options->curves.outcome,
                   "Outcome column, 0/1 (not needed for a predictions.csv, whose label column is read)")
      ->type_name("NAME");
  auto* curves =
      command
          ->add_option("--curves", options->curves.models,
                       "The predictions that get a curve: probability columns, or model names of a "
                       "predictions.csv")
          ->type_name("NAME,...")
          ->default_str("every model of a predictions.csv")
          ->delimiter(',');
  add_old_spelling(*command, "--models", curves, options->curves.models)->delimiter(',');
  add_output_folder(*command, options->out);
  set_examples(
      *command,
      "  radstudy dca --predictions model/predictions.csv --curves logistic,random_forest --out dca\n"
      "  radstudy dca --predictions probabilities.csv --outcome pd --out dca");
  return {command, [options] { return run_dca(*options); }};
}

}  // namespace radstudy::cli
