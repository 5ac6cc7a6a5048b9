#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/slurm_options.hpp"
#include "cluster/slurm_extract.hpp"
#include "core/atomic_output.hpp"
#include "core/errors.hpp"

namespace radstudy::cli {
namespace {

struct SlurmExtractOptions {
  cluster::SlurmExtractRequest request;
  SlurmOptions slurm;
};

int run_slurm_extract(SlurmExtractOptions options, const std::string& written_by) {
  auto& request = options.request;
  request.tasks = options.slurm.tasks;
  request.resources = options.slurm.resources;
  request.dry_run = options.slurm.dry_run;
  request.radstudy = this_executable();
  request.written_by = written_by;
  core::check_outputs({{"--out", request.out, core::OutputKind::kFile}},
                      {{"--manifest", request.manifest}, {"--params", request.params}});
  const auto plan = cluster::submit_slurm_extract(request);
  std::cout << fmt::format("{} case(s): {} done, {} failed (kept), {} to extract in {} of {} task(s)\n",
                           plan.cases, plan.done, plan.failed, plan.to_extract, plan.shards.size(),
                           plan.tasks);
  std::cout << fmt::format("scripts: {} and {}\n", plan.array_script, plan.merge_script);
  if (request.dry_run) {
    std::cout << "dry run: nothing submitted; to submit by hand:\n";
    if (!plan.shards.empty())
      std::cout << fmt::format("  array=$(sbatch --parsable {})\n  sbatch --dependency=afterok:$array {}\n",
                               plan.array_script, plan.merge_script);
    else
      std::cout << fmt::format("  sbatch {}\n", plan.merge_script);
    return kAllDone;
  }
  if (!plan.array_job.empty())
    std::cout << fmt::format("submitted extraction array job {} (shards {})\n", plan.array_job,
                             cluster::array_ranges(plan.shards));
  else
    std::cout << "every case has its result: no extraction submitted\n";
  std::cout << fmt::format("submitted merge job {}{}: writes {}\n", plan.merge_job,
                           plan.array_job.empty() ? "" : " (after the array succeeds)",
                           std::filesystem::absolute(request.out).lexically_normal().string());
  return kAllDone;
}

}  // namespace

Command add_slurm_command(CLI::App& app) {
  auto* command = app.add_subcommand(
      "slurm", "Run a step on a Slurm cluster: scripts for sbatch, a job array and its merge, submitted");
  command->require_subcommand(1);
  auto options = std::make_shared<SlurmExtractOptions>();
  auto& request = options->request;
  auto* extract = command->add_subcommand(
      "extract",
      "radstudy extract of a manifest as a Slurm job array (task I = shard I/N, one result file per case in "
      "--results) and a merge job after it (--dependency=afterok); a rerun submits only the shards with "
      "cases "
      "still to extract");
  extract->add_option("--manifest", request.manifest, "CSV with columns id,image,mask[,roi][,label]")
      ->type_name(kFileValue)
      ->required();
  extract->add_option("--params", request.params, "PyRadiomics-style YAML parameter file")
      ->type_name(kFileValue)
      ->default_str("PyRadiomics' defaults");
  extract->add_flag("--diagnostics", request.diagnostics,
                    "Add diagnostics columns (settings, versions, sizes)");
  extract->add_option("--out", request.out, "The merged feature table, written by the merge job")
      ->type_name(kFileValue)
      ->required();
  extract
      ->add_option("--results", request.results,
                   "Folder of per-case results (made when missing); the scripts and logs go to its slurm/")
      ->type_name(kFolderValue)
      ->required();
  add_slurm_options(*extract, options->slurm);
  set_examples(
      *extract,
      "  radstudy slurm extract --manifest cases.csv --params params.yaml --results results/ "
      "--out features.csv --tasks 40 --mem 8G --time 04:00:00\n"
      "  radstudy slurm extract --manifest cases.csv --results results/ --out features.csv --dry-run");
  set_examples(*command,
               "  radstudy slurm extract --manifest cases.csv --results results/ --out features.csv");
  return {command, [options, extract] {
            return run_slurm_extract(*options, command_line_of("radstudy slurm extract", *extract));
          }};
}

}  // namespace radstudy::cli
