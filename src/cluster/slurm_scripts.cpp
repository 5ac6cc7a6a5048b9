#include "cluster/slurm_scripts.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <regex>

#include "core/errors.hpp"

namespace radstudy::cluster {
namespace {

std::string optional_arguments(const ExtractJob& job) {
  std::string text;
  if (!job.params.empty()) text += " --params " + shell_quoted(job.params);
  if (job.diagnostics) text += " --diagnostics";
  return text;
}

}  // namespace

std::string absolute_path(const std::string& path) {
  if (path.empty()) return path;
  return std::filesystem::absolute(path).lexically_normal().string();
}

std::string sbatch_resource_lines(const SlurmResources& resources, int cpus) {
  std::string text;
  text += fmt::format("#SBATCH --cpus-per-task={}\n", cpus);
  text += fmt::format("#SBATCH --mem={}\n", resources.memory);
  text += fmt::format("#SBATCH --time={}\n", resources.time);
  if (!resources.partition.empty()) text += fmt::format("#SBATCH --partition={}\n", resources.partition);
  if (!resources.account.empty()) text += fmt::format("#SBATCH --account={}\n", resources.account);
  for (const auto& argument : resources.sbatch_arguments) text += fmt::format("#SBATCH {}\n", argument);
  return text;
}

std::string exit_three_is_done(const std::string& why) {
  return fmt::format(
      "# 3: {}\n"
      "if [ \"$status\" -eq 3 ]; then exit 0; fi\n"
      "exit \"$status\"\n",
      why);
}

void check_resources(const SlurmResources& resources) {
  if (resources.cpus_per_task < 1 || resources.cpus_per_task > 1024)
    throw ConfigError(fmt::format("--cpus-per-task {}: give 1 to 1024", resources.cpus_per_task));
  if (!std::regex_match(resources.memory, std::regex("[0-9]+[KMGT]?")))
    throw ConfigError(fmt::format("--mem {}: give a size as sbatch takes it, e.g. 4000 (MB), 4000M or 4G",
                                  resources.memory));
  if (!std::regex_match(resources.time,
                        std::regex("[0-9]+(:[0-9]{1,2}){0,2}|[0-9]+-[0-9]{1,2}(:[0-9]{1,2}){0,2}")))
    throw ConfigError(fmt::format(
        "--time {}: give a time limit as sbatch takes it: MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS",
        resources.time));
  const std::regex name("[A-Za-z0-9_.,+-]+");
  if (!resources.partition.empty() && !std::regex_match(resources.partition, name))
    throw ConfigError(fmt::format("--partition {}: not a partition name (letters, digits, _ . , + -)",
                                  resources.partition));
  if (!resources.account.empty() && !std::regex_match(resources.account, name))
    throw ConfigError(
        fmt::format("--account {}: not an account name (letters, digits, _ . , + -)", resources.account));
  for (const auto& argument : resources.sbatch_arguments)
    if (!argument.starts_with("-") || argument.find_first_of("\n\r") != std::string::npos)
      throw ConfigError(fmt::format(
          "--sbatch-arg {}: give one sbatch option per --sbatch-arg, starting with - (e.g. --qos=long)",
          argument));
}

std::string shell_quoted(const std::string& text) {
  std::string quoted = "'";
  for (const char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

std::string array_ranges(const std::vector<std::size_t>& shards) {
  std::string text;
  for (std::size_t k = 0; k < shards.size();) {
    std::size_t last = k;
    while (last + 1 < shards.size() && shards[last + 1] == shards[last] + 1) ++last;
    if (!text.empty()) text += ",";
    text += last == k ? fmt::format("{}", shards[k]) : fmt::format("{}-{}", shards[k], shards[last]);
    k = last + 1;
  }
  return text;
}

std::string extract_array_script(const ExtractJob& job) {
  std::string text = "#!/bin/bash\n";
  text += fmt::format(
      "# radstudy extract as a Slurm job array: task I extracts shard I of {} (the manifest's data rows I,\n"
      "# I+{}, I+{}, ...) into the results folder, one file per case, written as each case finishes. A case\n"
      "# whose file is already there for these settings and files is not extracted again.\n"
      "# Written by: {}\n",
      job.tasks, job.tasks, 2 * job.tasks, job.written_by);
  text += "#SBATCH --job-name=radstudy-extract\n";
  text += fmt::format("#SBATCH --array={}\n", array_ranges(job.shards));
  text += fmt::format("#SBATCH --output={}/extract_%A_%a.out\n", job.logs);
  text += sbatch_resource_lines(job.resources, job.resources.cpus_per_task);
  text += "\nstatus=0\n";
  text += fmt::format(
      "{} extract --manifest {}{} --results {} \\\n"
      "  --shard \"${{SLURM_ARRAY_TASK_ID}}/{}\" --jobs \"${{SLURM_CPUS_PER_TASK:-1}}\" || status=$?\n",
      shell_quoted(job.radstudy), shell_quoted(job.manifest), optional_arguments(job),
      shell_quoted(job.results), job.tasks);
  text += exit_three_is_done(
      "some cases failed; their error rows are in the results folder and the merge names them, so the\n"
      "# task has done its work.");
  return text;
}

std::string merge_script(const ExtractJob& job) {
  std::string text = "#!/bin/bash\n";
  text += fmt::format(
      "# radstudy merge after the extraction array (submitted with --dependency=afterok on it): the feature\n"
      "# table of the whole manifest from the results folder, the same bytes as one radstudy extract run.\n"
      "# Written by: {}\n",
      job.written_by);
  text += "#SBATCH --job-name=radstudy-merge\n";
  text += fmt::format("#SBATCH --output={}/merge_%j.out\n", job.logs);
  text += "#SBATCH --kill-on-invalid-dep=yes\n";
  text += sbatch_resource_lines(job.resources, 1);
  text += "\nstatus=0\n";
  text += fmt::format("{} merge --results {} --manifest {}{} --out {} || status=$?\n",
                      shell_quoted(job.radstudy), shell_quoted(job.results), shell_quoted(job.manifest),
                      optional_arguments(job), shell_quoted(job.out));
  text += exit_three_is_done("the table is written; some cases failed and carry their error.");
  return text;
}

}  // namespace radstudy::cluster
