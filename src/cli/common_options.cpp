#include "cli/common_options.hpp"

#include <fmt/format.h>
#include <tbb/info.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <iostream>
#include <string_view>

#include "settings/extraction_settings.hpp"

namespace radstudy::cli {
namespace {
constexpr std::string_view kRequiredMark = " (required)";

// The old spellings of `current` in `command`.
std::vector<const CLI::Option*> old_spellings_of(const CLI::App& command, const CLI::Option* current) {
  std::vector<const CLI::Option*> found;
  for (const CLI::Option* option : command.get_options())
    if (option != current && current_spelling(command, option) == current) found.push_back(option);
  return found;
}
}  // namespace

std::string long_name(const CLI::Option* option) {
  return option->get_lnames().empty() ? option->get_name() : "--" + option->get_lnames().front();
}

const CLI::Option* current_spelling(const CLI::App& command, const CLI::Option* option) {
  const std::string& description = option->get_description();
  if (!option->get_group().empty() || description.rfind(kOldSpellingOf, 0) != 0) return option;
  const CLI::Option* current = command.get_option_no_throw(description.substr(kOldSpellingOf.size()));
  return current ? current : option;
}

bool is_required(const CLI::Option* option) {
  return option->get_required() || option->get_description().ends_with(kRequiredMark);
}

CLI::Option* required_option(const CLI::App& command, CLI::Option* option) {
  if (old_spellings_of(command, option).empty()) return option->required();
  return option->description(option->get_description() + std::string(kRequiredMark));
}

std::string missing_required_option(const CLI::App& command) {
  for (const CLI::Option* option : command.get_options()) {
    if (option->get_required() || !is_required(option) || option->count() > 0) continue;
    const auto old = old_spellings_of(command, option);
    if (std::none_of(old.begin(), old.end(), [](const CLI::Option* o) { return o->count() > 0; }))
      return option->get_name();
  }
  return "";
}

CLI::Option* add_id_column(CLI::App& command, std::string& column, const std::string& tables) {
  auto* option = command.add_option("--id-column", column, "Column naming the cases in " + tables)
                     ->type_name("NAME")
                     ->capture_default_str();
  add_old_spelling(command, "--id", option, column);
  return option;
}

CLI::Option* add_clinical(CLI::App& command, std::string& path, const std::string& description,
                          bool old_data_spelling) {
  auto* option = command.add_option("--clinical", path, description)->type_name(kFileValue);
  if (old_data_spelling) add_old_spelling(command, "--data", option, path);
  return option;
}

CLI::Option* add_outcome(CLI::App& command, std::string& column, const std::string& description) {
  auto* option = command.add_option("--outcome", column, description)->type_name("NAME");
  add_old_spelling(command, "--label", option, column);
  return option;
}

CLI::Validator unsigned_seed() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        const auto first = value.find_first_not_of(" \t");
        if (first != std::string::npos && (value[first] == '-' || value[first] == '+'))
          return "a seed is a whole number from 0 to 18446744073709551615, without a sign; got " + value;
        return "";
      },
      "");
}

CLI::Option* add_seed(CLI::App& command, std::uint64_t& seed, const std::string& description) {
  return command.add_option("--seed", seed, description)->check(unsigned_seed())->capture_default_str();
}

CLI::Option* add_jobs(CLI::App& command, int& jobs, const std::string& description) {
  jobs = available_cores();
  const CLI::Validator cut_to_cores(
      [command_name = command.get_name()](std::string& value) -> std::string {
        char* end = nullptr;
        const long requested = std::strtol(value.c_str(), &end, 10);
        if (end != value.c_str() && *end == '\0' && requested > available_cores() && requested <= 4096)
          value = std::to_string(jobs_to_use(command_name, static_cast<int>(requested)));
        return "";  // anything else is left to the range check
      },
      "");
  return command.add_option("--jobs", jobs, description)
      ->type_name("N")
      ->check(CLI::Range(1, 4096))
      ->transform(cut_to_cores)
      ->default_str("all cores");
}

CLI::Option* add_mask_label(CLI::App& command, int& label) {
  const CLI::Validator label_range(
      [](std::string& value) -> std::string {
        char* end = nullptr;
        errno = 0;
        const long long number = std::strtoll(value.c_str(), &end, 10);
        if (end == value.c_str() || *end != '\0' || errno == ERANGE)
          return fmt::format("'{}' is not a whole number; {}", value, settings::label_domain());
        if (number < settings::kMinLabel || number > settings::kMaxLabel)
          return fmt::format("{} is out of range; {}", value, settings::label_domain());
        return "";
      },
      "");
  return command.add_option("--label", label, "Label value of the region in the mask")
      ->type_name("N")
      ->check(label_range)
      ->default_str("the parameter file's, else 1");
}

CLI::Option* add_output_folder(CLI::App& command, std::string& path) {
  return command
      .add_option("--out", path, "Output folder, written whole (radstudy-run.json lists its files)")
      ->type_name(kFolderValue)
      ->required();
}

CLI::Option* add_fold_count(CLI::App& command, int& folds) {
  folds = 5;
  return command.add_option("--k", folds, "Number of stratified folds made by radstudy")
      ->type_name("N")
      ->check(CLI::Range(2, 1000))
      ->capture_default_str();
}

CLI::Option* add_drop_failed(CLI::App& command, bool& drop_failed) {
  return command.add_flag(
      "--drop-failed", drop_failed,
      "Leave out the cases whose extraction failed (rows with an error) instead of stopping");
}

void set_examples(CLI::App& command, const std::string& examples) {
  command.footer("Example:\n" + examples);
}

int available_cores() {
  return std::max(1, tbb::info::default_concurrency());
}

int jobs_to_use(const std::string& command, int requested) {
  const int cores = available_cores();
  if (requested <= cores) return requested;
  std::cerr << "radstudy " << command << ": note: --jobs " << requested << ": this machine gives " << cores
            << " core(s); using " << cores << "\n";
  return cores;
}

}  // namespace radstudy::cli
