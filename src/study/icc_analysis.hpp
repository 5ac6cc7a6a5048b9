#pragma once
#include <string>
#include <utility>
#include <vector>

#include "core/data_table.hpp"
#include "stats/intraclass_correlation.hpp"

namespace radstudy::study {

// What `radstudy icc` computes: per feature, the single-measure ICC of two or more extractions of the
// same cases (psych::ICC's ICC1, ICC2 or ICC3 with its F-based bounds) and whether it is kept.
struct IccAnalysisOptions {
  stats::IccType type = stats::IccType::icc2;
  double threshold = 0.9;
  bool threshold_on_lower_bound = false;  // default: kept when the estimate is >= threshold
  double alpha = 0.05;                    // 95% bounds
};

// Files (icc.csv: feature,icc,lower,upper,kept,f,df1,df2,p) and notes for the user.
struct IccAnalysisResults {
  std::vector<std::pair<std::string, std::string>> files;
  std::vector<std::string> notes;
  std::vector<std::string> kept_features;  // in icc.csv's order
};

// `extractions`: two or more feature tables of the same cases (matched by id; InputError listing the ids
// found in one file and not another). Features: those present in every table, in the first table's
// order (a note lists the others). A non-numeric value is an InputError naming the file, feature and
// case; a feature with missing values in any table is skipped with a note naming the file and cases;
// a constant feature gets NaN (not kept) with a note.
IccAnalysisResults analyse_icc(const std::vector<core::DataTable>& extractions,
                               const IccAnalysisOptions& options);

}  // namespace radstudy::study
