#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <mutex>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "report/study_folder.hpp"
#include "core/atomic_output.hpp"
#include "study/study_file.hpp"
#include "study/study_run.hpp"

namespace radstudy::cli {
namespace {

struct RunCommandOptions {
  std::string study_file, out, cache;
  int jobs = 0;
};

// The study's cache, beside its study file: every run of the study (and of its variants in that folder)
// reuses it, whatever its output folder; it outlives an interrupted run.
std::string default_cache_folder(const std::string& study_file) {
  return (std::filesystem::path(study_file).parent_path() / "radstudy-cache").string();
}

int run_study_command(const RunCommandOptions& options) {
  const std::string cache = options.cache.empty() ? default_cache_folder(options.study_file) : options.cache;
  core::check_outputs({{"--out", options.out, core::OutputKind::kFolder}}, {{"STUDY", options.study_file}});
  const auto study = study::load_study(options.study_file);
  std::mutex output;
  study::StudyRunOptions run_options;
  run_options.cache_dir = cache;
  run_options.jobs = options.jobs;
  run_options.progress = [&](const std::string& line) {
    std::lock_guard lock(output);
    std::cerr << line << "\n";
  };
  const auto results = study::run_study(study, run_options);

  core::StagedFolder folder(options.out);
  for (const auto& [name, content] : report::study_output_files(results)) folder.write(name, content);
  folder.commit();
  report::print_study_summary(results, options.out, cache);
  return results.extraction.failed.empty() ? kAllDone : kSomeFailed;
}

}  // namespace

Command add_run_command(CLI::App& app) {
  auto options = std::make_shared<RunCommandOptions>();
  auto* command = app.add_subcommand("run",
                                     "The whole study of a study file: extraction, robustness, models, "
                                     "survival, decision curves, model.json");
  command->add_option("study", options->study_file, "The study file (YAML; e.g. configs/sts_study.yaml)")
      ->type_name(kFileValue)
      ->required();
  add_output_folder(*command, options->out);
  command
      ->add_option(
          "--cache", options->cache,
          "Extraction cache: one file per case, reused by the next run with the same images and settings")
      ->type_name("DIR")
      ->default_str("radstudy-cache beside the study file");
  add_jobs(*command, options->jobs, "Cases extracted and models fitted at once");
  set_examples(*command, "  radstudy run configs/sts_study.yaml --out sts-study");
  return {command, [options] { return run_study_command(*options); }};
}

}  // namespace radstudy::cli
