#pragma once
#include <string>
#include <utility>
#include <vector>

#include "study/study_results.hpp"

namespace radstudy::study {

// The tables of a study run (file name, CSV text), each written from StudyResults: table1.csv,
// extraction.csv, icc.csv, univariate.csv, lasso_path.csv, selected_features.csv, metrics.csv,
// summary.csv, permutation.csv, permutation_null.csv, calibration.csv, calibration_groups.csv,
// predictions.csv, folds.csv, pca.csv, km.csv, cox_univariate.csv, cox_multivariate.csv,
// decision_curve.csv, external.csv: those the study has data for.
std::vector<std::pair<std::string, std::string>> study_tables(const StudyResults& results);

}  // namespace radstudy::study
