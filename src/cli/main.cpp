#include <malloc.h>
#include <signal.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <vector>

#include "cli/commands.hpp"
#include "core/atomic_output.hpp"
#include "core/errors.hpp"

namespace {

// Each case allocates and frees image-sized buffers; glibc's defaults return them to the kernel
// (mmap/trim) and the next case pays a page fault per 4 KiB again. Keep freed memory for reuse.
void keep_freed_memory_for_reuse() {
  mallopt(M_MMAP_THRESHOLD, 1 << 30);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  mallopt(M_TOP_PAD, 64 << 20);
}

// SIGINT/SIGTERM/SIGHUP: remove the temporary files and folders being written (an old folder set
// aside goes back), then die of the signal as without the handler.
void remove_temporaries_and_die(int signal_number) {
  radstudy::core::remove_temporaries_on_signal();
  ::raise(signal_number);  // the action is the default again (SA_RESETHAND): delivered on return
}

void install_signal_handlers() {
  struct sigaction action {};
  action.sa_handler = remove_temporaries_and_die;
  action.sa_flags = SA_RESETHAND;
  sigemptyset(&action.sa_mask);
  const int stopping[] = {SIGINT, SIGTERM, SIGHUP};
  for (const int signal_number : stopping) sigaddset(&action.sa_mask, signal_number);
  for (const int signal_number : stopping) {
    struct sigaction previous {};
    ::sigaction(signal_number, nullptr, &previous);
    if (previous.sa_handler != SIG_IGN)
      ::sigaction(signal_number, &action, nullptr);  // nohup, `cmd &` keep it
  }
  // A file size limit (ulimit -f) makes writes fail with EFBIG, reported and cleaned up as any write error.
  ::signal(SIGXFSZ, SIG_IGN);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace radstudy;
  keep_freed_memory_for_reuse();
  install_signal_handlers();
  CLI::App app{"radstudy: radiomics studies from CT images to validated models"};
  app.set_version_flag("--version", std::string("radstudy ") + RADSTUDY_VERSION);
  app.require_subcommand(1);
  const std::vector<cli::Command> commands = {cli::add_extract_command(app), cli::add_filter_command(app), cli::add_features_command(app),
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
