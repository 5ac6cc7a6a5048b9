#include "study/survival_analysis.hpp"

#include <fmt/format.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <optional>
#include <set>

#include "core/csv.hpp"
#include "core/errors.hpp"
#include "stats/concordance.hpp"
#include "stats/cox_model.hpp"
#include "stats/distributions.hpp"
#include "stats/kaplan_meier.hpp"
#include "stats/log_rank.hpp"
#include "stats/survival_times.hpp"

namespace radstudy::study {
namespace {

std::string listed(const std::vector<std::string>& items, std::size_t limit = 8) {
  std::string text;
  for (std::size_t k = 0; k < items.size() && k < limit; ++k) text += (k ? ", " : "") + items[k];
  if (items.size() > limit) text += fmt::format(" and {} more", items.size() - limit);
  return text;
}

std::string number(double value) { return std::isnan(value) ? std::string("NA") : core::csv_number(value); }

struct Outcome {
  std::vector<double> time;
  std::vector<int> event;
};

Outcome read_outcome(const core::DataTable& data, const SurvivalOptions& options) {
  const auto& time = data.numbers(options.time_column);
  const auto& event = data.numbers(options.event_column);
  std::vector<std::string> missing_time, negative_time, missing_event, bad_event;
  Outcome outcome;
  for (std::size_t row = 0; row < data.row_count(); ++row) {
    const std::string& id = data.ids()[row];
    if (std::isnan(time[row])) missing_time.push_back(id);
    else if (time[row] < 0) negative_time.push_back(fmt::format("{} ({})", id, time[row]));
    if (std::isnan(event[row])) missing_event.push_back(id);
    else if (event[row] != 0.0 && event[row] != 1.0) bad_event.push_back(fmt::format("{} ({})", id, event[row]));
    outcome.time.push_back(time[row]);
    outcome.event.push_back(event[row] == 1.0 ? 1 : 0);
  }
  const std::string& source = data.source();
  if (!missing_time.empty())
    throw InputError(fmt::format("{}: the time column '{}' is missing for {}", source, options.time_column,
                                 listed(missing_time)));
  if (!negative_time.empty())
    throw InputError(fmt::format("{}: the time column '{}' is negative for {}", source, options.time_column,
                                 listed(negative_time)));
  if (!missing_event.empty())
    throw InputError(fmt::format("{}: the event column '{}' is missing for {}", source, options.event_column,
                                 listed(missing_event)));
  if (!bad_event.empty())
    throw InputError(fmt::format("{}: the event column '{}' must be 0 (censored) or 1 (event); {}", source,
                                 options.event_column, listed(bad_event)));
  if (std::accumulate(outcome.event.begin(), outcome.event.end(), 0) == 0)
    throw InputError(fmt::format("{}: no events in '{}': survival cannot be analysed", source, options.event_column));
  return outcome;
}

template <typename T>
std::vector<T> subset(const std::vector<T>& values, const std::vector<std::size_t>& rows) {
  std::vector<T> result;
  result.reserve(rows.size());
  for (std::size_t row : rows) result.push_back(values[row]);
  return result;
}

double median_of(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
}

// The cases of a grouping: group index per kept row, the group labels.
struct Grouping {
  std::vector<std::size_t> rows;
  std::vector<int> group;
  std::vector<std::string> labels;
  std::string method = "levels";
  double cut = std::nan("");
};

Grouping make_grouping(const core::DataTable& data, const std::string& name, const SurvivalOptions& options,
                       const Outcome& outcome, std::vector<std::string>& notes) {
  const core::DataColumn& column = data.column(name);
  Grouping grouping;
  std::vector<std::string> missing;
  for (std::size_t row = 0; row < data.row_count(); ++row) {
    if (column.labels[row]) grouping.rows.push_back(row);
    else missing.push_back(data.ids()[row]);
  }
  if (!missing.empty())
    notes.push_back(fmt::format("{}: {} case(s) without a value left out: {}", name, missing.size(), listed(missing)));
  if (grouping.rows.empty()) throw InputError(fmt::format("{}: the column '{}' has no values", data.source(), name));
  // A split applies to continuous columns; a two-valued one (0/1) keeps its own two groups.
  if (!options.split.empty() && !(column.numeric && column.levels().size() <= 2)) {
    if (!column.numeric)
      throw InputError(fmt::format("{}: --split {} needs a numeric column; '{}' is categorical", data.source(),
                                   options.split, name));
    const auto values = subset(column.numbers, grouping.rows);
    grouping.labels = {"low", "high"};
    if (options.split == "median") {
      grouping.method = "median split (high = value > median)";
      grouping.cut = median_of(values);
    } else {
      const auto best = stats::optimal_log_rank_cut(subset(outcome.time, grouping.rows),
                                                    subset(outcome.event, grouping.rows), values);
      grouping.cut = best.cut;
      grouping.method = "optimal split (cut maximising the log-rank statistic; its p-value is optimistic)";
      notes.push_back(fmt::format("{}: the optimal cut {} was chosen to maximise the log-rank statistic, so its "
                                  "p-value overstates the evidence; validate the cut on other data",
                                  name, core::csv_number(best.cut)));
    }
    for (double value : values) grouping.group.push_back(value > grouping.cut ? 1 : 0);
  } else {
    grouping.labels = column.levels();
    if (column.numeric && grouping.labels.size() > 10)
      throw InputError(fmt::format("{}: '{}' has {} distinct values; give --split median or --split optimal to make "
                                   "two groups of it",
                                   data.source(), name, grouping.labels.size()));
    std::map<std::string, int> index;
    for (std::size_t k = 0; k < grouping.labels.size(); ++k) index[grouping.labels[k]] = static_cast<int>(k);
    for (std::size_t row : grouping.rows) grouping.group.push_back(index.at(*column.labels[row]));
  }
  std::vector<int> sizes(grouping.labels.size(), 0);
  for (int g : grouping.group) ++sizes[static_cast<std::size_t>(g)];
  if (std::count_if(sizes.begin(), sizes.end(), [](int size) { return size > 0; }) < 2)
    throw InputError(fmt::format("{}: '{}' makes a single group ({}): nothing to compare", data.source(), name,
                                 grouping.labels[static_cast<std::size_t>(grouping.group.front())]));
  return grouping;
}

// A Cox variable as model terms.
struct CoxVariable {
  std::string name;
  std::vector<std::string> terms;
  Eigen::MatrixXd columns;          // one row per case of the table (NaN where missing)
  std::vector<bool> present;        // per case
  bool standardized = false;
};

CoxVariable make_cox_variable(const core::DataTable& data, const std::string& name, bool standardize) {
  const core::DataColumn& column = data.column(name);
  CoxVariable variable;
  variable.name = name;
  const auto n = static_cast<Eigen::Index>(data.row_count());
  for (std::size_t row = 0; row < data.row_count(); ++row) variable.present.push_back(column.labels[row].has_value());
  const auto levels = column.levels();
  if (levels.size() < 2)
    throw InputError(fmt::format("{}: the Cox variable '{}' has {} distinct value(s): it cannot be estimated",
                                 data.source(), name, levels.size()));
  if (column.numeric) {
    variable.terms = {name};
    variable.columns = Eigen::MatrixXd(n, 1);
    std::vector<double> values;
    for (std::size_t row = 0; row < data.row_count(); ++row)
      if (variable.present[row]) values.push_back(column.numbers[row]);
    double centre = 0.0, scale = 1.0;
    if (standardize && levels.size() > 2) {
      centre = std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
      double squares = 0.0;
      for (double value : values) squares += (value - centre) * (value - centre);
      scale = std::sqrt(squares / static_cast<double>(values.size() - 1));
      variable.standardized = true;
    }
    for (Eigen::Index row = 0; row < n; ++row)
      variable.columns(row, 0) = (column.numbers[static_cast<std::size_t>(row)] - centre) / scale;
  } else {
    // Dummy terms against the first level in alphabetical order, named <variable><level> as R does.
    const auto dummies = static_cast<Eigen::Index>(levels.size() - 1);
    variable.columns = Eigen::MatrixXd::Zero(n, dummies);
    for (Eigen::Index k = 0; k < dummies; ++k) variable.terms.push_back(name + levels[static_cast<std::size_t>(k) + 1]);
    for (Eigen::Index row = 0; row < n; ++row) {
      const auto& label = column.labels[static_cast<std::size_t>(row)];
      for (Eigen::Index k = 0; k < dummies; ++k)
        variable.columns(row, k) = label ? (*label == levels[static_cast<std::size_t>(k) + 1] ? 1.0 : 0.0) : std::nan("");
    }
  }
  return variable;
}

struct CoxModelResult {
  std::string rows;  // CSV rows of the terms
  double variable_p = std::nan("");
  bool estimable = false;
  std::optional<stats::Concordance> concordance;
  std::size_t n = 0, events = 0;
};

CoxModelResult fit_cox_model(const std::string& model_name, const std::vector<const CoxVariable*>& variables,
                             const core::DataTable& data, const Outcome& outcome, const SurvivalOptions& options,
                             std::vector<std::string>& notes) {
  std::vector<std::size_t> rows;
  std::vector<std::string> dropped;
  for (std::size_t row = 0; row < data.row_count(); ++row) {
    const bool complete = std::all_of(variables.begin(), variables.end(), [&](const CoxVariable* v) { return v->present[row]; });
    if (complete) rows.push_back(row);
    else dropped.push_back(data.ids()[row]);
  }
  if (!dropped.empty())
    notes.push_back(fmt::format("Cox model {}: {} case(s) with missing values left out: {}", model_name, dropped.size(),
                                listed(dropped)));
  Eigen::Index term_count = 0;
  for (const auto* variable : variables) term_count += variable->columns.cols();
  Eigen::MatrixXd x(static_cast<Eigen::Index>(rows.size()), term_count);
  std::vector<std::string> terms, term_variables;
  std::vector<std::vector<std::size_t>> variable_terms;
  Eigen::Index offset = 0;
  for (const auto* variable : variables) {
    std::vector<std::size_t> indices;
    for (Eigen::Index k = 0; k < variable->columns.cols(); ++k) {
      for (std::size_t r = 0; r < rows.size(); ++r)
        x(static_cast<Eigen::Index>(r), offset + k) = variable->columns(static_cast<Eigen::Index>(rows[r]), k);
      terms.push_back(variable->terms[static_cast<std::size_t>(k)]);
      term_variables.push_back(variable->name);
      indices.push_back(static_cast<std::size_t>(offset + k));
    }
    variable_terms.push_back(indices);
    offset += variable->columns.cols();
  }
  const auto time = subset(outcome.time, rows);
  const auto event = subset(outcome.event, rows);
  CoxModelResult result;
  result.n = rows.size();
  result.events = static_cast<std::size_t>(std::accumulate(event.begin(), event.end(), 0));
  auto empty_rows = [&](const std::string& status) {
    std::string text;
    for (std::size_t k = 0; k < terms.size(); ++k)
      text += fmt::format("{},{},{},,,,,,,,,{},{},{}\n", core::csv_field(model_name), core::csv_field(term_variables[k]),
                          core::csv_field(terms[k]), result.n, result.events, core::csv_field(status));
    return text;
  };
  if (result.events == 0) {
    notes.push_back(fmt::format("Cox model {}: no events among its {} cases", model_name, result.n));
    result.rows = empty_rows("not estimable: no events");
    return result;
  }
  stats::CoxFit fit;
  try {
    fit = stats::fit_cox_efron(x, time, event);
  } catch (const stats::SingularCoxModelError& error) {
    std::vector<std::string> named;
    for (std::size_t term : error.singular_terms) named.push_back(terms.at(term));
    const std::string status = fmt::format("not estimable: {} constant or collinear with other terms", listed(named));
    notes.push_back(fmt::format("Cox model {}: {}", model_name, status));
    result.rows = empty_rows(status);
    return result;
  } catch (const NumericalError& error) {
    notes.push_back(fmt::format("Cox model {}: {}", model_name, error.what()));
    result.rows = empty_rows(std::string("not estimable: ") + error.what());
    return result;
  }
  const double z_level = stats::normal_quantile(1.0 - (1.0 - options.confidence_level) / 2.0);
  std::set<std::size_t> infinite(fit.infinite_terms.begin(), fit.infinite_terms.end());
  std::map<std::string, double> variable_p;
  for (std::size_t v = 0; v < variables.size(); ++v) {
    bool any_infinite = false;
    for (std::size_t term : variable_terms[v]) any_infinite |= infinite.count(term) > 0;
    variable_p[variables[v]->name] =
        any_infinite || !fit.converged ? std::nan("")
                                       : stats::chi_square_upper_p(stats::wald_chi_square(fit, variable_terms[v]),
                                                                   static_cast<double>(variable_terms[v].size()));
  }
  for (std::size_t k = 0; k < terms.size(); ++k) {
    const auto index = static_cast<Eigen::Index>(k);
    std::string status = "ok";
    if (infinite.count(k))
      status = "not estimable: monotone likelihood (the coefficient tends to infinity)";
    else if (!fit.converged)
      status = fmt::format("not converged in {} iterations", fit.iterations);
    if (status != "ok") {
      notes.push_back(fmt::format("Cox model {}, term {}: {}", model_name, terms[k], status));
      result.rows += fmt::format("{},{},{},,,,,,,,,{},{},{}\n", core::csv_field(model_name),
                                 core::csv_field(term_variables[k]), core::csv_field(terms[k]), result.n, result.events,
                                 core::csv_field(status));
      continue;
    }
    const double coef = fit.coefficients(index);
    const double se = fit.std_errors(index);
    const double z = fit.z_scores(index);
    result.rows += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", core::csv_field(model_name),
                               core::csv_field(term_variables[k]), core::csv_field(terms[k]), number(coef),
                               number(std::exp(coef)), number(std::exp(coef - z_level * se)),
                               number(std::exp(coef + z_level * se)), number(se), number(z),
                               number(fit.p_values(index)), number(variable_p[term_variables[k]]), result.n,
                               result.events, status);
  }
  result.estimable = infinite.empty() && fit.converged;
  result.variable_p = variables.size() == 1 ? variable_p[variables.front()->name] : std::nan("");
  if (result.estimable) {
    std::vector<double> risk(fit.linear_predictor.data(), fit.linear_predictor.data() + fit.linear_predictor.size());
    result.concordance = stats::harrell_concordance(time, event, risk);
  }
  return result;
}

constexpr const char* kCoxHeader = "model,variable,term,coef,hr,lower,upper,se,z,p,p_variable,n,events,status\n";

}  // namespace

SurvivalResults analyse_survival(const core::DataTable& data, const SurvivalOptions& options) {
  if (!options.split.empty() && options.split != "median" && options.split != "optimal")
    throw ConfigError(fmt::format("--split must be median or optimal, not '{}'", options.split));
  if (options.group_columns.empty() && options.cox_variables.empty())
    throw ConfigError("nothing to do: give --group and/or --cox");
  SurvivalResults results;
  const Outcome outcome = read_outcome(data, options);

  if (!options.group_columns.empty()) {
    std::string km = "variable,group,time,n_risk,n_event,n_censor,survival,std_err,lower,upper\n";
    std::string summary = "variable,group,n,events,median,median_lower,median_upper\n";
    std::string log_rank = "variable,chisq,df,p,groups,method,cut\n";
    for (const auto& name : options.group_columns) {
      const Grouping grouping = make_grouping(data, name, options, outcome, results.notes);
      // survfit and survdiff merge nearly equal times (timefix) over the cases they are given.
      const auto time = stats::merge_nearly_equal_times(subset(outcome.time, grouping.rows));
      const auto event = subset(outcome.event, grouping.rows);
      for (std::size_t g = 0; g < grouping.labels.size(); ++g) {
        std::vector<double> group_time;
        std::vector<int> group_event;
        for (std::size_t k = 0; k < grouping.group.size(); ++k)
          if (grouping.group[k] == static_cast<int>(g)) {
            group_time.push_back(time[k]);
            group_event.push_back(event[k]);
          }
        if (group_time.empty()) continue;
        const auto curve = stats::kaplan_meier(group_time, group_event, options.confidence_level);
        const std::string label = core::csv_field(grouping.labels[g]);
        for (const auto& step : curve.steps)
          km += fmt::format("{},{},{},{},{},{},{},{},{},{}\n", core::csv_field(name), label, number(step.time),
                            step.n_risk, step.n_event, step.n_censor, number(step.survival), number(step.std_err),
                            number(step.lower), number(step.upper));
        const auto median = curve.quantile(0.5);
        summary += fmt::format("{},{},{},{},{},{},{}\n", core::csv_field(name), label, curve.n, curve.events,
                               number(median.estimate), number(median.lower), number(median.upper));
        if (curve.events == 0)
          results.notes.push_back(fmt::format("{} = {}: no events among {} cases (its curve stays at 1)", name,
                                              grouping.labels[g], curve.n));
      }
      const auto test = stats::log_rank_test(time, event, grouping.group, static_cast<int>(grouping.labels.size()));
      std::string groups;
      for (const auto& label : grouping.labels) groups += (groups.empty() ? "" : "|") + label;
      log_rank += fmt::format("{},{},{},{},{},{},{}\n", core::csv_field(name), number(test.chi_square),
                              test.degrees_of_freedom, number(test.p_value), core::csv_field(groups),
                              core::csv_field(grouping.method), number(grouping.cut));
    }
    results.files.emplace_back("km.csv", km);
    results.files.emplace_back("km_summary.csv", summary);
    results.files.emplace_back("logrank.csv", log_rank);
  }

  if (!options.cox_variables.empty()) {
    std::vector<CoxVariable> variables;
    for (const auto& name : options.cox_variables) variables.push_back(make_cox_variable(data, name, options.standardize));
    std::string univariate = kCoxHeader;
    std::string concordance = "model,c_index,se,n,events\n";
    std::vector<const CoxVariable*> entered;
    for (const auto& variable : variables) {
      const auto fit = fit_cox_model(variable.name, {&variable}, data, outcome, options, results.notes);
      univariate += fit.rows;
      if (fit.concordance)
        concordance += fmt::format("{},{},{},{},{}\n", core::csv_field(variable.name), number(fit.concordance->c_index),
                                   number(fit.concordance->std_err), fit.n, fit.events);
      if (fit.estimable && fit.variable_p < options.entry_p) entered.push_back(&variable);
    }
    std::string multivariate = kCoxHeader;
    if (entered.empty()) {
      results.notes.push_back(fmt::format("no variable reached p < {} in the univariate Cox models: no multivariate model",
                                          options.entry_p));
    } else {
      const auto fit = fit_cox_model("multivariate", entered, data, outcome, options, results.notes);
      multivariate += fit.rows;
      if (fit.concordance)
        concordance += fmt::format("multivariate,{},{},{},{}\n", number(fit.concordance->c_index),
                                   number(fit.concordance->std_err), fit.n, fit.events);
    }
    results.files.emplace_back("cox_univariate.csv", univariate);
    results.files.emplace_back("cox_multivariate.csv", multivariate);
    results.files.emplace_back("concordance.csv", concordance);
  }
  return results;
}

}  // namespace radstudy::study
