#pragma once
#include <CLI/CLI.hpp>
#include <cstddef>
#include <string>

#include "cluster/slurm_scripts.hpp"

namespace radstudy::cli {

// The options of a Slurm submission, the same in `radstudy slurm extract` and `radstudy run --executor
// slurm`: --tasks, --cpus-per-task, --mem, --time, --partition, --account, --sbatch-arg, --dry-run.
struct SlurmOptions {
  std::size_t tasks = 0;  // 0: cluster::default_task_count
  cluster::SlurmResources resources;
  bool dry_run = false;
};
// The options added, so that a command can make them need another (run's --executor slurm).
std::vector<CLI::Option*> add_slurm_options(CLI::App& command, SlurmOptions& options);

// The path of the running radstudy executable (what the tasks run).
std::string this_executable();

// "radstudy slurm extract --manifest cases.csv ...": the options given to `command`, for a script's header.
std::string command_line_of(const std::string& prefix, const CLI::App& command);

}  // namespace radstudy::cli
