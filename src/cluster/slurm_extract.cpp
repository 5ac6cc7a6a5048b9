#include "cluster/slurm_extract.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "cluster/slurm_queue.hpp"
#include "core/atomic_output.hpp"
#include "core/errors.hpp"
#include "core/text.hpp"
#include "settings/extraction_settings.hpp"
#include "study/case_extraction.hpp"
#include "study/case_results.hpp"
#include "study/manifest_shard.hpp"

namespace radstudy::cluster {
namespace fs = std::filesystem;
std::size_t default_task_count(std::size_t cases) {
  return std::max((cases + kDefaultCasesPerTask - 1) / kDefaultCasesPerTask,
                  std::min(cases, kMinimumDefaultTasks));
}

SlurmExtractPlan submit_slurm_extract(const SlurmExtractRequest& request) {
  check_resources(request.resources);
  const auto settings = request.params.empty() ? settings::default_extraction_settings()
                                               : settings::load_extraction_settings(request.params);
  const auto columns = study::feature_columns(settings);
  const std::string settings_hash = study::results_settings_hash(settings, columns, request.diagnostics);
  const auto cases = study::read_manifest(request.manifest);
  if (cases.empty()) throw InputError(fmt::format("{}: the manifest has no case", request.manifest));

  ExtractJob job;
  job.radstudy = absolute_path(request.radstudy);
  job.manifest = absolute_path(request.manifest);
  job.params = absolute_path(request.params);
  job.results = absolute_path(request.results);
  job.out = absolute_path(request.out);
  job.diagnostics = request.diagnostics;
  job.resources = request.resources;
  job.written_by = request.written_by;
  job.tasks = request.tasks > 0 ? request.tasks : default_task_count(cases.size());
  job.tasks = std::min(job.tasks, cases.size());

  const std::string header = study::feature_table_csv({}, columns, request.diagnostics);
  study::prepare_results_folder(job.results, settings_hash, header.substr(0, header.size() - 1));
  const fs::path slurm_folder = fs::path(job.results) / "slurm";
  job.logs = (slurm_folder / "logs").string();
  std::error_code error;
  fs::create_directories(job.logs, error);
  if (error)
    throw InputError(
        fmt::format("{}: cannot make the folder of the scripts and logs ({})", job.logs, error.message()));

  SlurmExtractPlan plan;
  plan.cases = cases.size();
  plan.tasks = job.tasks;
  plan.jobs_file = (slurm_folder / "jobs.json").string();
  if (!request.dry_run) refuse_while_queued(plan.jobs_file, job.results);

  const auto states = study::case_result_states(job.results, cases, settings_hash);
  std::set<std::size_t> shards;
  for (std::size_t row = 0; row < cases.size(); ++row) {
    switch (states[row].state) {
      case study::CaseResultState::kDone:
        ++plan.done;
        break;
      case study::CaseResultState::kFailed:
        ++plan.failed;
        break;
      default:
        ++plan.to_extract;
        shards.insert(study::shard_of_row(row, job.tasks));
    }
  }
  plan.shards.assign(shards.begin(), shards.end());
  job.shards = plan.shards;
  if (job.shards
          .empty())  // nothing left to extract: the script written covers every shard, for a rerun by hand
    for (std::size_t shard = 1; shard <= job.tasks; ++shard) job.shards.push_back(shard);

  plan.array_script = (slurm_folder / "extract.sbatch").string();
  plan.merge_script = (slurm_folder / "merge.sbatch").string();
  core::write_file_atomically(plan.array_script, extract_array_script(job));
  core::write_file_atomically(plan.merge_script, merge_script(job));
  if (request.dry_run) return plan;

  if (!plan.shards.empty()) plan.array_job = submit_batch_job({plan.array_script});
  std::vector<std::string> merge_arguments;
  if (!plan.array_job.empty()) merge_arguments.push_back("--dependency=afterok:" + plan.array_job);
  merge_arguments.push_back(plan.merge_script);
  plan.merge_job = submit_batch_job(merge_arguments);

  nlohmann::ordered_json details;
  details["array_job"] = plan.array_job;
  details["merge_job"] = plan.merge_job;
  details["tasks"] = plan.tasks;
  details["shards"] = plan.shards;
  details["cases"] = plan.cases;
  details["to_extract"] = plan.to_extract;
  record_jobs(plan.jobs_file, {plan.array_job, plan.merge_job}, details.dump());
  return plan;
}

}  // namespace radstudy::cluster
