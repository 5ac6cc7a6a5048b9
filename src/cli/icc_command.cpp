#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/output_directory.hpp"
#include "core/atomic_output.hpp"
#include "core/data_table.hpp"
#include "core/errors.hpp"
#include "study/feature_table.hpp"
#include "study/icc_analysis.hpp"

namespace radstudy::cli {
namespace {

struct IccCommandOptions {
  std::vector<std::string> features;
  std::string id = "id", type, keep_on = "estimate", out;
  study::IccAnalysisOptions analysis;
  bool drop_failed = false;
};

int run_icc(IccCommandOptions options) {
  if (options.features.size() < 2)
    throw ConfigError(
        fmt::format("--features: {} table given; give two or more extractions of the same cases",
                    options.features.size()));
  std::vector<core::InputPath> inputs;
  for (const auto& path : options.features) inputs.push_back({"--features", path});
  core::check_outputs({{"--out", options.out, core::OutputKind::kFolder}}, inputs);
  options.analysis.type = stats::icc_type_from_name(options.type);
  options.analysis.threshold_on_lower_bound = options.keep_on == "lower";
  const auto extractions = study::read_feature_tables(options.features, options.id, options.drop_failed);
  for (const auto& note : extractions.notes) std::cerr << "note: " << note << "\n";
  const auto results = study::analyse_icc(extractions.tables, options.analysis);
  write_output_files(options.out, results.files);
  for (const auto& note : results.notes) std::cerr << "note: " << note << "\n";
  return kAllDone;
}

}  // namespace

Command add_icc_command(CLI::App& app) {
  auto options = std::make_shared<IccCommandOptions>();
  auto* command = app.add_subcommand(
      "icc",
      "Reproducibility: per feature the single-measure intraclass correlation (Shrout-Fleiss, as psych::ICC) "
      "of two or more extractions of the same cases, with its 95% CI. Writes DIR/icc.csv "
      "(feature,icc,lower,upper,kept,f,df1,df2,p)");
  command->add_option("--features", options->features, "Two or more feature CSVs of the same cases")
      ->type_name(kFileValue)
      ->required()
      ->expected(1, 1000);
  add_id_column(*command, options->id, "every table");
  command
      ->add_option("--type", options->type,
                   "ICC1 = ICC(1,1) one-way random; ICC2 = ICC(2,1) two-way random, absolute agreement; "
                   "ICC3 = ICC(3,1) two-way mixed, consistency")
      ->required()
      ->check(CLI::IsMember({"ICC1", "ICC2", "ICC3"}));
  command->add_option("--threshold", options->analysis.threshold, "Features with ICC >= threshold are kept")
      ->check(CLI::Range(-1.0, 1.0))
      ->capture_default_str();
  command
      ->add_option("--keep-on", options->keep_on,
                   "Compare the threshold with the ICC estimate or its lower bound")
      ->check(CLI::IsMember({"estimate", "lower"}))
      ->capture_default_str();
  add_drop_failed(*command, options->drop_failed);
  add_output_folder(*command, options->out);
  set_examples(*command,
               "  radstudy icc --features reader1.csv reader2.csv --type ICC2 --threshold 0.9 --out icc");
  return {command, [options] { return run_icc(*options); }};
}

}  // namespace radstudy::cli
