#include <memory>

#include "cli/commands.hpp"
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
  core::check_outputs({{"--out", options.out, core::OutputKind::kFolder}}, {{"--data", options.curves.data}});
  write_output_files(options.out, {{"dca.csv", study::decision_curves_csv(options.curves)}});
  return kAllDone;
}

}  // namespace

Command add_dca_command(CLI::App& app) {
  auto options = std::make_shared<DcaOptions>();
  auto* command = app.add_subcommand("dca", "Decision curve analysis: net benefit of predicted probabilities");
  command->add_option("--data", options->curves.data,
                      "CSV with an id, the outcome and one probability column per model; or predictions.csv of "
                      "`radstudy model` (test rows are used)")
      ->required();
  command->add_option("--id", options->curves.id, "Id column (default: id)");
  command->add_option("--outcome", options->curves.outcome, "Outcome column, 0/1 (predictions.csv: label)");
  command->add_option("--models", options->curves.models, "Probability columns (or model names in predictions.csv)")
      ->delimiter(',');
  command->add_option("--out", options->out, "Output directory")->required();
  return {command, [options] { return run_dca(*options); }};
}

}  // namespace radstudy::cli
