#pragma once
#include <string>
#include <utility>
#include <vector>

#include "core/data_table.hpp"

namespace radstudy::study {

// What `radstudy survival` computes from a table of cases (clinical columns, optionally joined with
// features).
struct SurvivalOptions {
  std::string time_column;
  std::string event_column;
  std::vector<std::string> group_columns;  // Kaplan-Meier + log-rank per column
  std::string split;                       // "" (categories as they are), "median" or "optimal"
  std::vector<std::string> cox_variables;  // univariate Cox each, then multivariate of those with p < entry_p
  bool standardize = false;                // z-score continuous (more than two values) Cox variables
  double entry_p = 0.1;
  double confidence_level = 0.95;
};

// The output files (name, CSV content) and notes for the user (dropped cases, optimistic p-values,
// non-estimable terms). Throws InputError for unusable input, naming the file, column and cases.
struct SurvivalResults {
  std::vector<std::pair<std::string, std::string>> files;
  std::vector<std::string> notes;
};
SurvivalResults analyse_survival(const core::DataTable& data, const SurvivalOptions& options);

}  // namespace radstudy::study
