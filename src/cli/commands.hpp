#pragma once
#include <CLI/CLI.hpp>
#include <functional>

namespace radstudy::cli {

// Exit codes shared by every subcommand.
enum ExitCode : int { kAllDone = 0, kNothingDone = 1, kUsage = 2, kSomeFailed = 3 };

// A subcommand: its parser, and the action to run when the command line chose it.
struct Command {
  CLI::App* parser;
  std::function<int()> run;
};
Command add_extract_command(CLI::App& app);
Command add_features_command(CLI::App& app);
Command add_demo_command(CLI::App& app);
Command add_table1_command(CLI::App& app);
Command add_survival_command(CLI::App& app);
Command add_dca_command(CLI::App& app);
Command add_univariate_command(CLI::App& app);
Command add_icc_command(CLI::App& app);
Command add_model_command(CLI::App& app);
Command add_predict_command(CLI::App& app);
Command add_select_command(CLI::App& app);
Command add_filter_command(CLI::App& app);
Command add_run_command(CLI::App& app);
Command add_merge_command(CLI::App& app);
Command add_slurm_command(CLI::App& app);

}  // namespace radstudy::cli
