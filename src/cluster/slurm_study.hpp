#pragma once
#include <cstddef>
#include <string>

#include "cluster/slurm_scripts.hpp"

// radstudy run STUDY --executor slurm: the study's extractions as a job array (task I runs
// `radstudy run STUDY --extract-shard I/N`, filling the study's extraction cache), then the study itself as
// one job after it (--dependency=afterok), which finds every extraction in the cache.
namespace radstudy::cluster {

struct SlurmStudyRequest {
  std::string radstudy;    // the executable the tasks run
  std::string study_file;  // checked by the caller
  std::string out, cache;
  std::size_t cases = 0;  // of the cohort and the external cohorts
  std::size_t tasks = 0;  // 0: cluster::default_task_count
  SlurmResources resources;
  bool dry_run = false;
  std::string written_by;
};

struct SlurmStudyPlan {
  std::size_t tasks = 0;
  std::string array_script, study_script, jobs_file;
  std::string array_job, study_job;  // empty in a dry run
};

// Writes CACHE/slurm/extract.sbatch and study.sbatch and submits them (unless dry_run). Every shard is
// submitted: a task whose cases are all in the cache only reads their files to check their keys.
SlurmStudyPlan submit_slurm_study(const SlurmStudyRequest& request);

}  // namespace radstudy::cluster
