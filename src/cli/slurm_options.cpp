#include "cli/slurm_options.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "cluster/slurm_extract.hpp"
#include "core/errors.hpp"

namespace radstudy::cli {

std::vector<CLI::Option*> add_slurm_options(CLI::App& command, SlurmOptions& options) {
  auto& resources = options.resources;
  std::vector<CLI::Option*> added;
  added.push_back(command.add_option("--tasks", options.tasks, "Array tasks (shards of the manifest)")
                      ->type_name("N")
                      ->default_str(fmt::format("one per {} cases, at least {}",
                                                cluster::kDefaultCasesPerTask, cluster::kMinimumDefaultTasks))
                      ->check(CLI::Range(1, 100000)));
  added.push_back(
      command.add_option("--cpus-per-task", resources.cpus_per_task, "CPUs of each task (its --jobs)")
          ->type_name("N")
          ->check(CLI::Range(1, 1024))
          ->capture_default_str());
  added.push_back(command.add_option("--mem", resources.memory, "Memory of each task, as sbatch --mem")
                      ->type_name("SIZE")
                      ->capture_default_str());
  added.push_back(command.add_option("--time", resources.time, "Time limit of each task, as sbatch --time")
                      ->type_name("TIME")
                      ->capture_default_str());
  added.push_back(command.add_option("--partition", resources.partition, "Slurm partition")
                      ->type_name("NAME")
                      ->default_str("the cluster's default"));
  added.push_back(command.add_option("--account", resources.account, "Slurm account")
                      ->type_name("NAME")
                      ->default_str("yours by default"));
  added.push_back(command
                      .add_option("--sbatch-arg", resources.sbatch_arguments,
                                  "Another sbatch option for every script, e.g. --qos=long (repeat for more)")
                      ->type_name("ARG")
                      ->allow_extra_args(false));
  added.push_back(
      command.add_flag("--dry-run", options.dry_run, "Write the scripts only; print the sbatch commands"));
  return added;
}

std::string this_executable() {
  std::error_code error;
  const auto path = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) throw InputError("cannot tell the path of the radstudy executable (/proc/self/exe)");
  return path.string();
}

std::string command_line_of(const std::string& prefix, const CLI::App& command) {
  std::string text = prefix;
  for (const CLI::Option* option : command.get_options()) {
    if (option->count() == 0) continue;
    for (const auto& value : option->results()) {
      if (option->get_expected_min() == 0) {
        text += " " + option->get_name();
        break;
      }
      text += (option->get_name().starts_with("-") ? " " + option->get_name() + " " : " ") +
              (value.find_first_of(" '\"") == std::string::npos ? value : cluster::shell_quoted(value));
    }
  }
  return text;
}

}  // namespace radstudy::cli
