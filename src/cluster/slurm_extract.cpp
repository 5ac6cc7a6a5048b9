#include "cluster/slurm_extract.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "cluster/process.hpp"
#include "core/atomic_output.hpp"
#include "core/errors.hpp"
#include "core/text.hpp"
#include "settings/extraction_settings.hpp"
#include "study/case_extraction.hpp"
#include "study/case_results.hpp"
#include "study/manifest_shard.hpp"

namespace radstudy::cluster {
namespace fs = std::filesystem;
namespace {

std::string absolute_path(const std::string& path) {
  if (path.empty()) return path;
  return fs::absolute(path).lexically_normal().string();
}

// The job id sbatch --parsable prints ("123" or "123;cluster").
std::string submit(const std::vector<std::string>& arguments) {
  const auto result = run_process(arguments);
  const std::string id = core::one_line(result.out.substr(0, result.out.find(';')));
  if (result.exit_code != 0 || id.empty() || !std::all_of(id.begin(), id.end(), ::isdigit))
    throw InputError(fmt::format("sbatch refused the job (exit {}): {}; see the script {}", result.exit_code,
                                 core::one_line(result.err + " " + result.out), arguments.back()));
  return id;
}

// The ids among `jobs` that Slurm still has queued or running (squeue); empty when squeue is absent.
std::vector<std::string> jobs_in_queue(const std::vector<std::string>& jobs) {
  if (jobs.empty()) return {};
  ProcessResult result;
  try {
    result =
        run_process({"squeue", "--noheader", "--format=%F", fmt::format("--jobs={}", fmt::join(jobs, ","))});
  } catch (const InputError&) {
    return {};
  }
  // squeue exits non-zero for ids it no longer knows: those jobs have left the queue.
  std::set<std::string> queued;
  std::istringstream lines(result.out);
  for (std::string line; std::getline(lines, line);)
    if (!core::one_line(line).empty()) queued.insert(core::one_line(line));
  std::vector<std::string> still;
  for (const auto& job : jobs)
    if (queued.count(job)) still.push_back(job);
  return still;
}

std::vector<std::string> recorded_jobs(const std::string& jobs_file) {
  std::ifstream in(jobs_file);
  if (!in) return {};
  try {
    const auto json = nlohmann::json::parse(in);
    std::vector<std::string> jobs;
    for (const char* key : {"array_job", "merge_job"})
      if (json.contains(key) && json[key].is_string() && !json[key].get<std::string>().empty())
        jobs.push_back(json[key].get<std::string>());
    return jobs;
  } catch (const std::exception&) {
    return {};
  }
}

}  // namespace

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
  job.tasks =
      request.tasks > 0 ? request.tasks : (cases.size() + kDefaultCasesPerTask - 1) / kDefaultCasesPerTask;
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
  if (!request.dry_run)
    if (const auto queued = jobs_in_queue(recorded_jobs(plan.jobs_file)); !queued.empty())
      throw InputError(fmt::format(
          "{}: job(s) {} of an earlier submission are still queued or running; wait for them to end "
          "(squeue --jobs={}) or cancel them (scancel {}) before submitting again",
          job.results, fmt::join(queued, ", "), fmt::join(queued, ","), fmt::join(queued, " ")));

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

  if (!plan.shards.empty()) plan.array_job = submit({"sbatch", "--parsable", plan.array_script});
  std::vector<std::string> merge_arguments = {"sbatch", "--parsable"};
  if (!plan.array_job.empty()) merge_arguments.push_back("--dependency=afterok:" + plan.array_job);
  merge_arguments.push_back(plan.merge_script);
  plan.merge_job = submit(merge_arguments);

  nlohmann::ordered_json record;
  record["array_job"] = plan.array_job;
  record["merge_job"] = plan.merge_job;
  record["tasks"] = plan.tasks;
  record["shards"] = plan.shards;
  record["cases"] = plan.cases;
  record["to_extract"] = plan.to_extract;
  core::write_file_atomically(plan.jobs_file, record.dump(2) + "\n");
  return plan;
}

}  // namespace radstudy::cluster
