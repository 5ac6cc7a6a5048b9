#pragma once
#include <CLI/CLI.hpp>
#include <cstdint>
#include <iostream>
#include <string>
#include <string_view>

// The options that several subcommands share, declared once so that each has one name, one meaning and
// one default everywhere (docs/cli.md is the table of them, checked against this parser by a test).
namespace radstudy::cli {

// Value names shown in the help: a file or folder read or written. Options of these types are paths,
// left out of the settings hash of the run manifest (--params is hashed by content instead).
inline constexpr const char* kFileValue = "FILE";
inline constexpr const char* kFolderValue = "DIR";
// The description of an old spelling, before the current name: how the parser knows it.
inline constexpr std::string_view kOldSpellingOf = "Old spelling of ";

// An old spelling kept for one release: a hidden option writing the same value, refused together with
// the new name, and a note on standard error when used.
template <typename T>
CLI::Option* add_old_spelling(CLI::App& command, const std::string& old_name, CLI::Option* current,
                              T& value) {
  auto* alias =
      command.add_option(old_name, value, std::string(kOldSpellingOf) + current->get_name())->group("");
  alias->type_name(current->get_type_name());
  alias->each([old_name, name = current->get_name(), command_name = command.get_name()](const std::string&) {
    std::cerr << "radstudy " << command_name << ": note: " << old_name << " is the old spelling of " << name
              << "; it goes in the next release\n";
  });
  return alias;
}
// "--name" of an option, hidden ones (old spellings) included.
std::string long_name(const CLI::Option* option);
// The option of `command` an old spelling stands for (the option itself for a current name). An old
// spelling is a hidden option described "Old spelling of --name".
const CLI::Option* current_spelling(const CLI::App& command, const CLI::Option* option);
// Required, by CLI11 or (for an option with an old spelling) by the "(required)" its help ends with.
bool is_required(const CLI::Option* option);

// Marks `option` required. One with an old spelling is checked after parsing (missing_required_option), as
// either spelling may be given; the help says "(required)" for it.
CLI::Option* required_option(const CLI::App& command, CLI::Option* option);
// The first required option of `command` given under neither spelling; empty when none is missing.
std::string missing_required_option(const CLI::App& command);

// --id-column NAME (default id): the column that names the cases in every table read. `tables` says
// which, e.g. "both tables". Old spelling --id.
CLI::Option* add_id_column(CLI::App& command, std::string& column, const std::string& tables);
// --clinical FILE: one row per case, joined to the other tables by the id column. `old_data_spelling`
// keeps --data, the old name in survival and table1.
CLI::Option* add_clinical(CLI::App& command, std::string& path, const std::string& description,
                          bool old_data_spelling);
// --outcome NAME: the binary endpoint column, 1 = the event to predict. Old spelling --label.
CLI::Option* add_outcome(CLI::App& command, std::string& column, const std::string& description);
// A seed's check: a whole number from 0 to 2^64 - 1, a sign refused (CLI11 wraps -1 to 2^64 - 1).
CLI::Validator unsigned_seed();
// --seed N, checked by unsigned_seed().
CLI::Option* add_seed(CLI::App& command, std::uint64_t& seed, const std::string& description);
// --jobs N: work items at the same time, default all cores; more than the machine gives is cut to that.
CLI::Option* add_jobs(CLI::App& command, int& jobs, const std::string& description);
// --label N: the label value of the region in the mask, 1 to 2^31 - 1 (settings::label_domain).
CLI::Option* add_mask_label(CLI::App& command, int& label);
// --out DIR: an output folder, written whole.
CLI::Option* add_output_folder(CLI::App& command, std::string& path);
// --k N, default 5: stratified folds made by radstudy.
CLI::Option* add_fold_count(CLI::App& command, int& folds);
// --drop-failed: leave out the rows of a feature table whose extraction failed instead of stopping.
CLI::Option* add_drop_failed(CLI::App& command, bool& drop_failed);
// "Example:" and one or more invocations, under the options of `radstudy <command> --help`.
void set_examples(CLI::App& command, const std::string& examples);

// The threads this process may use (affinity and cgroup limits included).
int available_cores();
// `requested` jobs cut to available_cores(), with a note on standard error when cut.
int jobs_to_use(const std::string& command, int requested);

}  // namespace radstudy::cli
