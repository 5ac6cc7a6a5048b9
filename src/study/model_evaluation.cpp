#include "study/model_evaluation.hpp"

#include <fmt/format.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <map>
#include <set>

#include "core/csv.hpp"
#include "core/data_table.hpp"
#include "core/errors.hpp"
#include "core/seeded_random.hpp"
#include "core/text.hpp"
#include "core/text_file.hpp"
#include "models/classifier.hpp"
#include "models/r_moments.hpp"
#include "stats/lasso_logistic.hpp"
#include "stats/roc_curve.hpp"
#include "study/feature_table.hpp"

namespace radstudy::study {
namespace {

int count_class(const std::vector<int>& labels, const std::vector<std::size_t>& rows, int label) {
  int count = 0;
  for (auto row : rows) count += labels[row] == label ? 1 : 0;
  return count;
}

std::vector<int> labels_of(const std::vector<int>& labels, const std::vector<std::size_t>& rows) {
  std::vector<int> result;
  result.reserve(rows.size());
  for (auto row : rows) result.push_back(labels[row]);
  return result;
}

std::string optional_number(const std::optional<double>& value) {
  return value ? core::csv_number(*value) : std::string();
}

}  // namespace

std::uint64_t task_seed(std::uint64_t seed, int repeat, int fold, const std::string& model) {
  using core::mixed_seed;
  std::uint64_t value = mixed_seed(seed);
  value = mixed_seed(value ^ static_cast<std::uint64_t>(repeat));
  value = mixed_seed(value ^ (static_cast<std::uint64_t>(fold) << 20));
  return mixed_seed(value ^ core::text_hash(model));
}

ModelingData read_modeling_data(const std::string& features_path, const std::string& clinical_path,
                                const std::string& id_column, const std::string& label_column,
                                bool drop_failed) {
  auto read = read_feature_table(features_path, id_column, drop_failed);
  const auto& features = read.table;
  auto clinical =
      without_cases(core::DataTable::read(clinical_path, id_column, "clinical table (CSV)"), read.failed_ids);
  if (!clinical.has(label_column))
    throw InputError(fmt::format("{}: no label column '{}'", clinical.source(), label_column));
  if (features.has(label_column))
    throw InputError(
        fmt::format("{}: the label column '{}' is also a feature column", features.source(), label_column));
  clinical = clinical.with_only_columns({label_column});
  const auto table = features.joined(clinical);  // InputError listing ids in one file only
  ModelingData data;
  data.notes = std::move(read.notes);
  data.ids = table.ids();
  const auto& label_values = table.column(label_column);
  for (std::size_t row = 0; row < table.row_count(); ++row) {
    const auto& text = label_values.labels[row];
    if (!text)
      throw InputError(
          fmt::format("{}: the label '{}' is missing for {}", clinical_path, label_column, data.ids[row]));
    const double value = label_values.numeric ? label_values.numbers[row] : std::nan("");
    if (value != 0.0 && value != 1.0)
      throw InputError(fmt::format("{}: the label '{}' must be 0 or 1; {} has '{}'", clinical_path,
                                   label_column, data.ids[row], *text));
    data.labels.push_back(value == 1.0 ? 1 : 0);
  }
  const int ones = static_cast<int>(std::count(data.labels.begin(), data.labels.end(), 1));
  const int zeros = static_cast<int>(data.labels.size()) - ones;
  if (ones < 2 || zeros < 2)
    throw InputError(
        fmt::format("{}: '{}' has {} cases of class 0 and {} of class 1: at least 2 of each are needed",
                    clinical_path, label_column, zeros, ones));
  std::vector<std::string> constant;
  std::vector<const core::DataColumn*> kept;
  for (const auto& column : table.columns()) {
    if (column.name == label_column) continue;
    for (std::size_t row = 0; row < table.row_count(); ++row)
      if (!column.labels[row])
        throw InputError(
            fmt::format("{}: feature '{}' is missing for {} (radstudy does not impute: remove the case or "
                        "the feature)",
                        features_path, column.name, data.ids[row]));
    if (!column.numeric) {
      for (std::size_t row = 0; row < table.row_count(); ++row) {
        const std::string& text = *column.labels[row];
        char* end = nullptr;
        const double value = std::strtod(text.c_str(), &end);
        if (end == text.c_str() || *end != '\0' || !std::isfinite(value))
          throw InputError(fmt::format("{}: feature '{}' is not numeric: {} has '{}'", features_path,
                                       column.name, data.ids[row], text));
      }
    }
    const auto& values = column.numbers;
    if (std::all_of(values.begin(), values.end(), [&](double v) { return v == values.front(); })) {
      constant.push_back(column.name);
      continue;
    }
    kept.push_back(&column);
  }
  if (!constant.empty())
    data.notes.push_back(fmt::format("{} constant feature(s) left out (no information): {}", constant.size(),
                                     fmt::join(constant, ", ")));
  if (kept.empty())
    throw InputError(fmt::format("{}: no feature column left (every one is constant)", features_path));
  data.features.resize(static_cast<Eigen::Index>(data.ids.size()), static_cast<Eigen::Index>(kept.size()));
  for (std::size_t j = 0; j < kept.size(); ++j) {
    data.feature_names.push_back(kept[j]->name);
    for (std::size_t row = 0; row < data.ids.size(); ++row)
      data.features(static_cast<Eigen::Index>(row), static_cast<Eigen::Index>(j)) = kept[j]->numbers[row];
  }
  return data;
}

FoldPlan stratified_folds(const std::vector<int>& labels, int k, int repeats, std::uint64_t seed) {
  if (k < 2) throw ConfigError(fmt::format("--k {}: at least 2 folds", k));
  if (repeats < 1) throw ConfigError(fmt::format("--repeats {}: at least 1", repeats));
  for (int label = 0; label < 2; ++label) {
    const auto count = std::count(labels.begin(), labels.end(), label);
    if (count < k)
      throw ConfigError(fmt::format(
          "--k {}: class {} has {} cases; stratified folds need at least k of each class", k, label, count));
  }
  FoldPlan plan;
  plan.fold_count = k;
  for (int repeat = 1; repeat <= repeats; ++repeat) {
    core::SeededRandom random(task_seed(seed, repeat, 0, "folds"));
    std::vector<int> fold(labels.size(), 0);
    std::size_t dealt = 0;
    for (int label = 0; label < 2; ++label) {
      std::vector<std::size_t> members;
      for (std::size_t i = 0; i < labels.size(); ++i)
        if (labels[i] == label) members.push_back(i);
      for (std::size_t i = members.size(); i > 1; --i)  // Fisher-Yates
        std::swap(members[i - 1], members[random.below(i)]);
      for (auto member : members) fold[member] = static_cast<int>(dealt++ % static_cast<std::size_t>(k)) + 1;
    }
    plan.fold_of_case.push_back(std::move(fold));
  }
  return plan;
}

FoldPlan read_folds(const std::string& path, const ModelingData& data) {
  const auto csv = core::read_csv(path, "folds (CSV)");
  const int id_column = csv.column("id"), fold_column = csv.column("fold"),
            repeat_column = csv.column("repeat");
  if (id_column < 0 || fold_column < 0)
    throw InputError(fmt::format("{}: the folds file needs columns id,fold[,repeat]", path));
  std::map<std::string, std::size_t> case_of;
  for (std::size_t i = 0; i < data.ids.size(); ++i) case_of[data.ids[i]] = i;
  std::map<int, std::vector<int>> by_repeat;
  auto parse_int = [&](const std::string& text, const char* what, std::size_t line) {
    char* end = nullptr;
    const long value = std::strtol(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || value < 1)
      throw InputError(
          fmt::format("{}: line {}: {} '{}' is not a positive integer", path, line + 2, what, text));
    return static_cast<int>(value);
  };
  for (std::size_t line = 0; line < csv.rows.size(); ++line) {
    const auto& row = csv.rows[line];
    const auto& id = row[static_cast<std::size_t>(id_column)];
    const auto found = case_of.find(id);
    if (found == case_of.end())
      throw InputError(fmt::format("{}: case '{}' is not among the cases of the study", path, id));
    const int fold = parse_int(row[static_cast<std::size_t>(fold_column)], "fold", line);
    const int repeat =
        repeat_column < 0 ? 1 : parse_int(row[static_cast<std::size_t>(repeat_column)], "repeat", line);
    auto& folds = by_repeat[repeat];
    if (folds.empty()) folds.assign(data.ids.size(), 0);
    if (folds[found->second] != 0)
      throw InputError(fmt::format("{}: case '{}' appears twice in repeat {}", path, id, repeat));
    folds[found->second] = fold;
  }
  if (by_repeat.empty()) throw InputError(fmt::format("{}: no folds", path));
  FoldPlan plan;
  int expected_repeat = 1;
  for (auto& [repeat, folds] : by_repeat) {
    if (repeat != expected_repeat++)
      throw InputError(fmt::format("{}: repeats must be numbered 1, 2, ...", path));
    for (std::size_t i = 0; i < folds.size(); ++i)
      if (folds[i] == 0)
        throw InputError(fmt::format("{}: case '{}' has no fold in repeat {}", path, data.ids[i], repeat));
    const int count = *std::max_element(folds.begin(), folds.end());
    for (int fold = 1; fold <= count; ++fold)
      if (std::find(folds.begin(), folds.end(), fold) == folds.end())
        throw InputError(fmt::format("{}: repeat {} has no case in fold {} (folds must be numbered 1..K)",
                                     path, repeat, fold));
    if (count < 2) throw InputError(fmt::format("{}: repeat {} has a single fold", path, repeat));
    plan.fold_count = std::max(plan.fold_count, count);
    plan.fold_of_case.push_back(folds);
  }
  return plan;
}

std::string folds_csv(const FoldPlan& plan, const ModelingData& data) {
  std::string text = "id,fold,repeat\n";
  for (std::size_t repeat = 0; repeat < plan.fold_of_case.size(); ++repeat)
    for (std::size_t i = 0; i < data.ids.size(); ++i)
      text +=
          fmt::format("{},{},{}\n", core::csv_field(data.ids[i]), plan.fold_of_case[repeat][i], repeat + 1);
  return text;
}

std::string describe_selection(const SelectionOptions& selection) {
  if (selection.lasso_features == 0) return "none (every feature)";
  if (selection.scope == SelectionScope::kFold)
    return fmt::format("lasso:{} inside each training fold (nested: honest)", selection.lasso_features);
  return fmt::format(
      "lasso:{} once on all cases before cross-validation (select-scope all: leaks test information "
      "into every fold, the estimates are optimistic)",
      selection.lasso_features);
}

Scaler Scaler::fit(const Eigen::MatrixXd& x, const std::vector<std::size_t>& rows) {
  Scaler scaler;
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    const auto value = [&](std::size_t i) { return x(static_cast<Eigen::Index>(rows[i]), j); };
    scaler.mean.push_back(models::r_mean(value, rows.size()));
    scaler.sd.push_back(models::r_standard_deviation(value, rows.size()));
  }
  return scaler;
}

Eigen::MatrixXd Scaler::apply(const Eigen::MatrixXd& x, const std::vector<std::size_t>& rows) const {
  Eigen::MatrixXd result(static_cast<Eigen::Index>(rows.size()), x.cols());
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
      const double sd = this->sd[static_cast<std::size_t>(j)];
      result(static_cast<Eigen::Index>(i), j) =
          sd > 0.0 ? (x(static_cast<Eigen::Index>(rows[i]), j) - mean[static_cast<std::size_t>(j)]) / sd
                   : 0.0;
    }
  return result;
}

namespace {

// The training cases' z-scored matrix restricted to the selected features.
struct FoldSetup {
  std::vector<std::size_t> train_rows, test_rows;
  std::vector<std::size_t> features;  // columns of data.features used
  Eigen::MatrixXd train_x, test_x;
  std::vector<int> train_y, test_y;
  std::vector<SelectedFeature> selected;
  std::string note;
};

// Stratified inner folds for cv.glmnet, from the seed, repeat and fold.
std::vector<int> inner_folds(const std::vector<int>& labels, int wanted, std::uint64_t seed) {
  const auto ones = std::count(labels.begin(), labels.end(), 1);
  const auto zeros = static_cast<long>(labels.size()) - ones;
  const int k = static_cast<int>(std::max<long>(2, std::min<long>(wanted, std::min(ones, zeros))));
  return stratified_folds(labels, k, 1, seed).fold_of_case.front();
}

std::vector<SelectedFeature> lasso_select(const Eigen::MatrixXd& z, const std::vector<int>& y,
                                          const ModelingData& data,
                                          const std::vector<std::size_t>& candidate_columns,
                                          const SelectionOptions& selection, std::uint64_t seed, int repeat,
                                          int fold) {
  const auto folds = inner_folds(y, selection.inner_folds, seed);
  const auto cv = stats::cross_validate_lasso(z, y, folds);
  const auto top = stats::top_lasso_features(cv, selection.lasso_features);
  if (top.empty())
    throw NumericalError(
        fmt::format("lasso selection (repeat {}, fold {}) kept no feature: the whole glmnet path is "
                    "empty; use --select none",
                    repeat, fold));
  std::vector<SelectedFeature> result;
  for (const auto& [column, coefficient] : top)
    result.push_back({repeat, fold, data.feature_names[candidate_columns[column]], coefficient});
  return result;
}

std::vector<std::size_t> columns_of(const std::vector<SelectedFeature>& selected, const ModelingData& data) {
  std::vector<std::size_t> columns;
  for (const auto& feature : selected)
    columns.push_back(static_cast<std::size_t>(
        std::find(data.feature_names.begin(), data.feature_names.end(), feature.feature) -
        data.feature_names.begin()));
  return columns;
}

Eigen::MatrixXd take_columns(const Eigen::MatrixXd& x, const std::vector<std::size_t>& columns) {
  Eigen::MatrixXd result(x.rows(), static_cast<Eigen::Index>(columns.size()));
  for (std::size_t j = 0; j < columns.size(); ++j)
    result.col(static_cast<Eigen::Index>(j)) = x.col(static_cast<Eigen::Index>(columns[j]));
  return result;
}

std::vector<std::size_t> all_rows(std::size_t count) {
  std::vector<std::size_t> rows(count);
  for (std::size_t i = 0; i < count; ++i) rows[i] = i;
  return rows;
}

std::vector<std::size_t> all_columns(const ModelingData& data) {
  return all_rows(data.feature_names.size());
}

MetricRow metrics_of(const std::vector<double>& score, const std::vector<int>& label, double threshold) {
  MetricRow row;
  row.n = static_cast<int>(score.size());
  for (std::size_t i = 0; i < score.size(); ++i) {
    const bool positive = score[i] > threshold;
    if (label[i] == 1)
      (positive ? row.tp : row.fn)++;
    else
      (positive ? row.fp : row.tn)++;
  }
  row.accuracy = static_cast<double>(row.tp + row.tn) / row.n;
  if (row.tp + row.fn > 0) row.sensitivity = static_cast<double>(row.tp) / (row.tp + row.fn);
  if (row.tn + row.fp > 0) row.specificity = static_cast<double>(row.tn) / (row.tn + row.fp);
  if (row.tp + row.fp > 0) row.precision = static_cast<double>(row.tp) / (row.tp + row.fp);
  if (2 * row.tp + row.fp + row.fn > 0) row.f1 = 2.0 * row.tp / (2 * row.tp + row.fp + row.fn);
  if (row.tp + row.fn > 0 && row.tn + row.fp > 0)
    row.auc = stats::area_under_roc(score, label);
  else
    row.note = "one class only: no AUC";
  return row;
}

void append_note(std::string& note, const std::string& more) {
  if (more.empty()) return;
  note += note.empty() ? more : "; " + more;
}

SummaryRow summarise(const std::string& model, const std::string& set, const std::string& metric,
                     const std::vector<double>& values) {
  SummaryRow row{model, set, metric, std::nullopt, static_cast<int>(values.size()), {}, {}, {}, {}, ""};
  if (values.empty()) return row;
  double sum = 0.0;
  for (double v : values) sum += v;
  const double mean = sum / static_cast<double>(values.size());
  row.mean = mean;
  if (values.size() < 2) return row;
  double squares = 0.0;
  for (double v : values) squares += (v - mean) * (v - mean);
  const double sd = std::sqrt(squares / static_cast<double>(values.size() - 1));
  row.sd = sd;
  const boost::math::students_t t(static_cast<double>(values.size() - 1));
  const double half = boost::math::quantile(boost::math::complement(t, 0.025)) * sd /
                      std::sqrt(static_cast<double>(values.size()));
  row.lower = mean - half;
  row.upper = mean + half;
  row.interval =
      "mean +/- t(0.975) sd / sqrt(count) over folds and repeats (folds are not independent: optimistic)";
  return row;
}

// The classifier `name` with the run's options (neural_net's weight limit).
std::unique_ptr<models::Classifier> make_model(const std::string& name, const EvaluationOptions& options) {
  if (name == "neural_net") {
    models::NeuralNetworkSettings settings;
    settings.max_weights = options.neural_net_max_weights;
    return std::make_unique<models::NeuralNetwork>(settings);
  }
  return models::make_classifier(name);
}

std::vector<SummaryRow> summary_rows(const EvaluationResult& result, const std::vector<std::string>& models,
                                     const ModelingData& data, const FoldPlan& plan) {
  std::vector<SummaryRow> rows;
  const std::vector<std::pair<std::string, std::optional<double> MetricRow::*>> metrics = {
      {"accuracy", &MetricRow::accuracy},
      {"sensitivity", &MetricRow::sensitivity},
      {"specificity", &MetricRow::specificity},
      {"precision", &MetricRow::precision},
      {"f1", &MetricRow::f1},
      {"auc", &MetricRow::auc}};
  for (const auto& model : models) {
    for (const std::string set : {"train", "test"})
      for (const auto& [metric, member] : metrics) {
        std::vector<double> values;
        for (const auto& row : result.metrics)
          if (row.model == model && row.set == set && (row.*member)) values.push_back(*(row.*member));
        rows.push_back(summarise(model, set, metric, values));
      }
    // The pooled out-of-fold AUC of each repeat (every case scored once, by the model that did not see it).
    for (std::size_t repeat = 0; repeat < plan.fold_of_case.size(); ++repeat) {
      std::vector<double> scores(data.ids.size(), 0.0);
      for (const auto& prediction : result.predictions)
        if (prediction.model == model && prediction.set == "test" &&
            prediction.repeat == static_cast<int>(repeat) + 1)
          scores[prediction.case_index] = prediction.score;
      SummaryRow row{
          model, "test", "pooled_auc", static_cast<int>(repeat) + 1, static_cast<int>(data.ids.size()), {},
          {},    {},     {},           "DeLong 95% (pROC::ci.auc)"};
      const auto auc = stats::roc_auc(scores, data.labels);
      row.mean = auc.auc;
      row.sd = std::sqrt(auc.variance);
      row.lower = auc.lower;
      row.upper = auc.upper;
      rows.push_back(row);
    }
  }
  return rows;
}

}  // namespace

namespace {

// The memory of neural_net's fit matrix, as "4 MB" or "10 GB".
std::string memory_text(std::size_t weights) {
  const double bytes = models::NeuralNetwork::fit_matrix_bytes(weights);
  return bytes >= 1e9 ? fmt::format("{:.0f} GB", bytes / 1e9)
                      : fmt::format("{:.0f} MB", std::max(1.0, bytes / 1e6));
}

}  // namespace

void check_models_fit_table(std::size_t feature_count, const EvaluationOptions& options) {
  if (std::find(options.models.begin(), options.models.end(), "neural_net") == options.models.end()) return;
  const models::NeuralNetworkSettings network;
  const std::size_t lasso = options.selection.lasso_features;
  const std::size_t seen = lasso > 0 ? std::min(lasso, feature_count) : feature_count;
  const std::size_t weights =
      models::NeuralNetwork::weight_count(static_cast<Eigen::Index>(seen), network.hidden_units);
  const std::size_t limit = options.neural_net_max_weights;
  if (weights <= limit) return;
  std::vector<std::string> ways;
  if (const auto largest = models::NeuralNetwork::largest_feature_count(network.hidden_units, limit);
      largest > 0)
    ways.push_back(fmt::format("select at most {} features (--select lasso:{})", largest, largest));
  std::vector<std::string> others;
  for (const auto& name : options.models)
    if (name != "neural_net") others.push_back(name);
  if (!others.empty())
    ways.push_back(fmt::format("leave neural_net out (--models {})", fmt::join(others, ",")));
  ways.push_back(fmt::format("raise the limit (--nnet-max-weights {})", weights));
  throw ConfigError(fmt::format(
      "neural_net cannot be fitted on this table: {} features{} give (p + 1) x {} + {} = {} weights, more "
      "than the "
      "limit of {} (R nnet's MaxNWts; its BFGS fit keeps half of a {} x {} matrix: {} per fit): {}",
      seen, lasso > 0 && lasso < feature_count ? fmt::format(" (lasso:{})", lasso) : std::string(),
      network.hidden_units, network.hidden_units + 1, weights, limit, weights, weights, memory_text(weights),
      fmt::join(ways, ", or ")));
}

EvaluationResult evaluate_models(const ModelingData& data, const FoldPlan& plan,
                                 const EvaluationOptions& options) {
  if (options.models.empty()) throw ConfigError("no model to evaluate");
  for (const auto& name : options.models) models::make_classifier(name);  // ConfigError for an unknown name
  check_models_fit_table(data.feature_names.size(), options);
  EvaluationResult result;
  result.selection_description = describe_selection(options.selection);
  const int repeats = static_cast<int>(plan.fold_of_case.size());
  const int folds = plan.fold_count;
  tbb::task_arena arena(std::max(1, options.jobs));

  // Selection on all cases (the leak), when asked for.
  std::vector<SelectedFeature> global_selection;
  if (options.selection.lasso_features > 0 && options.selection.scope == SelectionScope::kAll) {
    const auto rows = all_rows(data.ids.size());
    const auto z = Scaler::fit(data.features, rows).apply(data.features, rows);
    global_selection = lasso_select(z, data.labels, data, all_columns(data), options.selection,
                                    task_seed(options.seed, 0, 0, "lasso"), 0, 0);
    result.selected = global_selection;
  }

  // Per (repeat, fold): the cases, the scaler of the training cases and the selected features.
  std::vector<FoldSetup> setups(static_cast<std::size_t>(repeats * folds));
  arena.execute([&] {
    tbb::parallel_for(0, repeats * folds, [&](int task) {
      const int repeat = task / folds + 1, fold = task % folds + 1;
      FoldSetup& setup = setups[static_cast<std::size_t>(task)];
      const auto& fold_of_case = plan.fold_of_case[static_cast<std::size_t>(repeat - 1)];
      for (std::size_t i = 0; i < fold_of_case.size(); ++i)
        (fold_of_case[i] == fold ? setup.test_rows : setup.train_rows).push_back(i);
      if (setup.test_rows.empty()) return;  // a repeat with fewer folds than another
      for (int label = 0; label < 2; ++label)
        if (count_class(data.labels, setup.train_rows, label) < 2)
          throw InputError(
              fmt::format("repeat {}, fold {}: the training cases have {} of class {}: at least 2 of each "
                          "class are needed to fit the models",
                          repeat, fold, count_class(data.labels, setup.train_rows, label), label));
      setup.train_y = labels_of(data.labels, setup.train_rows);
      setup.test_y = labels_of(data.labels, setup.test_rows);
      const auto scaler = Scaler::fit(data.features, setup.train_rows);
      std::size_t flat = 0;
      for (double sd : scaler.sd) flat += sd > 0.0 ? 0 : 1;
      if (flat > 0) setup.note = fmt::format("{} feature(s) constant in the training cases: set to 0", flat);
      auto train_z = scaler.apply(data.features, setup.train_rows);
      auto test_z = scaler.apply(data.features, setup.test_rows);
      if (options.selection.lasso_features == 0) {
        setup.features = all_columns(data);
      } else if (options.selection.scope == SelectionScope::kAll) {
        setup.features = columns_of(global_selection, data);
      } else {
        setup.selected = lasso_select(train_z, setup.train_y, data, all_columns(data), options.selection,
                                      task_seed(options.seed, repeat, fold, "lasso"), repeat, fold);
        setup.features = columns_of(setup.selected, data);
      }
      setup.train_x = take_columns(train_z, setup.features);
      setup.test_x = take_columns(test_z, setup.features);
    });
  });
  if (options.selection.scope == SelectionScope::kFold)
    for (const auto& setup : setups)
      result.selected.insert(result.selected.end(), setup.selected.begin(), setup.selected.end());

  // Per (repeat, fold, model): fit, score both sets.
  const int model_count = static_cast<int>(options.models.size());
  struct TaskOutput {
    std::vector<MetricRow> metrics;
    std::vector<PredictionRow> predictions;
  };
  std::vector<TaskOutput> outputs(static_cast<std::size_t>(repeats * folds * model_count));
  arena.execute([&] {
    tbb::parallel_for(0, repeats * folds * model_count, [&](int task) {
      const int model_index = task / (repeats * folds), setup_index = task % (repeats * folds);
      const int repeat = setup_index / folds + 1, fold = setup_index % folds + 1;
      const auto& setup = setups[static_cast<std::size_t>(setup_index)];
      if (setup.test_rows.empty()) return;
      const auto& name = options.models[static_cast<std::size_t>(model_index)];
      auto model = make_model(name, options);
      model->fit(setup.train_x, setup.train_y, task_seed(options.seed, repeat, fold, name));
      std::string fit_note = setup.note;
      for (const auto& note : model->fit_notes()) append_note(fit_note, note);
      auto& output = outputs[static_cast<std::size_t>(task)];
      for (const std::string set : {"train", "test"}) {
        const bool train = set == "train";
        const auto& x = train ? setup.train_x : setup.test_x;
        const auto scores = model->score(x);
        const auto probabilities = model->probability(x);
        const auto& labels = train ? setup.train_y : setup.test_y;
        const auto& rows = train ? setup.train_rows : setup.test_rows;
        for (std::size_t i = 0; i < scores.size(); ++i) {
          if (!std::isfinite(scores[i]))
            throw NumericalError(fmt::format("{} gave a non-finite score for case {} (repeat {}, fold {})",
                                             name, data.ids[rows[i]], repeat, fold));
          output.predictions.push_back({rows[i], name, repeat, fold, set, scores[i],
                                        scores[i] > model->threshold() ? 1 : 0, labels[i], probabilities[i]});
        }
        auto row = metrics_of(scores, labels, model->threshold());
        row.model = name;
        row.repeat = repeat;
        row.fold = fold;
        row.set = set;
        std::string note = fit_note;
        append_note(note, row.note);
        row.note = note;
        output.metrics.push_back(std::move(row));
      }
    });
  });
  for (auto& output : outputs) {
    std::move(output.metrics.begin(), output.metrics.end(), std::back_inserter(result.metrics));
    std::move(output.predictions.begin(), output.predictions.end(), std::back_inserter(result.predictions));
  }
  result.summary = summary_rows(result, options.models, data, plan);
  return result;
}

std::string metrics_csv(const std::vector<MetricRow>& rows) {
  std::string text =
      "model,repeat,fold,set,n,tp,fp,tn,fn,accuracy,sensitivity,specificity,precision,f1,auc,note\n";
  for (const auto& row : rows)
    text += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", row.model, row.repeat, row.fold,
                        row.set, row.n, row.tp, row.fp, row.tn, row.fn, optional_number(row.accuracy),
                        optional_number(row.sensitivity), optional_number(row.specificity),
                        optional_number(row.precision), optional_number(row.f1), optional_number(row.auc),
                        core::csv_field(row.note));
  return text;
}

std::string predictions_csv(const std::vector<PredictionRow>& rows, const ModelingData& data) {
  std::string text = "id,model,repeat,fold,set,score,predicted,label,probability\n";
  for (const auto& row : rows)
    text += fmt::format("{},{},{},{},{},{},{},{},{}\n", core::csv_field(data.ids[row.case_index]), row.model,
                        row.repeat, row.fold, row.set, core::csv_number(row.score), row.predicted, row.label,
                        core::csv_number(row.probability));
  return text;
}

std::string summary_csv(const EvaluationResult& result) {
  std::string text = "model,set,metric,repeat,count,mean,sd,lower,upper,interval,selection\n";
  for (const auto& row : result.summary)
    text += fmt::format("{},{},{},{},{},{},{},{},{},{},{}\n", row.model, row.set, row.metric,
                        row.repeat ? std::to_string(*row.repeat) : std::string(), row.count,
                        optional_number(row.mean), optional_number(row.sd), optional_number(row.lower),
                        optional_number(row.upper), core::csv_field(row.interval),
                        core::csv_field(result.selection_description));
  return text;
}

std::string selected_csv(const std::vector<SelectedFeature>& rows) {
  std::string text = "repeat,fold,feature,coefficient\n";
  for (const auto& row : rows)
    text += fmt::format("{},{},{},{}\n", row.repeat, row.fold, core::csv_field(row.feature),
                        core::csv_number(row.coefficient));
  return text;
}

nlohmann::json train_final_model(const ModelingData& data, const EvaluationOptions& options,
                                 const EvaluationResult& cross_validation, const std::string& id_column,
                                 const std::string& label_column, const std::string& extraction_parameters) {
  const auto rows = all_rows(data.ids.size());
  auto columns = all_columns(data);
  nlohmann::json selection = {{"method", "none"}};
  if (options.selection.lasso_features > 0) {
    const auto z = Scaler::fit(data.features, rows).apply(data.features, rows);
    const auto chosen = lasso_select(z, data.labels, data, columns, options.selection,
                                     task_seed(options.seed, 0, 0, "lasso"), 0, 0);
    columns = columns_of(chosen, data);
    nlohmann::json coefficients = nlohmann::json::array();
    for (const auto& feature : chosen)
      coefficients.push_back({{"feature", feature.feature}, {"coefficient", feature.coefficient}});
    selection = {{"method", "lasso"},
                 {"k", options.selection.lasso_features},
                 {"scope",
                  "all cases: right for a final model (every case is training data); the cross-validation "
                  "summary below estimates how well this procedure does on new cases"},
                 {"lasso_coefficients", coefficients}};
  }
  const Eigen::MatrixXd x = take_columns(data.features, columns);
  const auto scaler = Scaler::fit(x, rows);
  const auto z = scaler.apply(x, rows);
  std::vector<std::string> features;
  for (auto column : columns) features.push_back(data.feature_names[column]);
  nlohmann::json models = nlohmann::json::array();
  for (const auto& name : options.models) {
    auto model = make_model(name, options);
    model->fit(z, data.labels, task_seed(options.seed, 0, 0, name));
    auto entry = model->to_json();
    entry["name"] = name;
    entry["threshold"] = model->threshold();
    entry["fit_notes"] = model->fit_notes();
    models.push_back(entry);
  }
  nlohmann::json summary = nlohmann::json::array();
  for (const auto& row : cross_validation.summary) {
    nlohmann::json entry = {
        {"model", row.model}, {"set", row.set}, {"metric", row.metric}, {"count", row.count}};
    if (row.repeat) entry["repeat"] = *row.repeat;
    if (row.mean) entry["mean"] = *row.mean;
    if (row.sd) entry["sd"] = *row.sd;
    if (row.lower) entry["lower"] = *row.lower;
    if (row.upper) entry["upper"] = *row.upper;
    summary.push_back(entry);
  }
  nlohmann::json result = {
      {"format", "radstudy-model"},
      {"format_version", 1},
      {"radstudy_version", RADSTUDY_VERSION},
      {"id_column", id_column},
      {"label", label_column},
      {"training_cases", data.ids.size()},
      {"input_features", data.feature_names},
      {"notes", data.notes},
      {"selection", selection},
      {"features", features},
      {"scaler",
       {{"method", "z-score: mean and sd (n - 1) of the training cases"},
        {"mean", scaler.mean},
        {"sd", scaler.sd}}},
      {"models", models},
      {"cross_validation",
       {{"selection", cross_validation.selection_description}, {"seed", options.seed}, {"summary", summary}}},
  };
  if (!extraction_parameters.empty()) {
    result["extraction_settings"] = {
        {"parameter_file", extraction_parameters},
        {"text", core::read_text_file(extraction_parameters, "parameter (YAML)")}};
  } else {
    result["extraction_settings"] = nullptr;
  }
  return result;
}

stats::LassoCrossValidation final_selection_lasso(const ModelingData& data,
                                                  const EvaluationOptions& options) {
  const auto rows = all_rows(data.ids.size());
  const auto z = Scaler::fit(data.features, rows).apply(data.features, rows);
  const auto folds =
      inner_folds(data.labels, options.selection.inner_folds, task_seed(options.seed, 0, 0, "lasso"));
  return stats::cross_validate_lasso(z, data.labels, folds);
}

SavedModel SavedModel::read(const std::string& path) {
  const std::string text = core::read_text_file(path, "model (JSON, from radstudy model --save)");
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& error) {
    throw InputError(
        fmt::format("{}: not a valid radstudy model file ({}); give a model file written by "
                    "radstudy model --save",
                    path, core::one_line(error.what())));
  }
  return from_json(std::move(json), path);
}

SavedModel SavedModel::from_json(nlohmann::json json, const std::string& source) {
  const std::string& path = source;
  SavedModel model;
  model.source_ = path;
  try {
    model.json_ = std::move(json);
    if (model.json_.value("format", "") != "radstudy-model")
      throw InputError(
          fmt::format("{}: not a radstudy model file (no \"format\": \"radstudy-model\")", path));
    model.features_ = model.json_.at("features").get<std::vector<std::string>>();
    model.scaler_.mean = model.json_.at("scaler").at("mean").get<std::vector<double>>();
    model.scaler_.sd = model.json_.at("scaler").at("sd").get<std::vector<double>>();
    if (model.scaler_.mean.size() != model.features_.size() ||
        model.scaler_.sd.size() != model.features_.size())
      throw InputError(fmt::format("{}: the scaler does not match the features", path));
    if (!model.json_.at("models").is_array() || model.json_.at("models").empty())
      throw InputError(fmt::format("{}: no model in the file", path));
    for (const auto& entry : model.json_.at("models")) models::classifier_from_json(entry);
  } catch (const nlohmann::json::exception& error) {
    throw InputError(
        fmt::format("{}: not a valid radstudy model file ({}); give a model file written by "
                    "radstudy model --save",
                    path, core::one_line(error.what())));
  } catch (const InputError& error) {
    const std::string message = error.what();
    if (message.rfind(path, 0) == 0) throw;
    throw InputError(fmt::format("{}: {}", path, message));
  }
  return model;
}

std::vector<ModelPrediction> SavedModel::predict(const std::vector<std::string>& ids,
                                                 const Eigen::MatrixXd& rows) const {
  if (static_cast<std::size_t>(rows.cols()) != features_.size() ||
      ids.size() != static_cast<std::size_t>(rows.rows()))
    throw InputError(fmt::format("{}: the model needs {} features", source_, features_.size()));
  const auto z = scaler_.apply(rows, all_rows(ids.size()));
  std::vector<ModelPrediction> predictions;
  for (const auto& entry : json_.at("models")) {
    const auto model = models::classifier_from_json(entry);
    const auto scores = model->score(z);
    const auto probabilities = model->probability(z);
    for (std::size_t i = 0; i < ids.size(); ++i)
      predictions.push_back(
          {ids[i], model->name(), scores[i], scores[i] > model->threshold() ? 1 : 0, probabilities[i]});
  }
  return predictions;
}

Eigen::MatrixXd SavedModel::row_from_extraction(const std::vector<std::string>& column_names,
                                                const std::vector<double>& values,
                                                const std::string& source) const {
  Eigen::MatrixXd row(1, static_cast<Eigen::Index>(features_.size()));
  for (std::size_t j = 0; j < features_.size(); ++j) {
    const auto found = std::find(column_names.begin(), column_names.end(), features_[j]);
    if (found == column_names.end())
      throw ConfigError(fmt::format(
          "the extraction settings do not produce feature '{}' that the model needs", features_[j]));
    const double value = values[static_cast<std::size_t>(found - column_names.begin())];
    if (!std::isfinite(value))
      throw InputError(
          fmt::format("{}: feature '{}' is not a finite number for this case", source, features_[j]));
    row(0, static_cast<Eigen::Index>(j)) = value;
  }
  return row;
}

std::string predictions_table_csv(const std::vector<ModelPrediction>& predictions) {
  std::string text = "id,model,probability,predicted,score\n";
  for (const auto& prediction : predictions)
    text += fmt::format("{},{},{},{},{}\n", core::csv_field(prediction.id), prediction.model,
                        core::csv_number(prediction.probability), prediction.predicted,
                        core::csv_number(prediction.score));
  return text;
}

}  // namespace radstudy::study
