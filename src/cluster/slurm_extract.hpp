#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "cluster/slurm_scripts.hpp"

// radstudy slurm extract: the extraction of a manifest as a Slurm job array and a dependent merge.
// On the login node it only reads the manifest, the parameter file and the results folder's case files
// (their first line), writes the scripts and calls sbatch; the tasks do the work.
namespace radstudy::cluster {

struct SlurmExtractRequest {
  std::string radstudy;  // the executable the tasks run
  std::string manifest, params, results, out;
  bool diagnostics = false;
  std::size_t tasks = 0;  // 0: one task per kDefaultCasesPerTask cases
  SlurmResources resources;
  bool dry_run = false;
  std::string written_by;
};

// The task count radstudy picks when --tasks is not given: one task per kDefaultCasesPerTask cases, at
// least kMinimumDefaultTasks (or one per case when there are fewer). docs/design.md gives the cost model.
inline constexpr std::size_t kDefaultCasesPerTask = 100;
inline constexpr std::size_t kMinimumDefaultTasks = 8;
std::size_t default_task_count(std::size_t cases);

struct SlurmExtractPlan {
  std::size_t cases = 0, done = 0, failed = 0, to_extract = 0;
  std::size_t tasks = 0;
  std::vector<std::size_t> shards;  // those with a case to extract, submitted as the array
  std::string array_script, merge_script, jobs_file;
  std::string array_job, merge_job;  // ids; empty in a dry run (and the array's when nothing is left)
};

// Writes RESULTS/slurm/extract.sbatch and merge.sbatch and submits them (unless dry_run): the array over
// the shards holding a case without a kept result (all of them the first time), then the merge with
// --dependency=afterok on the array. The job ids go to RESULTS/slurm/jobs.json; a rerun while those jobs
// are still queued or running is refused (InputError), so a shard is never run twice at once.
SlurmExtractPlan submit_slurm_extract(const SlurmExtractRequest& request);

}  // namespace radstudy::cluster
