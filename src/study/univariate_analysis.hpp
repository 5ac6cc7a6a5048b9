#pragma once
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "core/data_table.hpp"

namespace radstudy::study {

// What `radstudy univariate` computes: per feature, the ROC AUC oriented to be >= 0.5 with its DeLong
// CI (pROC), the Mann-Whitney p (wilcox.test's default), Welch's t-test p (t.test), group means and
// medians, and Benjamini-Hochberg adjusted p-values; the Spearman matrix; the PCA of the z-scored
// features (prcomp(scale. = TRUE)).
// spearman.csv: kAuto writes the p x p matrix up to kSpearmanAutoLimit features and, beyond, leaves
// it out with a note (10,000 features: 10^8 numbers, 2 GB of text and 6 GB of memory); kFull always
// writes it; kNone never.
enum class SpearmanOutput { kAuto, kFull, kNone };
inline constexpr std::size_t kSpearmanAutoLimit = 3000;

struct UnivariateOptions {
  std::string label_column;
  double confidence_level = 0.95;
  SpearmanOutput spearman = SpearmanOutput::kAuto;
};

// Files (name, CSV content): univariate.csv, spearman.csv (see SpearmanOutput), pca_scores.csv,
// pca_loadings.csv, pca_variance.csv; notes for the user (skipped features, tests without a result).
struct UnivariateResults {
  std::vector<std::pair<std::string, std::string>> files;
  std::vector<std::string> notes;
};

// `features`: one row per case, every other column a numeric feature. `clinical`: the label column,
// 0/1, for the same cases (matched by id). Throws InputError for ids in one table and not the other, a
// label that is missing or not 0/1, fewer than 2 cases of a class, a non-numeric feature value
// (naming the file, column and case), and when no usable feature remains. Features with missing values
// and constant features are skipped with a note naming them (and the cases with missing values).
UnivariateResults analyse_univariate(const core::DataTable& features, const core::DataTable& clinical,
                                     const UnivariateOptions& options);

}  // namespace radstudy::study
