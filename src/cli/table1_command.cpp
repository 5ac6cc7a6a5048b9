#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/output_directory.hpp"
#include "core/atomic_output.hpp"
#include "core/csv.hpp"
#include "core/data_table.hpp"
#include "core/errors.hpp"
#include "study/cohort_table.hpp"

namespace radstudy::cli {
namespace {

struct Table1Options {
  std::string data, id = "id", out;
  study::CohortTableOptions table;
};

int run_table1(const Table1Options& options) {
  core::check_outputs({{"--out", options.out, core::OutputKind::kFolder}}, {{"--clinical", options.data}});
  const auto data = core::DataTable::read(options.data, options.id, "clinical table (CSV)");
  const auto table = study::build_cohort_table(data, options.table);
  write_output_files(options.out, {{"table1.csv", study::cohort_table_csv(table)},
                                   {"table1.html", study::cohort_table_html(table)}});
  for (const auto& note : table.notes) std::cerr << "radstudy table1: " << note << "\n";
  return kAllDone;
}

}  // namespace

Command add_table1_command(CLI::App& app) {
  auto options = std::make_shared<Table1Options>();
  auto* command = app.add_subcommand("table1",
                                     "Cohort table (Table 1) by group: mean (SD) / median [Q1, Q3] with "
                                     "Welch's t / Mann-Whitney (Welch ANOVA / "
                                     "Kruskal-Wallis for 3+ groups), n (%) with chi-square / Fisher's exact "
                                     "test; ALBI when bilirubin and albumin "
                                     "are given. Writes DIR/table1.csv and DIR/table1.html");
  required_option(*command, add_clinical(*command, options->data, "Clinical CSV, one row per case", true));
  add_id_column(*command, options->id, "the table");
  command->add_option("--group", options->table.group_column, "Column whose values split the cases")
      ->type_name("NAME")
      ->required();
  command->add_option("--variables", options->table.variables, "Columns to summarise; ALBI may be named")
      ->type_name("NAME,...")
      ->default_str("all but the id and the group")
      ->delimiter(',');
  command
      ->add_option(
          "--categorical", options->table.categorical,
          "Numeric columns to summarise as categories (numeric columns with more than 5 distinct values "
          "are continuous otherwise)")
      ->type_name("NAME,...")
      ->delimiter(',');
  auto* normality =
      command
          ->add_option("--normality-alpha", options->table.alpha,
                       "Shapiro-Wilk level: mean (SD) and parametric tests when p >= it in every group")
          ->type_name("P")
          ->check(CLI::Range(0.0, 1.0))
          ->capture_default_str();
  add_old_spelling(*command, "--alpha", normality, options->table.alpha);
  command->add_option("--digits", options->table.digits, "Decimals of the summaries")
      ->check(CLI::Range(0, 10))
      ->capture_default_str();
  add_output_folder(*command, options->out);
  set_examples(*command, "  radstudy table1 --clinical clinical.csv --group response --out table1");
  return {command, [options] { return run_table1(*options); }};
}

}  // namespace radstudy::cli
