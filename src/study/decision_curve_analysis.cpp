#include "study/decision_curve_analysis.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "core/csv.hpp"
#include "core/data_table.hpp"
#include "core/errors.hpp"
#include "stats/decision_curve.hpp"

namespace radstudy::study {
namespace {

struct ModelPredictions {
  std::string name;
  std::vector<double> probability;
  std::vector<int> outcome;
};

int read_outcome_value(double value, const std::string& source, const std::string& column,
                       const std::string& id) {
  if (std::isnan(value))
    throw InputError(fmt::format("{}: the outcome '{}' is missing for {}", source, column, id));
  if (value != 0.0 && value != 1.0)
    throw InputError(
        fmt::format("{}: the outcome '{}' must be 0 or 1; {} has {}", source, column, id, value));
  return value == 1.0 ? 1 : 0;
}

double read_probability(double value, const std::string& source, const std::string& model,
                        const std::string& id) {
  if (std::isnan(value))
    throw InputError(
        fmt::format("{}: the predicted probability of model '{}' is missing for {}", source, model, id));
  if (value < 0.0 || value > 1.0)
    throw InputError(
        fmt::format("{}: model '{}' gives {} for {}: decision curves need probabilities in [0, 1]", source,
                    model, value, id));
  return value;
}

// One column per model (wide): id, outcome, model columns.
std::vector<ModelPredictions> read_wide(const DecisionCurveOptions& options) {
  const auto table = core::DataTable::read(options.data, options.id, "predictions table (CSV)");
  if (options.outcome.empty())
    throw ConfigError(fmt::format(
        "{}: a table of probability columns needs its outcome column; give --outcome NAME", options.data));
  if (options.models.empty())
    throw ConfigError(fmt::format(
        "{}: which columns hold the predicted probabilities? give --curves NAME,...", options.data));
  const auto& outcome_values = table.numbers(options.outcome);
  std::vector<int> outcome;
  for (std::size_t row = 0; row < table.row_count(); ++row)
    outcome.push_back(
        read_outcome_value(outcome_values[row], table.source(), options.outcome, table.ids()[row]));
  std::vector<ModelPredictions> models;
  for (const auto& name : options.models) {
    const auto& values = table.numbers(name);
    ModelPredictions model{name, {}, outcome};
    for (std::size_t row = 0; row < table.row_count(); ++row)
      model.probability.push_back(read_probability(values[row], table.source(), name, table.ids()[row]));
    models.push_back(std::move(model));
  }
  return models;
}

// Out-of-fold predictions of `radstudy model` (long): id, model, set, score, label, ... Test rows only;
// with repeats, every repeat's predictions are pooled (the mean net benefit over repeats).
std::vector<ModelPredictions> read_long(const DecisionCurveOptions& options, const core::CsvTable& csv) {
  // predictions.csv's probability column (svm: Platt's); an older file without it has probabilities as
  // scores.
  const int model_column = csv.column("model"),
            score_column = csv.column("probability") >= 0 ? csv.column("probability") : csv.column("score");
  const int set_column = csv.column("set"), id_column = csv.column(options.id);
  const std::string outcome_name = options.outcome.empty() ? "label" : options.outcome;
  const int outcome_column = csv.column(outcome_name);
  if (outcome_column < 0)
    throw InputError(fmt::format("{}: no outcome column '{}'", options.data, outcome_name));
  std::map<std::string, ModelPredictions> by_model;
  std::vector<std::string> order;
  for (const auto& row : csv.rows) {
    if (set_column >= 0 && row[static_cast<std::size_t>(set_column)] != "test") continue;
    const std::string& model = row[static_cast<std::size_t>(model_column)];
    if (!options.models.empty() &&
        std::find(options.models.begin(), options.models.end(), model) == options.models.end())
      continue;
    const std::string id = id_column >= 0 ? row[static_cast<std::size_t>(id_column)] : "?";
    auto parse = [&](int column) {
      const std::string& text = row[static_cast<std::size_t>(column)];
      if (core::is_missing_token(text)) return std::nan("");
      try {
        std::size_t used = 0;
        const double value = std::stod(text, &used);
        if (used != text.size()) throw std::invalid_argument(text);
        return value;
      } catch (const std::exception&) {
        throw InputError(
            fmt::format("{}: '{}' is not a number (case {}, model {})", options.data, text, id, model));
      }
    };
    auto [entry, inserted] = by_model.try_emplace(model, ModelPredictions{model, {}, {}});
    if (inserted) order.push_back(model);
    entry->second.probability.push_back(read_probability(parse(score_column), options.data, model, id));
    entry->second.outcome.push_back(
        read_outcome_value(parse(outcome_column), options.data, outcome_name, id));
  }
  std::vector<ModelPredictions> models;
  for (const auto& name : order) models.push_back(std::move(by_model.at(name)));
  for (const auto& name : options.models)
    if (!by_model.count(name))
      throw InputError(fmt::format("{}: no test predictions of model '{}'", options.data, name));
  if (models.empty()) throw InputError(fmt::format("{}: no test predictions", options.data));
  return models;
}

}  // namespace

std::string decision_curves_csv(const DecisionCurveOptions& options) {
  const auto csv = core::read_csv(options.data, "predictions table (CSV)");
  const bool long_format = csv.column("model") >= 0 && csv.column("score") >= 0;
  const auto models = long_format ? read_long(options, csv) : read_wide(options);
  const auto thresholds = stats::percent_thresholds();
  std::string text = "threshold,model,net_benefit\n";
  auto add = [&](const std::string& name, const std::vector<stats::NetBenefit>& curve) {
    for (const auto& point : curve)
      text += fmt::format("{},{},{}\n", core::csv_number(point.threshold), core::csv_field(name),
                          core::csv_number(point.net_benefit));
  };
  const auto& reference = models.front().outcome;
  const auto events = std::count(reference.begin(), reference.end(), 1);
  if (events == 0 || events == static_cast<long>(reference.size()))
    throw InputError(
        fmt::format("{}: the outcome has one class only ({} of {} cases are 1): no decision curve",
                    options.data, events, reference.size()));
  add("treat_all", stats::treat_all_curve(reference, thresholds));
  std::string none;
  for (double threshold : thresholds) none += fmt::format("{},treat_none,0\n", core::csv_number(threshold));
  text += none;
  for (const auto& model : models) {
    if (model.outcome != reference)
      throw InputError(
          fmt::format("{}: model '{}' was tested on other cases than '{}': compare models on the same cases",
                      options.data, model.name, models.front().name));
    add(model.name, stats::net_benefit_curve(model.probability, model.outcome, thresholds));
  }
  return text;
}

}  // namespace radstudy::study
