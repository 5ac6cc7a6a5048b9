#include "cli/command_line.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "cli/common_options.hpp"
#include "core/atomic_output.hpp"
#include "core/closest_name.hpp"
#include "core/errors.hpp"
#include "core/seeded_random.hpp"
#include "core/text.hpp"

namespace radstudy::cli {
namespace {

const CLI::App* chosen_command(const CLI::App& app) {
  for (const CLI::App* command : app.get_subcommands([](const CLI::App*) { return true; }))
    if (command->parsed()) return command;
  return nullptr;
}

// "slurm extract" for a command under another.
std::string command_path(const CLI::App* command) {
  std::string name = command->get_name();
  for (const CLI::App* sub : command->get_subcommands()) name += " " + sub->get_name();
  return name;
}

std::string command_prefix(const CLI::App* command) {
  return command ? "radstudy " + command_path(command) : std::string("radstudy");
}

std::vector<std::string> option_names(const CLI::App& command) {
  std::vector<std::string> names;
  for (const CLI::Option* option : command.get_options())
    if (!option->get_group().empty())
      for (const auto& name : option->get_lnames()) names.push_back("--" + name);
  return names;
}

// CLI11's parse errors in radstudy's form, with the option meant when one is misspelt.
std::string parse_failure(const CLI::App* app, const CLI::Error& error) {
  const CLI::App* command = chosen_command(*app);
  std::string message = core::one_line(error.what());
  if (const auto* extras = dynamic_cast<const CLI::ExtrasError*>(&error); extras && command) {
    const std::string text = error.what();
    const auto colon = text.find(": ");
    std::istringstream words(colon == std::string::npos ? std::string() : text.substr(colon + 2));
    for (std::string word; words >> word;) {
      const std::string name = word.substr(0, word.find('='));
      if (name.rfind("--", 0) != 0) continue;
      const std::string meant = core::closest_name(name, option_names(*command));
      if (!meant.empty()) message += fmt::format("; did you mean {}?", meant);
    }
  }
  const std::string help = command ? fmt::format("radstudy {} --help", command_path(command)) : "radstudy help";
  return fmt::format("{}: {}; see {}\n", command_prefix(command), message, help);
}

std::vector<std::string> command_names() {
  std::vector<std::string> names;
  for (const auto& group : command_groups())
    for (const auto& command : group.commands) names.push_back(command.name);
  return names;
}

std::string grouped_command_list(const CLI::App& app) {
  std::string text =
      fmt::format("{}\n\nUsage: radstudy COMMAND [OPTIONS]   (radstudy COMMAND --help for its options)\n",
                  app.get_description());
  for (const auto& group : command_groups()) {
    text += "\n" + group.step + ":\n";
    for (const auto& command : group.commands)
      text += fmt::format("  {:<12}{}\n", command.name, command.summary);
  }
  return text;
}

// The settings hash of the run manifest: the command and every option that is not a path (nor --jobs,
// which does not change a result), with the parameter file by content.
std::string settings_hash(const CLI::App& command) {
  std::map<std::string, std::string> settings;
  for (const CLI::Option* option : command.get_options()) {
    if (option->count() == 0) continue;
    const std::string name = current_spelling(command, option)->get_name();
    if (name == "--help" || name == "--jobs") continue;
    std::string value;
    for (const auto& result : option->results()) value += result + "\x1f";
    if (name == "--params") {
      std::ifstream file(option->results().front(), std::ios::binary);
      std::stringstream content;
      content << file.rdbuf();
      value = fmt::format("{:016x}", core::text_hash(content.str()));
    } else if (option->get_type_name() == kFileValue || option->get_type_name() == kFolderValue) {
      continue;
    }
    settings[name] = value;
  }
  std::string text = command.get_name() + "\n";
  for (const auto& [name, value] : settings) text += name + "=" + value + "\n";
  return fmt::format("{:016x}", core::text_hash(text));
}

void record_run(int argc, char** argv, const CLI::App& command) {
  core::RunRecord record;
  record.command_line.push_back("radstudy");
  for (int i = 1; i < argc; ++i) record.command_line.push_back(argv[i]);
  record.version = RADSTUDY_VERSION;
  record.settings_hash = settings_hash(command);
  core::set_run_record(std::move(record));
}

}  // namespace

const std::vector<CommandGroup>& command_groups() {
  static const std::vector<CommandGroup> groups = {
      {"Images to features",
       {{"extract", "features of one case or a manifest of cases (PyRadiomics' parameter files and names)"},
        {"filter", "the response map of a filter (wavelet, LoG, IBSI 2 filters) as an image"},
        {"features", "the feature columns a parameter file produces, or the image types"},
        {"merge", "the feature table from a folder of per-case results (shards, cluster tasks)"},
        {"slurm", "a step on a Slurm cluster: slurm extract = a job array over the manifest and a merge"}}},
      {"Robustness", {{"icc", "intraclass correlation of two or more extractions of the same cases"}}},
      {"The cohort",
       {{"table1", "Table 1: the clinical variables by group, with tests"},
        {"survival", "Kaplan-Meier, log-rank, univariate and multivariate Cox, c-index"}}},
      {"Features and the outcome",
       {{"univariate", "per feature AUC with DeLong CI, tests, Spearman matrix, PCA"},
        {"select", "LASSO (as glmnet) with cross-validated lambda"}}},
      {"Models",
       {{"model", "ten classifiers in (repeated) cross-validation, nested selection, a saved final model"},
        {"predict", "score new cases with a saved model, from a feature table or an image"},
        {"dca", "decision curve analysis: net benefit of predicted probabilities"}}},
      {"The whole study",
       {{"run", "the whole study of a study file: tables, figures, report, model.json"},
        {"demo", "a generated cohort through every step"}}},
      {"Help", {{"help", "this list, or one command's options: radstudy help COMMAND"}}},
  };
  return groups;
}

std::vector<Command> add_commands(CLI::App& app) {
  std::vector<Command> commands = {
      add_extract_command(app),    add_filter_command(app), add_features_command(app),
      add_merge_command(app),      add_slurm_command(app),
      add_icc_command(app),        add_table1_command(app), add_survival_command(app),
      add_univariate_command(app), add_select_command(app), add_model_command(app),
      add_predict_command(app),    add_dca_command(app),    add_run_command(app),
      add_demo_command(app)};
  auto topic = std::make_shared<std::string>();
  auto* help = app.add_subcommand("help", "List the commands by study step, or show one command's options");
  help->add_option("command", *topic, "The command whose options to show");
  set_examples(*help, "  radstudy help\n  radstudy help extract");
  commands.push_back(
      {help, [&app, topic] {
         if (topic->empty()) {
           std::cout << grouped_command_list(app);
           return kAllDone;
         }
         const CLI::App* command = nullptr;
         for (const CLI::App* candidate : app.get_subcommands([](const CLI::App*) { return true; }))
           if (candidate->get_name() == *topic) command = candidate;
         if (!command) {
           const std::string meant = core::closest_name(*topic, command_names());
           throw ConfigError(fmt::format("{}: not a command; {}radstudy help lists the commands", *topic,
                                         meant.empty() ? "" : fmt::format("did you mean {}? ", meant)));
         }
         std::cout << command->help();
         return kAllDone;
       }});
  return commands;
}

int run_command_line(int argc, char** argv) {
  CLI::App app{"radstudy: radiomics studies from CT images to validated models", "radstudy"};
  app.set_version_flag("--version", std::string("radstudy ") + RADSTUDY_VERSION);
  app.failure_message(parse_failure);
  const std::vector<Command> commands = add_commands(app);
  app.require_subcommand(0, 1);

  std::vector<std::string> names;
  for (const auto& command : commands) names.push_back(command.parser->get_name());
  if (argc < 2) {
    std::cerr << grouped_command_list(app);
    return kUsage;
  }
  const std::string first = argv[1];
  if (first.rfind("-", 0) != 0 && std::find(names.begin(), names.end(), first) == names.end()) {
    const std::string meant = core::closest_name(first, names);
    std::cerr << fmt::format("radstudy: {}: not a command; {}radstudy help lists the commands\n", first,
                             meant.empty() ? "" : fmt::format("did you mean {}? ", meant));
    return kUsage;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? kAllDone : kUsage;
  }
  const CLI::App* chosen = chosen_command(app);
  if (!chosen) {
    std::cerr << grouped_command_list(app);
    return kUsage;
  }
  const std::string prefix = command_prefix(chosen);
  if (const std::string missing = missing_required_option(*chosen); !missing.empty()) {
    std::cerr << fmt::format("{}: {} is required; see radstudy {} --help\n", prefix, missing,
                             chosen->get_name());
    return kUsage;
  }
  for (const CLI::Option* option : chosen->get_options()) {
    const CLI::Option* current = current_spelling(*chosen, option);
    if (current != option && option->count() > 0 && current->count() > 0) {
      std::cerr << fmt::format("{}: {} and {} both given ({} is its old spelling); give {} only\n", prefix,
                               current->get_name(), long_name(option), long_name(option),
                               current->get_name());
      return kUsage;
    }
  }
  try {
    record_run(argc, argv, *chosen);
    for (const auto& command : commands)
      if (command.parser == chosen) return command.run();
    return kUsage;
  } catch (const ConfigError& error) {
    std::cerr << prefix << ": " << core::one_line(error.what()) << "\n";
    return kUsage;
  } catch (const std::exception& error) {
    std::cerr << prefix << ": " << core::one_line(error.what()) << "\n";
    return kNothingDone;
  }
}

}  // namespace radstudy::cli
