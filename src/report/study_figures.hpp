#pragma once
#include <string>
#include <vector>

#include "plot/figure.hpp"
#include "study/study_results.hpp"

namespace radstudy::report {

// A figure of the study: its file name (without extension), the figure and a one-sentence caption with
// its key numbers (for the report).
struct NamedFigure {
  std::string name;
  plot::Figure figure;
  std::string caption;
};

// Every figure the study has data for, from its results: km_outcome (the paper's Fig 1a), lasso_path and
// lasso_cv (1b), correlation_chord and correlation_heatmap (1c), pca (1d), metrics_boxplot (2), roc_train
// and roc_test (3), feature_landscape (4a), cox_forest (4b), decision_curve (4c), calibration,
// permutation_null, icc_distribution, and km_<feature> per selected feature. A figure without data
// (no survival, no reproducibility step, no permutation test) is left out.
std::vector<NamedFigure> study_figures(const study::StudyResults& results);

// `name` with every character other than letters, digits, '_' and '-' replaced by '_'.
std::string figure_file_name(const std::string& name);

}  // namespace radstudy::report
