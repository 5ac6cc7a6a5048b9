#include "study/univariate_analysis.hpp"

#include <fmt/format.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>

#include "core/csv.hpp"
#include "core/errors.hpp"
#include "stats/correlation.hpp"
#include "stats/group_tests.hpp"
#include "stats/multiple_testing.hpp"
#include "stats/principal_components.hpp"
#include "stats/roc_curve.hpp"

namespace radstudy::study {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string listed(const std::vector<std::string>& items, std::size_t limit = 10) {
  std::string text;
  for (std::size_t i = 0; i < items.size() && i < limit; ++i) text += (i ? ", " : "") + items[i];
  if (items.size() > limit) text += fmt::format(" and {} more", items.size() - limit);
  return text;
}

std::vector<int> read_labels(const core::DataTable& clinical, const std::string& label_column) {
  const auto& values = clinical.numbers(label_column);
  std::vector<std::string> missing, invalid;
  std::vector<int> labels;
  for (std::size_t row = 0; row < values.size(); ++row) {
    if (std::isnan(values[row]))
      missing.push_back(clinical.ids()[row]);
    else if (values[row] != 0.0 && values[row] != 1.0)
      invalid.push_back(fmt::format("{} ({})", clinical.ids()[row], values[row]));
    labels.push_back(values[row] == 1.0 ? 1 : 0);
  }
  if (!missing.empty())
    throw InputError(fmt::format("{}: the label column '{}' is missing for {}", clinical.source(),
                                 label_column, listed(missing)));
  if (!invalid.empty())
    throw InputError(fmt::format("{}: the label column '{}' must be 0 or 1; {}", clinical.source(),
                                 label_column, listed(invalid)));
  return labels;
}

// The feature columns usable in every analysis: numeric, complete and not constant.
struct FeatureMatrix {
  std::vector<std::string> names;
  Eigen::MatrixXd values;  // cases x features
};

FeatureMatrix usable_features(const core::DataTable& features, std::vector<std::string>& notes) {
  FeatureMatrix matrix;
  std::vector<const std::vector<double>*> columns;
  std::vector<std::string> constant;
  for (const auto& column : features.columns()) {
    if (!column.numeric && column.missing_count() == column.labels.size()) {
      notes.push_back(fmt::format("{}: feature '{}' skipped: no values", features.source(), column.name));
      continue;
    }
    const auto& values = features.numbers(column.name);  // InputError naming a non-numeric value's case
    std::vector<std::string> missing;
    for (std::size_t row = 0; row < values.size(); ++row)
      if (std::isnan(values[row])) missing.push_back(features.ids()[row]);
    if (!missing.empty()) {
      notes.push_back(fmt::format("{}: feature '{}' skipped: missing for {}", features.source(), column.name,
                                  listed(missing)));
      continue;
    }
    if (std::all_of(values.begin(), values.end(), [&](double v) { return v == values.front(); })) {
      constant.push_back(column.name);
      continue;
    }
    matrix.names.push_back(column.name);
    columns.push_back(&values);
  }
  if (!constant.empty())
    notes.push_back(fmt::format("{}: {} constant feature(s) skipped (no ROC, test, correlation or PCA): {}",
                                features.source(), constant.size(), listed(constant)));
  if (matrix.names.empty())
    throw InputError(
        fmt::format("{}: no feature with values for every case that is not constant", features.source()));
  matrix.values.resize(static_cast<Eigen::Index>(features.row_count()),
                       static_cast<Eigen::Index>(columns.size()));
  for (std::size_t j = 0; j < columns.size(); ++j)
    for (std::size_t row = 0; row < features.row_count(); ++row)
      matrix.values(static_cast<Eigen::Index>(row), static_cast<Eigen::Index>(j)) = (*columns[j])[row];
  return matrix;
}

struct FeatureScreening {
  stats::RocAuc roc{};
  bool higher_in_class_1 = true;
  double p_mann_whitney = kNaN, p_t_test = kNaN;
  std::string mann_whitney_method;
  double mean_0 = kNaN, mean_1 = kNaN, median_0 = kNaN, median_1 = kNaN;
};

FeatureScreening screen_feature(const std::string& name, const std::vector<double>& values,
                                const std::vector<int>& labels, double confidence,
                                std::vector<std::string>& notes) {
  FeatureScreening result;
  result.roc = stats::roc_auc(values, labels, confidence);
  if (result.roc.auc < 0.5) {  // pROC's direction ">": the AUC of the negated feature
    std::vector<double> negated(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) negated[i] = -values[i];
    result.roc = stats::roc_auc(negated, labels, confidence);
    result.higher_in_class_1 = false;
  }
  std::vector<double> controls, cases;
  for (std::size_t i = 0; i < values.size(); ++i) (labels[i] == 1 ? cases : controls).push_back(values[i]);
  // Two-sided p, the same either way round; the sample with the smaller W first, because
  // wilcoxon_rank_sum_test's exact upper tail (1 - P(W <= w - 1)) loses digits below p ~ 1e-7.
  const bool cases_rank_higher = result.higher_in_class_1 && result.roc.auc > 0.5;
  const auto mann_whitney = cases_rank_higher ? stats::wilcoxon_rank_sum_test(controls, cases)
                                              : stats::wilcoxon_rank_sum_test(cases, controls);
  result.p_mann_whitney = mann_whitney.p;
  result.mann_whitney_method = mann_whitney.method.find("exact") != std::string::npos ? "exact" : "normal";
  try {
    result.p_t_test = stats::welch_t_test(cases, controls).p;
  } catch (const NumericalError& error) {
    notes.push_back(fmt::format("feature '{}': no t-test p ({})", name, error.what()));
  }
  result.mean_0 = stats::sample_mean(controls);
  result.mean_1 = stats::sample_mean(cases);
  result.median_0 = stats::sample_quantile(controls, 0.5);
  result.median_1 = stats::sample_quantile(cases, 0.5);
  return result;
}

void append_row(std::string& text, const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) text += ',';
    text += fields[i];
  }
  text += '\n';
}

// A matrix with a header of column names and one row per (row label, matrix row).
std::string matrix_csv(const std::string& first_header, const std::vector<std::string>& row_labels,
                       const std::vector<std::string>& column_names, const Eigen::MatrixXd& matrix) {
  std::string text = core::csv_field(first_header);
  for (const auto& name : column_names) text += ',' + core::csv_field(name);
  text += '\n';
  text.reserve(text.size() + static_cast<std::size_t>(matrix.size()) * 22);
  for (Eigen::Index i = 0; i < matrix.rows(); ++i) {
    text += core::csv_field(row_labels[static_cast<std::size_t>(i)]);
    for (Eigen::Index j = 0; j < matrix.cols(); ++j) {
      text += ',';
      text += core::csv_number(matrix(i, j));
    }
    text += '\n';
  }
  return text;
}

}  // namespace

UnivariateResults analyse_univariate(const core::DataTable& features, const core::DataTable& clinical,
                                     const UnivariateOptions& options) {
  UnivariateResults results;
  read_labels(clinical, options.label_column);  // validates the label before matching the cases
  const auto matched = features.joined(clinical.with_only_columns({options.label_column}));
  const auto labels = read_labels(matched, options.label_column);
  const auto class_1 = static_cast<std::size_t>(std::count(labels.begin(), labels.end(), 1));
  const std::size_t class_0 = labels.size() - class_1;
  if (class_0 < 2 || class_1 < 2)
    throw InputError(
        fmt::format("{}: the label '{}' has {} case(s) of class 0 and {} of class 1; at least 2 of "
                    "each are needed",
                    clinical.source(), options.label_column, class_0, class_1));

  const auto matrix = usable_features(features, results.notes);
  const std::size_t feature_count = matrix.names.size();
  std::vector<FeatureScreening> screened;
  screened.reserve(feature_count);
  for (std::size_t j = 0; j < feature_count; ++j) {
    const auto column = matrix.values.col(static_cast<Eigen::Index>(j));
    const std::vector<double> values(column.data(), column.data() + column.size());
    screened.push_back(
        screen_feature(matrix.names[j], values, labels, options.confidence_level, results.notes));
  }
  std::vector<double> p_mann_whitney, p_t_test;
  for (const auto& feature : screened) {
    p_mann_whitney.push_back(feature.p_mann_whitney);
    p_t_test.push_back(feature.p_t_test);
  }
  const auto p_mann_whitney_bh = stats::benjamini_hochberg(p_mann_whitney);
  const auto p_t_test_bh = stats::benjamini_hochberg(p_t_test);

  std::string univariate =
      "feature,auc,auc_lower,auc_upper,direction,p_mannwhitney,p_ttest,mean_0,mean_1,median_0,median_1,n_0,n_"
      "1,"
      "p_mannwhitney_bh,p_ttest_bh,mannwhitney_method\n";
  using core::csv_number;
  for (std::size_t j = 0; j < feature_count; ++j) {
    const auto& f = screened[j];
    append_row(
        univariate,
        {core::csv_field(matrix.names[j]), csv_number(f.roc.auc), csv_number(f.roc.lower),
         csv_number(f.roc.upper), f.higher_in_class_1 ? "higher_in_1" : "higher_in_0",
         csv_number(f.p_mann_whitney), csv_number(f.p_t_test), csv_number(f.mean_0), csv_number(f.mean_1),
         csv_number(f.median_0), csv_number(f.median_1), std::to_string(class_0), std::to_string(class_1),
         csv_number(p_mann_whitney_bh[j]), csv_number(p_t_test_bh[j]), f.mann_whitney_method});
  }
  results.files.emplace_back("univariate.csv", std::move(univariate));
  results.files.emplace_back("spearman.csv", matrix_csv("feature", matrix.names, matrix.names,
                                                        stats::spearman_correlation_matrix(matrix.values)));

  const auto pca = stats::principal_components(matrix.values);
  const auto components = pca.standard_deviations.size();
  std::vector<std::string> component_names;
  for (Eigen::Index k = 0; k < components; ++k) component_names.push_back(fmt::format("PC{}", k + 1));
  results.files.emplace_back("pca_scores.csv", matrix_csv("id", features.ids(), component_names, pca.scores));
  results.files.emplace_back("pca_loadings.csv",
                             matrix_csv("feature", matrix.names, component_names, pca.loadings));
  std::string variance = "component,sdev,proportion,cumulative\n";
  for (Eigen::Index k = 0; k < components; ++k)
    append_row(variance,
               {component_names[static_cast<std::size_t>(k)], csv_number(pca.standard_deviations[k]),
                csv_number(pca.proportion_of_variance[k]), csv_number(pca.cumulative_proportion[k])});
  results.files.emplace_back("pca_variance.csv", std::move(variance));
  return results;
}

}  // namespace radstudy::study
