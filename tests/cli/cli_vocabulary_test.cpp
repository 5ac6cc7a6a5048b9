#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli/command_line.hpp"
#include "cli/common_options.hpp"
#include "test_data.hpp"

namespace {

using namespace radstudy;

// One row of docs/cli.md's option tables, or the same facts read from the parser.
struct OptionRow {
  std::string value, default_value, required;
  std::string meaning;  // not compared: the document may say more than the help
  bool operator==(const OptionRow& other) const {
    return value == other.value && default_value == other.default_value && required == other.required;
  }
};
using Vocabulary = std::map<std::string, std::map<std::string, OptionRow>>;  // command -> option -> row

std::string trimmed(std::string text) {
  const auto first = text.find_first_not_of(" `");
  const auto last = text.find_last_not_of(" `");
  return first == std::string::npos ? "" : text.substr(first, last - first + 1);
}

std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> found;
  std::stringstream stream(line.substr(1));
  for (std::string cell; std::getline(stream, cell, '|');) found.push_back(trimmed(cell));
  return found;
}

struct Parser {
  CLI::App app{"radstudy", "radstudy"};
  std::vector<cli::Command> commands = cli::add_commands(app);
};

// What the parser accepts: every visible option of every command (names, value, default, required), and
// the old spellings (command -> old name -> current name).
void read_parser(Vocabulary& options,
                 std::map<std::string, std::map<std::string, std::string>>& old_spellings) {
  Parser parser;
  // Every command and the commands under it ("slurm extract").
  std::vector<std::pair<std::string, const CLI::App*>> apps;
  for (const auto& command : parser.commands) {
    apps.emplace_back(command.parser->get_name(), command.parser);
    for (const CLI::App* sub : command.parser->get_subcommands([](const CLI::App*) { return true; }))
      apps.emplace_back(command.parser->get_name() + " " + sub->get_name(), sub);
  }
  for (const auto& [command_name, command_app] : apps) {
    const CLI::App& app = *command_app;
    if (app.get_options().size() == 1 && !app.get_subcommands([](const CLI::App*) { return true; }).empty())
      continue;  // a group of commands (slurm): only --help
    for (const CLI::Option* option : app.get_options()) {
      const std::string name = cli::long_name(option);
      if (name == "--help") continue;
      const CLI::Option* current = cli::current_spelling(app, option);
      if (current != option) {
        old_spellings[command_name][name] = current->get_name();
        continue;
      }
      const std::string shown_name = option->get_name().empty() ? name : option->get_name();
      options[command_name][shown_name] = {option->get_type_name(), option->get_default_str(),
                                             cli::is_required(option) ? "yes" : "",
                                             option->get_description()};
    }
  }
}

// docs/cli.md: "### radstudy COMMAND" then "| `--option` | VALUE | DEFAULT | yes? | meaning |" rows; the
// old spellings as "| COMMAND | `--old` | `--new` |" rows under "## Old spellings".
void read_document(Vocabulary& options,
                   std::map<std::string, std::map<std::string, std::string>>& old_spellings) {
  std::ifstream file(std::string(RADSTUDY_SOURCE_DIR) + "/docs/cli.md");
  ASSERT_TRUE(file) << "docs/cli.md is missing";
  std::string command, section;
  for (std::string line; std::getline(file, line);) {
    if (line.rfind("## ", 0) == 0) section = line.substr(3);
    if (line.rfind("### radstudy ", 0) == 0) command = trimmed(line.substr(13));
    if (line.rfind("| ", 0) != 0) continue;
    const auto row = cells(line);
    if (section == "Old spellings" && row.size() >= 3 && row[1].rfind("--", 0) == 0) {
      old_spellings[row[0]][row[1]] = row[2];
    } else if (!command.empty() && section == "Options of every command" && row.size() >= 4 && row[0] != "option") {
      // An option (--name) or a positional argument (its name).
      options[command][row[0]] = {row[1] == "-" ? "" : row[1], row[2] == "-" ? "" : row[2], row[3], ""};
    }
  }
}

std::string markdown(const Vocabulary& options) {
  std::string text;
  for (const auto& [command, rows] : options) {
    text += "### radstudy " + command + "\n";
    for (const auto& [name, row] : rows)
      text += "| `" + name + "` | " + (row.value.empty() ? "-" : row.value) + " | " +
              (row.default_value.empty() ? "-" : row.default_value) + " | " + row.required + " | " +
              row.meaning + " |\n";
  }
  return text;
}

TEST(CliVocabulary, DocumentedTableEqualsWhatTheParserAccepts) {
  Vocabulary parsed, documented;
  std::map<std::string, std::map<std::string, std::string>> parsed_old, documented_old;
  read_parser(parsed, parsed_old);
  read_document(documented, documented_old);
  EXPECT_EQ(documented, parsed) << "docs/cli.md and the parser differ; the parser says:\n"
                                << markdown(parsed);
  EXPECT_EQ(documented_old, parsed_old) << "the old spellings of docs/cli.md and the parser differ";
  if (documented_old != parsed_old)
    for (const auto& [command, names] : parsed_old)
      for (const auto& [old_name, current] : names)
        std::cout << "| " << command << " | `" << old_name << "` | `" << current << "` |\n";
  EXPECT_GE(parsed.size(), 13u);  // every command, help included
}

// One name, one meaning: an option name shared by commands has the same value kind and default in all.
TEST(CliVocabulary, SharedOptionNamesHaveOneValueKindAndDefault) {
  Vocabulary parsed;
  std::map<std::string, std::map<std::string, std::string>> old;
  read_parser(parsed, old);
  // By design (docs/cli.md says why): --out is a file for commands that write one file, a folder otherwise;
  // --params has no default where it is required; --group is one column in table1, one or more in survival;
  // the demo's --seed default is the seed its generated cohort was tuned on; --time is the follow-up column in
  // survival and the time limit of each task in slurm extract (sbatch's name).
  const std::set<std::string> kinds_by_design = {"--out", "--params", "--mask", "--features", "--group", "--time"};
  std::map<std::string, std::pair<std::string, OptionRow>> first;
  for (const auto& [command, rows] : parsed)
    for (const auto& [name, row] : rows) {
      if (kinds_by_design.count(name) || (name == "--seed" && command == "demo")) continue;
      const auto [seen, inserted] = first.try_emplace(name, command, row);
      if (inserted) continue;
      EXPECT_EQ(row.value, seen->second.second.value)
          << name << " in " << command << " and " << seen->second.first;
      EXPECT_EQ(row.default_value, seen->second.second.default_value)
          << name << " in " << command << " and " << seen->second.first;
    }
  for (const auto& [command, rows] : parsed) {
    EXPECT_FALSE(rows.count("--data")) << command;
    EXPECT_FALSE(rows.count("--id")) << command;
    if (command != "extract" && command != "filter") {
      EXPECT_FALSE(rows.count("--label")) << command;
    }
  }
}

}  // namespace
