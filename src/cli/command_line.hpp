#pragma once
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "cli/commands.hpp"

namespace radstudy::cli {

// The study steps of `radstudy help`, each with its commands in the order a study uses them.
struct CommandSummary {
  std::string name;
  std::string summary;  // one line
};
struct CommandGroup {
  std::string step;
  std::vector<CommandSummary> commands;
};
const std::vector<CommandGroup>& command_groups();

// Every subcommand's parser on `app` (and `help`), in the order of command_groups().
std::vector<Command> add_commands(CLI::App& app);

// Parses the command line, runs the chosen command and turns every error into one line on standard
// error, `radstudy <command>: <file or case>: <problem>; <what to do>`, and an exit code (commands.hpp).
int run_command_line(int argc, char** argv);

}  // namespace radstudy::cli
