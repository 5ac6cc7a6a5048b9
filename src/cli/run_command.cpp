#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <mutex>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/slurm_options.hpp"
#include "cluster/slurm_study.hpp"
#include "core/atomic_output.hpp"
#include "report/study_folder.hpp"
#include "study/study_file.hpp"
#include "study/study_run.hpp"

namespace radstudy::cli {
namespace {

struct RunCommandOptions {
  std::string study_file, out, cache, executor = "local", extract_shard;
  int jobs = 0;
  SlurmOptions slurm;
};

// The study's cache, beside its study file: every run of the study (and of its variants in that folder)
// reuses it, whatever its output folder; it outlives an interrupted run.
std::string default_cache_folder(const std::string& study_file) {
  return (std::filesystem::path(study_file).parent_path() / "radstudy-cache").string();
}

// --executor slurm: the study file checked here (it reads the tables, no image), then the scripts and sbatch.
int submit_study_to_slurm(const RunCommandOptions& options, const study::CheckedStudy& study,
                          const std::string& cache, const std::string& written_by) {
  cluster::SlurmStudyRequest request;
  request.radstudy = this_executable();
  request.study_file = options.study_file;
  request.out = options.out;
  request.cache = cache;
  request.cases = study.cases.size();
  for (const auto& external : study.external) request.cases += external.cases.size();
  request.tasks = options.slurm.tasks;
  request.resources = options.slurm.resources;
  request.dry_run = options.slurm.dry_run;
  request.written_by = written_by;
  const auto plan = cluster::submit_slurm_study(request);
  std::cout << fmt::format("{} case(s) in {} task(s); scripts: {} and {}\n", request.cases, plan.tasks,
                           plan.array_script, plan.study_script);
  if (request.dry_run) {
    std::cout << fmt::format(
        "dry run: nothing submitted; to submit by hand:\n  array=$(sbatch --parsable {})\n"
        "  sbatch --dependency=afterok:$array {}\n",
        plan.array_script, plan.study_script);
    return kAllDone;
  }
  std::cout << fmt::format(
      "submitted extraction array job {} and study job {} (after the array succeeds): "
      "writes {}\n",
      plan.array_job, plan.study_job, std::filesystem::absolute(options.out).lexically_normal().string());
  return kAllDone;
}

int run_study_command(const RunCommandOptions& options, const std::string& written_by) {
  const std::string cache = options.cache.empty() ? default_cache_folder(options.study_file) : options.cache;
  if (!options.out.empty())
    core::check_outputs({{"--out", options.out, core::OutputKind::kFolder}}, {{"STUDY", options.study_file}});
  const auto study = study::load_study(options.study_file);
  if (options.executor == "slurm") return submit_study_to_slurm(options, study, cache, written_by);
  std::mutex output;
  study::StudyRunOptions run_options;
  run_options.cache_dir = cache;
  run_options.jobs = options.jobs;
  run_options.progress = [&](const std::string& line) {
    std::lock_guard lock(output);
    std::cerr << line << "\n";
  };
  if (!options.extract_shard.empty()) {
    const auto shard = study::parse_shard(options.extract_shard);
    const auto summary = study::extract_study_shard(study, run_options, shard);
    std::cerr << fmt::format("radstudy run: shard {}: {} case(s), {} extracted now, {} failed (cache: {})\n",
                             options.extract_shard, summary.cases, summary.extracted, summary.failed, cache);
    return summary.failed == 0 ? kAllDone : kSomeFailed;
  }
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
  auto* out = add_output_folder(*command, options->out)->required(false);
  command
      ->add_option(
          "--cache", options->cache,
          "Extraction cache: one file per case, reused by the next run with the same images and settings")
      ->type_name("DIR")
      ->default_str("radstudy-cache beside the study file");
  add_jobs(*command, options->jobs, "Cases extracted and models fitted at once");
  auto* executor =
      command
          ->add_option("--executor", options->executor,
                       "Where the work runs: local, or slurm (the extractions as a job array, then the study "
                       "as one job after it; nothing but sbatch runs here)")
          ->check(CLI::IsMember({"local", "slurm"}))
          ->capture_default_str();
  auto* extract_shard =
      command
          ->add_option("--extract-shard", options->extract_shard,
                       "Only the extractions of shard I of N (rows I, I+N, ... of each manifest) into the "
                       "cache; no --out (a task of --executor slurm)")
          ->type_name("I/N");
  for (auto* option : add_slurm_options(*command, options->slurm)) option->needs(executor);
  extract_shard->excludes(executor);
  command->callback([options, out, extract_shard, command] {
    if (extract_shard->count() == 0 && out->count() == 0) throw CLI::ValidationError("--out is required");
    if (extract_shard->count() > 0 && out->count() > 0)
      throw CLI::ValidationError("--extract-shard only fills the cache; give --out to the run that follows");
    if (options->executor != "slurm")
      for (const char* name : {"--tasks", "--cpus-per-task", "--mem", "--time", "--partition", "--account",
                               "--sbatch-arg", "--dry-run"})
        if (command->count(name) > 0)
          throw CLI::ValidationError(fmt::format("{} is an option of --executor slurm", name));
  });
  set_examples(*command,
               "  radstudy run configs/sts_study.yaml --out sts-study\n"
               "  radstudy run study.yaml --out study-results --executor slurm --cpus-per-task 8 --mem 16G");
  return {command, [options, command] {
            return run_study_command(*options, command_line_of("radstudy run", *command));
          }};
}

}  // namespace radstudy::cli
