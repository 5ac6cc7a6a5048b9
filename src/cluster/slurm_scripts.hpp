#pragma once
#include <cstddef>
#include <string>
#include <vector>

// The sbatch scripts of radstudy's Slurm jobs: readable shell scripts a user can inspect, edit and submit
// by hand, every path absolute and quoted for the shell.
namespace radstudy::cluster {

// What each task of a job asks of Slurm.
struct SlurmResources {
  int cpus_per_task = 2;
  std::string memory = "4G";      // --mem, per task
  std::string time = "02:00:00";  // --time, per task
  std::string partition;          // empty: the cluster's default
  std::string account;
  std::vector<std::string> sbatch_arguments;  // more #SBATCH lines, e.g. --qos=long
};

// ConfigError naming the option when a value would not be a valid sbatch option (or could break the
// script): memory as 4000, 4000M or 4G; time as Slurm writes it (MM, MM:SS, HH:MM:SS, D-HH[:MM[:SS]]);
// partition and account names without blanks or quotes; extra arguments starting with "-".
void check_resources(const SlurmResources& resources);

// `text` as one shell word: in single quotes, a quote inside written '\''.
std::string shell_quoted(const std::string& text);

// `path` absolute and normalised (empty stays empty): what a task on another node can open.
std::string absolute_path(const std::string& path);

// The #SBATCH lines of `resources` for a job of `cpus` CPUs per task.
std::string sbatch_resource_lines(const SlurmResources& resources, int cpus);

// A script's last lines: exit 0 when the command ended with 3 (done, some cases failed, as `why` says in a
// comment), else the command's status.
std::string exit_three_is_done(const std::string& why);

// Shards as Slurm's --array list: {1, 2, 3, 5} -> "1-3,5".
std::string array_ranges(const std::vector<std::size_t>& shards);

// The extraction as a job array: task I runs `radstudy extract --shard I/N --results`.
struct ExtractJob {
  std::string radstudy;                        // the executable the tasks run (absolute)
  std::string manifest, params, results, out;  // absolute; params empty for PyRadiomics' defaults
  bool diagnostics = false;
  std::size_t tasks = 1;            // N
  std::vector<std::size_t> shards;  // the array's task ids (1 to N)
  std::string logs;                 // folder of the tasks' logs
  std::string written_by;           // the command line that wrote the scripts
  SlurmResources resources;
};
std::string extract_array_script(const ExtractJob& job);
// The merge (radstudy merge), submitted with --dependency=afterok on the array.
std::string merge_script(const ExtractJob& job);

}  // namespace radstudy::cluster
