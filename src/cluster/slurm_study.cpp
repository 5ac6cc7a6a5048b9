#include "cluster/slurm_study.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "cluster/slurm_extract.hpp"
#include "cluster/slurm_queue.hpp"
#include "core/atomic_output.hpp"
#include "core/errors.hpp"

namespace radstudy::cluster {
namespace fs = std::filesystem;

SlurmStudyPlan submit_slurm_study(const SlurmStudyRequest& request) {
  check_resources(request.resources);
  const std::string radstudy = shell_quoted(absolute_path(request.radstudy));
  const std::string study = shell_quoted(absolute_path(request.study_file));
  const std::string cache = absolute_path(request.cache);
  const std::string out = absolute_path(request.out);
  SlurmStudyPlan plan;
  plan.tasks = request.tasks > 0 ? request.tasks : default_task_count(request.cases);
  plan.tasks = std::clamp<std::size_t>(plan.tasks, 1, std::max<std::size_t>(1, request.cases));
  const fs::path slurm_folder = fs::path(cache) / "slurm";
  const std::string logs = (slurm_folder / "logs").string();
  std::error_code error;
  fs::create_directories(logs, error);
  if (error)
    throw InputError(
        fmt::format("{}: cannot make the folder of the scripts and logs ({})", logs, error.message()));
  plan.jobs_file = (slurm_folder / "jobs.json").string();
  if (!request.dry_run) refuse_while_queued(plan.jobs_file, cache);

  const std::string array_script = fmt::format(
      "#!/bin/bash\n"
      "# The extractions of a study as a Slurm job array: task I extracts shard I of {} (rows I, I+{}, ... "
      "of\n"
      "# the manifest and of each external cohort's manifest), with their perturbations or second masks,\n"
      "# into the study's extraction cache. Written by: {}\n"
      "#SBATCH --job-name=radstudy-study-extract\n"
      "#SBATCH --array=1-{}\n"
      "#SBATCH --output={}/extract_%A_%a.out\n"
      "{}\n"
      "status=0\n"
      "{} run {} --extract-shard \"${{SLURM_ARRAY_TASK_ID}}/{}\" --cache {} \\\n"
      "  --jobs \"${{SLURM_CPUS_PER_TASK:-1}}\" || status=$?\n"
      "{}",
      plan.tasks, plan.tasks, request.written_by, plan.tasks, logs,
      sbatch_resource_lines(request.resources, request.resources.cpus_per_task), radstudy, study, plan.tasks,
      shell_quoted(cache), exit_three_is_done("some cases failed; the study leaves them out and names them"));
  const std::string study_script = fmt::format(
      "#!/bin/bash\n"
      "# The study after its extraction array (submitted with --dependency=afterok on it): every extraction "
      "is\n"
      "# read from the cache; cross-validation, permutations and the report run here on --cpus-per-task "
      "cores.\n"
      "# Written by: {}\n"
      "#SBATCH --job-name=radstudy-study\n"
      "#SBATCH --output={}/study_%j.out\n"
      "#SBATCH --kill-on-invalid-dep=yes\n"
      "{}\n"
      "status=0\n"
      "{} run {} --out {} --cache {} --jobs \"${{SLURM_CPUS_PER_TASK:-1}}\" || status=$?\n"
      "{}",
      request.written_by, logs, sbatch_resource_lines(request.resources, request.resources.cpus_per_task),
      radstudy, study, shell_quoted(out), shell_quoted(cache),
      exit_three_is_done("the study is written; some cases failed extraction and are named in it"));
  plan.array_script = (slurm_folder / "extract.sbatch").string();
  plan.study_script = (slurm_folder / "study.sbatch").string();
  core::write_file_atomically(plan.array_script, array_script);
  core::write_file_atomically(plan.study_script, study_script);
  if (request.dry_run) return plan;

  plan.array_job = submit_batch_job({plan.array_script});
  plan.study_job = submit_batch_job({"--dependency=afterok:" + plan.array_job, plan.study_script});
  nlohmann::ordered_json details;
  details["array_job"] = plan.array_job;
  details["study_job"] = plan.study_job;
  details["tasks"] = plan.tasks;
  details["out"] = out;
  record_jobs(plan.jobs_file, {plan.array_job, plan.study_job}, details.dump());
  return plan;
}

}  // namespace radstudy::cluster
