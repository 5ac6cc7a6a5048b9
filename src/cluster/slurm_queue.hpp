#pragma once
#include <string>
#include <vector>

// Slurm's own commands, as radstudy's submissions use them: sbatch, squeue, and the record of the jobs
// of a submission (jobs.json) that lets a rerun refuse while they are still queued or running.
namespace radstudy::cluster {

// Runs sbatch --parsable with `arguments` (options, then the script) and returns the job id.
// InputError with sbatch's message when it refuses.
std::string submit_batch_job(const std::vector<std::string>& arguments);

// InputError when a job recorded in `jobs_file` is still queued or running (squeue), naming them and how
// to wait or cancel; nothing when the file or squeue is absent.
void refuse_while_queued(const std::string& jobs_file, const std::string& folder);

// Writes the ids (and what else the submission wants to keep) to `jobs_file`, as JSON.
void record_jobs(const std::string& jobs_file, const std::vector<std::string>& job_ids,
                 const std::string& details_json);

}  // namespace radstudy::cluster
