#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "core/data_table.hpp"

namespace radstudy::study {

struct CohortTableOptions {
  std::string group_column;
  std::vector<std::string> variables;    // empty: every column but the id and the group
  std::vector<std::string> categorical;  // numeric columns to summarise as categories
  double alpha = 0.05;                   // Shapiro-Wilk level for the normality decision
  int digits = 1;                        // decimals of means, SDs, medians, quartiles and percentages
  // A numeric column with more distinct values than this is continuous, otherwise categorical.
  std::size_t max_categorical_levels = 5;
  std::size_t fisher_work_limit = 100'000'000;
};

// One line of Table 1: a summary statistic of a continuous variable, or one level of a categorical one.
// The test, statistic, p and missing counts are those of the variable, repeated on each of its lines.
struct CohortTableRow {
  std::string variable;
  std::string level;  // "mean (SD)", "median [Q1, Q3]" or the category
  std::string overall;
  std::vector<std::string> by_group;
  std::string test;  // the test used, or why none was
  double statistic = 0.0;
  double p = 0.0;  // NaN when no test was run
  std::size_t missing_overall = 0;
  std::vector<std::size_t> missing_by_group;
  bool continuous = false;
};

struct CohortTable {
  std::string source;
  std::string group_column;
  std::vector<std::string> groups;  // group values, sorted (numbers by value, text alphabetically)
  std::vector<std::size_t> group_sizes;
  std::size_t total = 0;  // cases with a group
  std::size_t excluded_without_group = 0;
  double alpha = 0.05;
  std::size_t max_categorical_levels = 5;
  std::vector<CohortTableRow> rows;
  std::vector<std::string> tests_used;  // in order of first use
  std::vector<std::string> notes;       // rules, derived variables, exclusions, fallbacks
};

// Builds Table 1 from a clinical table. Continuous variables: mean (SD) and Welch's t-test (2 groups) or
// Welch's one-way ANOVA (3+) when Shapiro-Wilk p >= alpha in every group (each group needs >= 3 values),
// else median [Q1, Q3] (quantile type 7) with the Wilcoxon rank-sum test (2 groups) or Kruskal-Wallis.
// Categorical: n (%) of the non-missing of each group, Fisher's exact test when an expected count is
// < 5, else Pearson's chi-square (Yates on 2 x 2). With columns named bilirubin (umol/L) and albumin
// (g/L), ALBI = 0.66 log10(bilirubin) - 0.085 albumin and its grade are added.
// Throws InputError (naming the file, column and case) for a group column with fewer than 2 groups, an
// unknown variable, a variable without values, no variable, or a bilirubin <= 0; ConfigError for
// invalid options.
CohortTable build_cohort_table(const core::DataTable& table, const CohortTableOptions& options);

// The table as CSV: variable,level,overall,<one column per group>,test,statistic,p,missing_overall,
// missing_<group>...; the first line (variable "n") holds the group sizes.
std::string cohort_table_csv(const CohortTable& table);
// A self-contained HTML page: caption, the table, footnotes naming the tests and the notes.
std::string cohort_table_html(const CohortTable& table);

}  // namespace radstudy::study
