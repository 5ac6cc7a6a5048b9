#include <malloc.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <vector>

#include "cli/commands.hpp"
#include "core/errors.hpp"

namespace {

// Each case allocates and frees image-sized buffers; glibc's defaults return them to the kernel
// (mmap/trim) and the next case pays a page fault per 4 KiB again. Keep freed memory for reuse.
void keep_freed_memory_for_reuse() {
  mallopt(M_MMAP_THRESHOLD, 1 << 30);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  mallopt(M_TOP_PAD, 64 << 20);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace radstudy;
  keep_freed_memory_for_reuse();
  CLI::App app{"radstudy: radiomics studies from CT images to validated models"};
  app.set_version_flag("--version", std::string("radstudy ") + RADSTUDY_VERSION);
  app.require_subcommand(1);
  const std::vector<cli::Command> commands = {cli::add_extract_command(app), cli::add_features_command(app),
                                              cli::add_demo_command(app), cli::add_table1_command(app),
                                              cli::add_survival_command(app), cli::add_dca_command(app),
                                              cli::add_univariate_command(app), cli::add_icc_command(app),
                                              cli::add_model_command(app), cli::add_predict_command(app),
                                              cli::add_select_command(app)};
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
