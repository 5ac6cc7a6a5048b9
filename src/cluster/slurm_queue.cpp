#include "cluster/slurm_queue.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "cluster/process.hpp"
#include "core/atomic_output.hpp"
#include "core/errors.hpp"
#include "core/text.hpp"

namespace radstudy::cluster {
namespace {

std::vector<std::string> recorded_jobs(const std::string& jobs_file) {
  std::ifstream in(jobs_file);
  if (!in) return {};
  try {
    const auto json = nlohmann::json::parse(in);
    std::vector<std::string> jobs;
    if (json.contains("jobs") && json["jobs"].is_array())
      for (const auto& job : json["jobs"])
        if (job.is_string() && !job.get<std::string>().empty()) jobs.push_back(job.get<std::string>());
    return jobs;
  } catch (const std::exception&) {
    return {};
  }
}

}  // namespace

std::string submit_batch_job(const std::vector<std::string>& arguments) {
  std::vector<std::string> command = {"sbatch", "--parsable"};
  command.insert(command.end(), arguments.begin(), arguments.end());
  const auto result = run_process(command);
  const std::string id = core::one_line(result.out.substr(0, result.out.find(';')));
  if (result.exit_code != 0 || id.empty() || !std::all_of(id.begin(), id.end(), ::isdigit))
    throw InputError(fmt::format("sbatch refused the job (exit {}): {}; see the script {}", result.exit_code,
                                 core::one_line(result.err + " " + result.out), arguments.back()));
  return id;
}

void refuse_while_queued(const std::string& jobs_file, const std::string& folder) {
  const auto jobs = recorded_jobs(jobs_file);
  if (jobs.empty()) return;
  ProcessResult result;
  try {
    result =
        run_process({"squeue", "--noheader", "--format=%F", fmt::format("--jobs={}", fmt::join(jobs, ","))});
  } catch (const InputError&) {
    return;
  }
  // squeue exits non-zero for ids it no longer knows: those jobs have left the queue.
  std::set<std::string> queued;
  std::istringstream lines(result.out);
  for (std::string line; std::getline(lines, line);)
    if (!core::one_line(line).empty()) queued.insert(core::one_line(line));
  std::vector<std::string> still;
  for (const auto& job : jobs)
    if (queued.count(job)) still.push_back(job);
  if (!still.empty())
    throw InputError(fmt::format(
        "{}: job(s) {} of an earlier submission are still queued or running; wait for them to end "
        "(squeue --jobs={}) or cancel them (scancel {}) before submitting again",
        folder, fmt::join(still, ", "), fmt::join(still, ","), fmt::join(still, " ")));
}

void record_jobs(const std::string& jobs_file, const std::vector<std::string>& job_ids,
                 const std::string& details_json) {
  nlohmann::ordered_json record;
  std::vector<std::string> ids;
  for (const auto& id : job_ids)
    if (!id.empty()) ids.push_back(id);
  record["jobs"] = ids;
  record["details"] = nlohmann::ordered_json::parse(details_json);
  core::write_file_atomically(jobs_file, record.dump(2) + "\n");
}

}  // namespace radstudy::cluster
