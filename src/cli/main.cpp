#include <CLI/CLI.hpp>
#include <iostream>
#include <vector>

#include "cli/commands.hpp"
#include "core/errors.hpp"

int main(int argc, char** argv) {
  using namespace radstudy;
  CLI::App app{"radstudy: radiomics studies from CT images to validated models"};
  app.set_version_flag("--version", std::string("radstudy ") + RADSTUDY_VERSION);
  app.require_subcommand(1);
  const std::vector<cli::Command> commands = {cli::add_extract_command(app), cli::add_features_command(app),
                                              cli::add_demo_command(app)};
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? cli::kAllDone : cli::kUsage;
  }
  try {
    for (const auto& command : commands)
      if (command.parser->parsed()) return command.run();
    return cli::kUsage;
  } catch (const ConfigError& error) {
    std::cerr << "radstudy: " << error.what() << "\n";
    return cli::kUsage;
  } catch (const std::exception& error) {
    std::cerr << "radstudy: " << error.what() << "\n";
    return cli::kNothingDone;
  }
}
