#include "study/univariate_analysis.hpp"

#include <fmt/format.h>
#include <tbb/parallel_for.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>

#include "core/csv.hpp"
#include "core/errors.hpp"
#include "stats/correlation.hpp"
#include "stats/group_tests.hpp"
#include "stats/multiple_testing.hpp"
#include "stats/principal_components.hpp"
#include "stats/rank_sum_distribution.hpp"
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

bool has_ties(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return std::adjacent_find(values.begin(), values.end()) != values.end();
}

// `exact`: the rank-sum null distribution for these class sizes (cases first), when both are < 50.
FeatureScreening screen_feature(const std::string& name, const std::vector<double>& values,
                                const std::vector<int>& labels, double confidence,
                                const std::optional<stats::RankSumExactDistribution>& exact,
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
  // wilcox.test(cases, controls): exact when both classes have < 50 cases and no value is tied, from the
  // distribution shared by every feature (W of the cases = AUC n0 n1, an integer without ties).
  if (exact && !has_ties(values)) {
    const double raw_auc = result.higher_in_class_1 ? result.roc.auc : 1.0 - result.roc.auc;
    const double w =
        std::round(raw_auc * static_cast<double>(cases.size()) * static_cast<double>(controls.size()));
    result.p_mann_whitney = exact->two_sided_p(w);
    result.mann_whitney_method = "exact";
  } else {
    result.p_mann_whitney = stats::wilcoxon_rank_sum_test(cases, controls, stats::WilcoxonMethod::normal).p;
    result.mann_whitney_method = "normal";
  }
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

// csv_number's text appended in place, without a string per number.
void append_number(std::string& text, double value) {
  if (!std::isfinite(value)) {
    text += core::csv_number(value);
    return;
  }
  char digits[32];
  text.append(digits, fmt::format_to(digits, "{}", value));
}

// A header (first_header, column names) and the rows, joined.
std::string joined_csv(const std::string& first_header, const std::vector<std::string>& column_names,
                       const std::vector<std::string>& rows) {
  std::string text = core::csv_field(first_header);
  for (const auto& name : column_names) text += ',' + core::csv_field(name);
  text += '\n';
  std::size_t size = text.size();
  for (const auto& row : rows) size += row.size();
  text.reserve(size);
  for (const auto& row : rows) text += row;
  return text;
}

// A matrix with a header of column names and one row per (row label, matrix row).
std::string matrix_csv(const std::string& first_header, const std::vector<std::string>& row_labels,
                       const std::vector<std::string>& column_names, const Eigen::MatrixXd& matrix) {
  std::vector<std::string> rows(static_cast<std::size_t>(matrix.rows()));
  tbb::parallel_for(Eigen::Index{0}, matrix.rows(), [&](Eigen::Index i) {
    std::string& text = rows[static_cast<std::size_t>(i)];
    text += core::csv_field(row_labels[static_cast<std::size_t>(i)]);
    for (Eigen::Index j = 0; j < matrix.cols(); ++j) {
      text += ',';
      append_number(text, matrix(i, j));
    }
    text += '\n';
  });
  return joined_csv(first_header, column_names, rows);
}

// The same for a symmetric matrix with the same names on both sides, each value formatted once: the
// lower triangle row by row (in parallel), the upper triangle copied from it. The matrix is released
// once formatted, and rows are appended to the text a group of blocks at a time, so that the memory is
// the lower triangle's text and the file's text, not also every row's.
std::string symmetric_matrix_csv(const std::string& first_header, const std::vector<std::string>& names,
                                 Eigen::MatrixXd matrix) {
  const auto size = static_cast<std::size_t>(matrix.rows());
  std::vector<std::string> lower(size);                // row i: the texts of (i, 0..i), comma-separated
  std::vector<std::vector<std::uint32_t>> ends(size);  // their end offsets in lower[i]
  tbb::parallel_for(std::size_t{0}, size, [&](std::size_t i) {
    lower[i].reserve((i + 1) * 22);
    ends[i].reserve(i + 1);
    for (std::size_t j = 0; j <= i; ++j) {
      if (j > 0) lower[i] += ',';
      append_number(lower[i], matrix(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)));
      ends[i].push_back(static_cast<std::uint32_t>(lower[i].size()));
    }
  });
  matrix = Eigen::MatrixXd();
  const auto entry = [&](std::size_t row, std::size_t column) {               // row >= column
    const std::uint32_t begin = column == 0 ? 0 : ends[row][column - 1] + 1;  // after the comma
    return std::string_view(lower[row]).substr(begin, ends[row][column] - begin);
  };
  std::string text = core::csv_field(first_header);
  for (const auto& name : names) text += ',' + core::csv_field(name);
  text += '\n';
  std::size_t total = text.size();
  for (std::size_t i = 0; i < size; ++i) total += core::csv_field(names[i]).size() + 2 * lower[i].size() + 2;
  text.reserve(total);
  // Blocks of consecutive rows, so that the upper-triangle entries of a block are read in runs; groups
  // of blocks formatted in parallel, then appended.
  constexpr std::size_t kBlock = 32, kGroup = 64 * kBlock;
  std::vector<std::string> rows(std::min(size, kGroup));
  for (std::size_t group = 0; group < size; group += kGroup) {
    const std::size_t group_end = std::min(size, group + kGroup);
    tbb::parallel_for(group, group_end, kBlock, [&](std::size_t first) {
      const std::size_t last = std::min(group_end, first + kBlock);
      for (std::size_t i = first; i < last; ++i) {
        std::string& row = rows[i - group];
        row.clear();
        row.reserve(lower[i].size() * 2 + 64);
        row += core::csv_field(names[i]);
        row += ',';
        row += lower[i];
      }
      for (std::size_t j = first + 1; j < size; ++j)
        for (std::size_t i = first; i < std::min(last, j); ++i) {
          rows[i - group] += ',';
          rows[i - group] += entry(j, i);
        }
      for (std::size_t i = first; i < last; ++i) rows[i - group] += '\n';
    });
    for (std::size_t i = group; i < group_end; ++i) text += rows[i - group];
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
  std::optional<stats::RankSumExactDistribution> exact;
  if (class_1 < 50 && class_0 < 50) exact.emplace(static_cast<int>(class_1), static_cast<int>(class_0));
  // Features in parallel, each into its own slot (notes too): the same output whatever the threads.
  std::vector<FeatureScreening> screened(feature_count);
  std::vector<std::vector<std::string>> feature_notes(feature_count);
  tbb::parallel_for(std::size_t{0}, feature_count, [&](std::size_t j) {
    const auto column = matrix.values.col(static_cast<Eigen::Index>(j));
    const std::vector<double> values(column.data(), column.data() + column.size());
    screened[j] =
        screen_feature(matrix.names[j], values, labels, options.confidence_level, exact, feature_notes[j]);
  });
  for (const auto& notes : feature_notes)
    results.notes.insert(results.notes.end(), notes.begin(), notes.end());
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
  const bool spearman = options.spearman == SpearmanOutput::kFull ||
                        (options.spearman == SpearmanOutput::kAuto && feature_count <= kSpearmanAutoLimit);
  if (spearman) {
    results.files.emplace_back(
        "spearman.csv",
        symmetric_matrix_csv("feature", matrix.names, stats::spearman_correlation_matrix(matrix.values)));
  } else if (options.spearman == SpearmanOutput::kAuto) {
    const double numbers = static_cast<double>(feature_count) * static_cast<double>(feature_count);
    results.notes.push_back(fmt::format(
        "spearman.csv not written: {} features make a {} x {} matrix ({:.2g} numbers, about {:.1f} GB of "
        "text; "
        "the limit without --spearman is {} features): --spearman full writes it, --spearman none leaves it "
        "out without this note",
        feature_count, feature_count, feature_count, numbers, numbers * 20.5 / 1e9, kSpearmanAutoLimit));
  }

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
