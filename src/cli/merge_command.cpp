#include <fmt/format.h>
#include <fmt/ranges.h>

#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "core/atomic_output.hpp"
#include "core/errors.hpp"
#include "settings/extraction_settings.hpp"
#include "study/case_extraction.hpp"
#include "study/case_results.hpp"

namespace radstudy::cli {
namespace {

struct MergeOptions {
  std::string results, manifest, params, out;
  bool diagnostics = false, allow_missing = false;
};

// "a, b, c and 7 more"
std::string some_of(const std::vector<std::string>& items, std::size_t shown = 10) {
  if (items.size() <= shown) return fmt::format("{}", fmt::join(items, "; "));
  return fmt::format("{}; and {} more",
                     fmt::join(items.begin(), items.begin() + static_cast<long>(shown), "; "),
                     items.size() - shown);
}

int run_merge(const MergeOptions& options, const CLI::App& command) {
  core::check_outputs({{"--out", options.out, core::OutputKind::kFile}},
                      {{"--manifest", options.manifest}, {"--params", options.params}});
  std::string settings_hash;
  if (command.count("--params") > 0) {
    const auto settings = settings::load_extraction_settings(options.params);
    settings_hash =
        study::results_settings_hash(settings, study::feature_columns(settings), options.diagnostics);
  }
  const auto cases = study::read_manifest(options.manifest);
  const auto merged =
      study::merge_case_results(options.results, cases, settings_hash, options.allow_missing, options.out);
  const std::size_t good = merged.done;
  std::cerr << fmt::format("radstudy merge: {} case(s): {} done, {} failed, {} without a result\n",
                           cases.size(), good, merged.failed.size(), merged.missing.size());
  if (!merged.failed.empty())
    std::cerr << fmt::format("radstudy merge: failed (their rows carry the error): {}\n",
                             some_of(merged.failed));
  if (!merged.missing.empty()) {
    std::cerr << fmt::format("radstudy merge: without a result: {}\n", some_of(merged.missing));
    if (!merged.written && !options.allow_missing) {
      std::cerr << fmt::format(
          "radstudy merge: {}: not written; extract those cases (radstudy extract --manifest {} --results {} "
          "keeps the others), or give --allow-missing to write them as error rows\n",
          options.out, options.manifest, options.results);
      return kNothingDone;
    }
  }
  if (!merged.written) {
    std::cerr << fmt::format("radstudy merge: no case has features; {} was not written\n", options.out);
    return kNothingDone;
  }
  return merged.failed.empty() && merged.missing.empty() ? kAllDone : kSomeFailed;
}

}  // namespace

Command add_merge_command(CLI::App& app) {
  auto options = std::make_shared<MergeOptions>();
  auto* command = app.add_subcommand(
      "merge",
      "The feature table of a manifest from a folder of per-case results (radstudy extract --results, "
      "radstudy slurm extract): the same bytes as one radstudy extract --manifest run; names the cases "
      "missing or failed");
  command->add_option("--results", options->results, "Folder of per-case results")
      ->type_name(kFolderValue)
      ->required();
  command->add_option("--manifest", options->manifest, "CSV with columns id,image,mask[,roi][,label]")
      ->type_name(kFileValue)
      ->required();
  command
      ->add_option("--params", options->params,
                   "Merge the rows of this parameter file's settings only (others count as missing)")
      ->type_name(kFileValue)
      ->default_str("the settings of the rows found, which must agree");
  command->add_flag("--diagnostics", options->diagnostics,
                    "With --params: the rows extracted with --diagnostics");
  command->add_flag("--allow-missing", options->allow_missing,
                    "Write cases without a result as error rows instead of stopping");
  command->add_option("--out", options->out, "Output CSV, one row per case")
      ->type_name(kFileValue)
      ->required();
  set_examples(
      *command,
      "  radstudy merge --results results/ --manifest cases.csv --out features.csv\n"
      "  radstudy merge --results results/ --manifest cases.csv --params params.yaml --out features.csv");
  return {command, [options, command] { return run_merge(*options, *command); }};
}

}  // namespace radstudy::cli
