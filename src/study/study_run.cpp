#include "study/study_run.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <limits>
#include <map>
#include <numeric>
#include <set>
#include <stdexcept>

#include "core/csv.hpp"
#include "core/errors.hpp"
#include "core/text_file.hpp"
#include "models/classifier.hpp"
#include "stats/bootstrap_auc.hpp"
#include "stats/concordance.hpp"
#include "stats/correlation.hpp"
#include "stats/cox_model.hpp"
#include "stats/decision_curve.hpp"
#include "stats/group_tests.hpp"
#include "stats/log_rank.hpp"
#include "stats/principal_components.hpp"
#include "stats/roc_curve.hpp"
#include "study/extraction_cache.hpp"
#include "study/icc_analysis.hpp"
#include "study/perturbation_study.hpp"
#include "study/univariate_analysis.hpp"

namespace radstudy::study {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kZ95 = 1.959963984540054;  // qnorm(0.975)

// PyRadiomics' default set as a parameter file (features.params left out): what model.json carries so
// that predict extracts a new case as the study did.
constexpr const char* kDefaultParameterText =
    "# PyRadiomics' defaults: the Original image, every feature class\nimageType:\n  Original: {}\n";

class StepTimer {
 public:
  explicit StepTimer(const StudyRunOptions& options) : options_(options) {}
  void say(const std::string& line) const {
    if (options_.progress) options_.progress(line);
  }

 private:
  const StudyRunOptions& options_;
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string utc_now() {
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

double number_or_nan(const core::DataColumn& column, std::size_t row) {
  return column.numeric ? column.numbers[row] : kNaN;
}

// The rows of `table` (a CSV text with a header) as a DataTable keyed by its first column.
core::DataTable csv_table(const std::string& text, const std::string& source, const std::string& id_column) {
  return core::DataTable::from_csv(text, source, id_column);
}

// A feature table of the good cases and the chosen columns (id first).
std::string feature_rows_csv(const std::vector<std::string>& ids, const std::vector<std::string>& names,
                             const Eigen::MatrixXd& values, const std::string& id_column) {
  std::string text = core::csv_field(id_column);
  for (const auto& name : names) text += "," + core::csv_field(name);
  text += "\n";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    text += core::csv_field(ids[i]);
    for (std::size_t j = 0; j < names.size(); ++j)
      text += "," + core::csv_number(values(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)));
    text += "\n";
  }
  return text;
}

// ---- reproducibility ----------------------------------------------------------------------------------

std::vector<FeatureIcc> parse_icc(const IccAnalysisResults& icc) {
  std::vector<FeatureIcc> features;
  for (const auto& [name, text] : icc.files) {
    if (name != "icc.csv") continue;
    const auto table = csv_table(text, "icc.csv", "feature");
    const auto& value = table.column("icc");
    const auto& lower = table.column("lower");
    const auto& upper = table.column("upper");
    const auto& kept = table.column("kept");
    for (std::size_t i = 0; i < table.row_count(); ++i)
      features.push_back({table.ids()[i], number_or_nan(value, i), number_or_nan(lower, i),
                          number_or_nan(upper, i), kept.labels[i].value_or("") == "true"});
  }
  return features;
}

// ---- survival -------------------------------------------------------------------------------------------

// A clinical variable as Cox columns: a numeric variable with more than two values as it is; a
// category (or a 0/1 number) as indicators of each level against the first.
struct CodedVariable {
  std::string variable;
  std::vector<std::string> terms;
  std::vector<std::vector<double>> columns;  // per term, per case; NaN where missing
};

CodedVariable code_variable(const core::DataColumn& column, const std::vector<std::size_t>& rows) {
  CodedVariable coded{column.name, {}, {}};
  const auto levels = column.levels();
  if (column.numeric && levels.size() > 2) {
    coded.terms.push_back(column.name);
    std::vector<double> values;
    for (auto row : rows) values.push_back(column.numbers[row]);
    coded.columns.push_back(std::move(values));
    return coded;
  }
  for (std::size_t level = 1; level < levels.size(); ++level) {
    coded.terms.push_back(fmt::format("{}={}", column.name, levels[level]));
    std::vector<double> values;
    for (auto row : rows)
      values.push_back(column.labels[row] ? (*column.labels[row] == levels[level] ? 1.0 : 0.0) : kNaN);
    coded.columns.push_back(std::move(values));
  }
  return coded;
}

struct CoxInput {
  std::vector<std::string> terms;
  Eigen::MatrixXd x;
  std::vector<double> time;
  std::vector<int> event;
  std::size_t dropped = 0;
};

// The complete cases of the given columns.
CoxInput cox_input(const std::vector<const CodedVariable*>& variables, const std::vector<double>& time,
                   const std::vector<int>& event) {
  CoxInput input;
  std::vector<const std::vector<double>*> columns;
  for (const auto* variable : variables)
    for (std::size_t t = 0; t < variable->terms.size(); ++t) {
      input.terms.push_back(variable->terms[t]);
      columns.push_back(&variable->columns[t]);
    }
  std::vector<std::size_t> complete;
  for (std::size_t i = 0; i < time.size(); ++i) {
    bool ok = true;
    for (const auto* column : columns) ok = ok && std::isfinite((*column)[i]);
    if (ok)
      complete.push_back(i);
    else
      ++input.dropped;
  }
  input.x.resize(static_cast<Eigen::Index>(complete.size()), static_cast<Eigen::Index>(columns.size()));
  for (std::size_t r = 0; r < complete.size(); ++r) {
    for (std::size_t c = 0; c < columns.size(); ++c)
      input.x(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) = (*columns[c])[complete[r]];
    input.time.push_back(time[complete[r]]);
    input.event.push_back(event[complete[r]]);
  }
  return input;
}

std::vector<CoxTerm> cox_terms(const CoxInput& input, const stats::CoxFit& fit,
                               const std::map<std::string, std::string>& notes) {
  std::vector<CoxTerm> terms;
  for (std::size_t t = 0; t < input.terms.size(); ++t) {
    const auto k = static_cast<Eigen::Index>(t);
    const double b = fit.coefficients(k), se = fit.std_errors(k);
    CoxTerm term{input.terms[t],          std::exp(b),     std::exp(b - kZ95 * se),
                 std::exp(b + kZ95 * se), fit.p_values(k), ""};
    if (auto found = notes.find(input.terms[t]); found != notes.end()) term.note = found->second;
    if (std::find(fit.infinite_terms.begin(), fit.infinite_terms.end(), t) != fit.infinite_terms.end())
      term.note = "not estimable: the coefficient diverges (monotone likelihood)";
    terms.push_back(term);
  }
  return terms;
}

KaplanMeierComparison km_comparison(const std::string& name, const std::string& title,
                                    const std::vector<std::string>& labels, const std::vector<double>& time,
                                    const std::vector<int>& event, const std::vector<int>& group) {
  KaplanMeierComparison comparison{name, title, {}, 0.0, 1.0, 0.0};
  for (std::size_t g = 0; g < labels.size(); ++g) {
    std::vector<double> group_time;
    std::vector<int> group_event;
    for (std::size_t i = 0; i < time.size(); ++i)
      if (group[i] == static_cast<int>(g)) {
        group_time.push_back(time[i]);
        group_event.push_back(event[i]);
      }
    comparison.groups.push_back({labels[g], stats::kaplan_meier(group_time, group_event)});
  }
  const auto test = stats::log_rank_test(time, event, group, static_cast<int>(labels.size()));
  comparison.log_rank_chi_square = test.chi_square;
  comparison.log_rank_p = test.p_value;
  return comparison;
}

// ---- decision curves --------------------------------------------------------------------------------

// Out-of-fold probabilities of a logistic regression on `x` (complete rows), the study's folds, averaged
// over repeats.
std::vector<double> out_of_fold_logistic(const Eigen::MatrixXd& x, const std::vector<int>& y,
                                         const std::vector<std::size_t>& rows, const FoldPlan& plan,
                                         std::uint64_t seed, const std::string& name) {
  std::vector<double> sum(rows.size(), 0.0);
  for (std::size_t repeat = 0; repeat < plan.fold_of_case.size(); ++repeat)
    for (int fold = 1; fold <= plan.fold_count; ++fold) {
      std::vector<std::size_t> train, test;
      for (std::size_t r = 0; r < rows.size(); ++r)
        (plan.fold_of_case[repeat][rows[r]] == fold ? test : train).push_back(r);
      if (test.empty()) continue;
      std::vector<int> train_y;
      for (auto r : train) train_y.push_back(y[r]);
      const auto scaler = Scaler::fit(x, train);
      auto model = models::make_classifier("logistic");
      model->fit(scaler.apply(x, train), train_y, task_seed(seed, static_cast<int>(repeat) + 1, fold, name));
      const auto p = model->probability(scaler.apply(x, test));
      for (std::size_t k = 0; k < test.size(); ++k) sum[test[k]] += p[k];
    }
  for (auto& value : sum) value /= static_cast<double>(plan.fold_of_case.size());
  return sum;
}

std::vector<double> net_benefits(const std::vector<double>& probability, const std::vector<int>& outcome,
                                 const std::vector<double>& thresholds) {
  std::vector<double> values;
  for (const auto& point : stats::net_benefit_curve(probability, outcome, thresholds))
    values.push_back(point.net_benefit);
  return values;
}

std::vector<double> treat_all(const std::vector<int>& outcome, const std::vector<double>& thresholds) {
  std::vector<double> values;
  for (const auto& point : stats::treat_all_curve(outcome, thresholds)) values.push_back(point.net_benefit);
  return values;
}

double logit(double p) {
  const double clipped = std::clamp(p, 1e-8, 1.0 - 1e-8);
  return std::log(clipped / (1.0 - clipped));
}

std::size_t calibration_group_count(std::size_t cases) {
  return std::clamp<std::size_t>(cases / 5, 2, 10);
}

// ---- the steps ---------------------------------------------------------------------------------------

struct GoodCases {
  std::vector<std::size_t> rows;  // manifest positions
  std::vector<CaseResult> results;
};

GoodCases extract_cohort(const CheckedStudy& study, const StudyRunOptions& options, StudyResults& results,
                         const StepTimer& timer) {
  const auto start = std::chrono::steady_clock::now();
  const std::size_t total = study.cases.size();
  timer.say(fmt::format("extraction: {} cases, {} features each (cache: {})", total, study.columns.size(),
                        options.cache_dir));
  const auto cached = extract_cases_cached(
      study.cases, study.settings, study.columns, options.cache_dir, options.jobs,
      [&](const CaseResult& result, bool from_cache, std::size_t done) {
        if (!from_cache)
          timer.say(fmt::format("  [{}/{}] {} {} ({:.2f} s)", done, total, result.id,
                                result.error.empty() ? "extracted" : result.error, result.seconds));
      });
  auto& summary = results.extraction;
  summary.cases = total;
  summary.reused = cached.reused;
  summary.extracted = cached.extracted;
  summary.feature_count = study.columns.size();
  summary.canonical_settings = canonical_settings_text(study.settings);
  summary.parameter_file = study.study.params;
  summary.parameter_text = study.study.params.empty()
                               ? kDefaultParameterText
                               : core::read_text_file(study.study.params, "parameter (YAML)");
  results.notes.insert(results.notes.end(), cached.notes.begin(), cached.notes.end());
  GoodCases good;
  for (std::size_t k = 0; k < cached.results.size(); ++k) {
    const auto& result = cached.results[k];
    if (result.error.empty()) {
      good.rows.push_back(k);
      good.results.push_back(result);
    } else {
      summary.failed.push_back(fmt::format("{}: {}", result.id, result.error));
    }
  }
  summary.seconds = seconds_since(start);
  timer.say(fmt::format("extraction: {} extracted, {} from the cache, {} failed ({:.1f} s)", cached.extracted,
                        cached.reused, summary.failed.size(), summary.seconds));
  if (!summary.failed.empty())
    results.notes.push_back(fmt::format("{} of {} cases failed extraction and are left out of the study: {}",
                                        summary.failed.size(), total, fmt::join(summary.failed, "; ")));
  return good;
}

void check_classes_left(const CheckedStudy& study, const std::vector<int>& outcome, std::size_t failed) {
  const auto ones = static_cast<std::size_t>(std::count(outcome.begin(), outcome.end(), 1));
  const std::size_t zeros = outcome.size() - ones;
  const auto folds = static_cast<std::size_t>(study.study.validation.folds);
  if (ones < folds || zeros < folds)
    throw InputError(fmt::format(
        "{}: after {} failed extraction(s), {} case(s) of class 0 and {} of class 1 remain for outcome '{}', "
        "fewer "
        "than validation.folds = {}; mend the failed cases (see extraction.csv) or lower validation.folds",
        study.study.path, failed, zeros, ones, study.study.cohort.outcome, folds));
}

void assess_reproducibility(const CheckedStudy& study, const StudyRunOptions& options, const GoodCases& good,
                            StudyResults& results, const StepTimer& timer) {
  const auto& settings = study.study.reproducibility;
  auto& reproducibility = results.reproducibility;
  reproducibility.method = settings.method;
  reproducibility.icc_type = stats::icc_type_name(settings.icc);
  reproducibility.threshold = settings.threshold;
  if (settings.method == ReproducibilityMethod::kNone) return;
  const IccAnalysisOptions icc_options{settings.icc, settings.threshold, false, 0.05};
  IccAnalysisResults icc;
  std::vector<CaseSpec> cases;
  for (auto row : good.rows) cases.push_back(study.cases[row]);
  if (settings.method == ReproducibilityMethod::kPerturbation) {
    timer.say(fmt::format("reproducibility: {} perturbations of {} cases", settings.perturbations.size(),
                          cases.size()));
    std::size_t reused = 0;
    const auto extraction = extract_cases_perturbed_cached(
        cases, study.settings, study.columns, settings.perturbations, study.study.validation.seed,
        options.cache_dir, options.jobs, [&](const CaseResult& result, bool from_cache, std::size_t done) {
          reused += from_cache ? 1 : 0;
          if (!from_cache)
            timer.say(fmt::format("  [{}/{}] {} and its perturbations {}", done, cases.size(), result.id,
                                  result.error.empty() ? "extracted" : result.error));
        });
    timer.say(
        fmt::format("reproducibility: {} cases extracted, {} from the cache", cases.size() - reused, reused));
    icc = perturbation_icc(extraction, study.columns, settings.perturbations, icc_options);
    reproducibility.raters.push_back("original");
    for (const auto& perturbation : settings.perturbations)
      reproducibility.raters.push_back(perturbation.name);
  } else {
    std::vector<CaseSpec> second;
    for (auto row : good.rows) second.push_back(study.second_mask_cases[row]);
    timer.say(fmt::format("reproducibility: the second segmentation of {} cases", second.size()));
    const auto extracted =
        extract_cases_cached(second, study.settings, study.columns, options.cache_dir, options.jobs, nullptr);
    std::vector<CaseResult> first_ok, second_ok;
    for (std::size_t k = 0; k < second.size(); ++k) {
      if (extracted.results[k].error.empty()) {
        first_ok.push_back(good.results[k]);
        second_ok.push_back(extracted.results[k]);
      } else {
        reproducibility.notes.push_back(fmt::format("{}: the second mask failed ({}); left out of the ICC",
                                                    second[k].id, extracted.results[k].error));
      }
    }
    std::vector<std::string> names;
    for (const auto& column : study.columns) names.push_back(column.name);
    std::vector<core::DataTable> tables;
    for (const auto* rows : {&first_ok, &second_ok}) {
      std::vector<std::string> ids;
      Eigen::MatrixXd values(static_cast<Eigen::Index>(rows->size()),
                             static_cast<Eigen::Index>(names.size()));
      for (std::size_t i = 0; i < rows->size(); ++i) {
        ids.push_back((*rows)[i].id);
        for (std::size_t j = 0; j < names.size(); ++j)
          values(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = (*rows)[i].values[j];
      }
      tables.push_back(
          csv_table(feature_rows_csv(ids, names, values, "id"), rows == &first_ok ? "mask" : "mask2", "id"));
    }
    icc = analyse_icc(tables, icc_options);
    reproducibility.raters = {"mask", "mask2"};
  }
  reproducibility.features = parse_icc(icc);
  reproducibility.notes.insert(reproducibility.notes.end(), icc.notes.begin(), icc.notes.end());
  for (const auto& feature : reproducibility.features) reproducibility.kept += feature.kept ? 1 : 0;
  timer.say(fmt::format("reproducibility: {} of {} features with {} >= {}", reproducibility.kept,
                        reproducibility.features.size(), reproducibility.icc_type, settings.threshold));
}

// The features modelling starts from: the robust ones (all without a reproducibility step), less those
// with a missing value or no spread.
void choose_robust_features(const CheckedStudy& study, const GoodCases& good, StudyResults& results) {
  std::set<std::string> robust;
  const bool filtered = results.reproducibility.method != ReproducibilityMethod::kNone;
  for (const auto& feature : results.reproducibility.features)
    if (feature.kept) robust.insert(feature.feature);
  std::vector<std::size_t> columns;
  std::vector<std::string> constant, missing;
  for (std::size_t c = 0; c < study.columns.size(); ++c) {
    const auto& name = study.columns[c].name;
    if (filtered && !robust.count(name)) continue;
    bool finite = true;
    double lowest = std::numeric_limits<double>::infinity(), highest = -lowest;
    for (const auto& result : good.results) {
      const double value = result.values[c];
      finite = finite && std::isfinite(value);
      lowest = std::min(lowest, value);
      highest = std::max(highest, value);
    }
    if (!finite)
      missing.push_back(name);
    else if (lowest == highest)
      constant.push_back(name);
    else
      columns.push_back(c);
  }
  if (!missing.empty())
    results.notes.push_back(
        fmt::format("{} feature(s) with a missing or infinite value in some case left out: {}",
                    missing.size(), fmt::join(missing, ", ")));
  if (!constant.empty())
    results.notes.push_back(fmt::format("{} feature(s) constant over the cases left out: {}", constant.size(),
                                        fmt::join(constant, ", ")));
  if (columns.empty())
    throw InputError(
        fmt::format("{}: no feature left to model ({}); {}", study.study.path,
                    filtered ? "none is reproducible, has a value in every case and varies"
                             : "none has a value in every case and varies",
                    filtered ? "lower reproducibility.threshold or check the masks" : "check the masks"));
  results.robust_values.resize(static_cast<Eigen::Index>(good.results.size()),
                               static_cast<Eigen::Index>(columns.size()));
  for (std::size_t j = 0; j < columns.size(); ++j) {
    results.robust_features.push_back(study.columns[columns[j]].name);
    for (std::size_t i = 0; i < good.results.size(); ++i)
      results.robust_values(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) =
          good.results[i].values[columns[j]];
  }
}

void screen_features(const CheckedStudy& study, const core::DataTable& clinical, StudyResults& results,
                     std::string& univariate_csv) {
  const auto& id = study.study.cohort.id;
  const auto features = csv_table(
      feature_rows_csv(results.ids, results.robust_features, results.robust_values, id), "features", id);
  const auto screened = analyse_univariate(
      features, clinical, UnivariateOptions{study.study.cohort.outcome, 0.95, SpearmanOutput::kNone});
  for (const auto& [name, text] : screened.files)
    if (name == "univariate.csv") univariate_csv = text;
  const auto table = csv_table(univariate_csv, "univariate.csv", "feature");
  for (std::size_t i = 0; i < table.row_count(); ++i)
    results.univariate.push_back(
        {table.ids()[i], number_or_nan(table.column("auc"), i), number_or_nan(table.column("auc_lower"), i),
         number_or_nan(table.column("auc_upper"), i), number_or_nan(table.column("p_mannwhitney"), i),
         number_or_nan(table.column("p_mannwhitney_bh"), i), number_or_nan(table.column("mean_0"), i),
         number_or_nan(table.column("mean_1"), i)});
  std::stable_sort(results.univariate.begin(), results.univariate.end(),
                   [](const auto& a, const auto& b) { return a.p < b.p; });
  results.notes.insert(results.notes.end(), screened.notes.begin(), screened.notes.end());
}

void summarise_models(const CheckedStudy& study, const StudyRunOptions& options, const ModelingData& data,
                      StudyResults& results) {
  const auto& evaluation = results.evaluation;
  const auto& model_names = study.study.models;
  const std::size_t n = data.ids.size();
  const auto statistics = cross_validated_auc(evaluation);
  results.cv_probability.assign(model_names.size(), std::vector<double>(n, 0.0));
  std::vector<std::vector<int>> counts(model_names.size(), std::vector<int>(n, 0));
  std::map<std::string, std::size_t> index;
  for (std::size_t m = 0; m < model_names.size(); ++m) index[model_names[m]] = m;
  for (const auto& row : evaluation.predictions) {
    if (row.set != "test") continue;
    const auto m = index.at(row.model);
    results.cv_probability[m][row.case_index] += row.probability;
    ++counts[m][row.case_index];
  }
  for (std::size_t m = 0; m < model_names.size(); ++m)
    for (std::size_t i = 0; i < n; ++i) results.cv_probability[m][i] /= std::max(1, counts[m][i]);

  for (std::size_t m = 0; m < model_names.size(); ++m) {
    ModelSummary summary;
    summary.model = model_names[m];
    for (const auto& [model, auc] : statistics)
      if (model == summary.model) summary.cv_auc = auc;
    const auto& p = results.cv_probability[m];
    const auto roc = stats::roc_auc(p, data.labels);
    summary.auc = roc.auc;
    summary.delong_lower = roc.lower;
    summary.delong_upper = roc.upper;
    const auto boot = stats::bootstrap_auc_interval(
        p, data.labels, options.bootstrap_replicates,
        task_seed(study.study.validation.seed, 0, 0, "bootstrap:" + summary.model));
    summary.bootstrap_lower = boot.lower;
    summary.bootstrap_upper = boot.upper;
    summary.apparent_auc = stats::area_under_roc(results.apparent_probability[m], data.labels);
    std::map<std::string, std::pair<double, int>> sums;
    for (const auto& row : evaluation.metrics) {
      if (row.model != summary.model) continue;
      const auto add = [&](const std::string& key, const std::optional<double>& value) {
        if (value && std::isfinite(*value)) {
          sums[key].first += *value;
          ++sums[key].second;
        }
      };
      if (row.set == "train") {
        add("train_auc", row.auc);
        continue;
      }
      add("accuracy", row.accuracy);
      add("sensitivity", row.sensitivity);
      add("specificity", row.specificity);
      add("precision", row.precision);
      add("f1", row.f1);
    }
    const auto mean = [&](const std::string& key) {
      const auto found = sums.find(key);
      return found == sums.end() || found->second.second == 0 ? kNaN
                                                              : found->second.first / found->second.second;
    };
    summary.train_auc = mean("train_auc");
    summary.accuracy = mean("accuracy");
    summary.sensitivity = mean("sensitivity");
    summary.specificity = mean("specificity");
    summary.precision = mean("precision");
    summary.f1 = mean("f1");
    try {
      summary.calibration = stats::calibrate(p, data.labels);
      summary.calibration_groups = stats::calibration_groups(p, data.labels, calibration_group_count(n));
    } catch (const std::runtime_error& error) {
      results.notes.push_back(fmt::format("{}: no calibration ({})", summary.model, error.what()));
      summary.calibration.brier = summary.calibration.intercept = summary.calibration.slope = kNaN;
    }
    results.models.push_back(std::move(summary));
  }
  // The chosen model: the highest cross-validated AUC (the first on a tie).
  const auto best = std::max_element(results.models.begin(), results.models.end(),
                                     [](const auto& a, const auto& b) { return a.cv_auc < b.cv_auc; });
  results.chosen_model = best->model;
}

void test_permutations(const CheckedStudy& study, const ModelingData& data,
                       const EvaluationOptions& evaluation, StudyResults& results, const StepTimer& timer) {
  const auto& validation = study.study.validation;
  if (validation.permutations == 0) return;
  const auto start = std::chrono::steady_clock::now();
  timer.say(fmt::format("permutation test: {} permutations of the outcome, the nested pipeline rerun on each",
                        validation.permutations));
  const auto summaries =
      permutation_test(data, evaluation, results.evaluation,
                       PermutationOptions{validation.permutations, validation.folds, 1, validation.seed});
  const auto b_count = static_cast<std::size_t>(validation.permutations);
  results.best_of_models_null.assign(b_count, -std::numeric_limits<double>::infinity());
  for (const auto& summary : summaries) {
    for (auto& model : results.models)
      if (model.model == summary.model) model.permutation = summary;
    for (std::size_t b = 0; b < b_count; ++b)
      results.best_of_models_null[b] = std::max(results.best_of_models_null[b], summary.null_auc[b]);
  }
  const double chosen_auc = results.models[results.chosen_model_index()].cv_auc;
  std::size_t at_least = 0;
  for (double value : results.best_of_models_null) at_least += value >= chosen_auc ? 1 : 0;
  results.chosen_permutation_p = (1.0 + static_cast<double>(at_least)) / (1.0 + static_cast<double>(b_count));
  timer.say(fmt::format("permutation test: done ({:.1f} s)", seconds_since(start)));
}

void summarise_selection(const CheckedStudy& study, const ModelingData& data,
                         const EvaluationOptions& evaluation, StudyResults& results) {
  const auto cv = final_selection_lasso(data, evaluation);
  auto& lasso = results.lasso;
  lasso.features = data.feature_names;
  lasso.lambda = cv.path.lambda;
  lasso.coefficients = cv.path.coefficients;
  lasso.nonzero = cv.path.nonzero;
  lasso.cv_mean = cv.cvm;
  lasso.cv_sd = cv.cvsd;
  lasso.index_min = cv.index_min;
  lasso.index_1se = cv.index_1se;
  lasso.index_chosen = stats::top_lasso_index(cv, evaluation.selection.lasso_features);

  std::map<std::string, double> univariate_auc;
  for (const auto& row : results.univariate) univariate_auc[row.feature] = row.auc;
  std::map<std::string, int> times_selected;
  for (const auto& row : results.evaluation.selected)
    if (row.repeat > 0) ++times_selected[row.feature];
  const double training_sets =
      static_cast<double>(study.study.validation.repeats) * static_cast<double>(study.study.validation.folds);
  for (const auto& entry : results.final_model.at("selection").at("lasso_coefficients")) {
    const auto feature = entry.at("feature").get<std::string>();
    results.selected.push_back({feature, entry.at("coefficient").get<double>(),
                                study.study.selection.scope == SelectionScope::kFold
                                    ? times_selected[feature] / training_sets
                                    : kNaN,
                                univariate_auc.count(feature) ? univariate_auc[feature] : kNaN});
  }
  // Fig 1c: the selected features among themselves.
  std::vector<Eigen::Index> columns;
  for (const auto& feature : results.selected) {
    results.correlation.features.push_back(feature.feature);
    columns.push_back(static_cast<Eigen::Index>(
        std::find(data.feature_names.begin(), data.feature_names.end(), feature.feature) -
        data.feature_names.begin()));
  }
  Eigen::MatrixXd values(data.features.rows(), static_cast<Eigen::Index>(columns.size()));
  for (std::size_t j = 0; j < columns.size(); ++j)
    values.col(static_cast<Eigen::Index>(j)) = data.features.col(columns[j]);
  results.correlation.spearman = stats::spearman_correlation_matrix(values);
}

void analyse_survival_of_cohort(const CheckedStudy& study, const core::DataTable& clinical,
                                const ModelingData& data, StudyResults& results, const StepTimer& timer) {
  const auto& cohort = study.study.cohort;
  auto& survival = results.survival;
  survival.entry_p = study.study.survival.entry_p;
  survival.c_index = survival.c_index_se = kNaN;
  if (cohort.time.empty()) return;
  timer.say("survival: Kaplan-Meier, log-rank and Cox models");
  survival.present = true;
  const auto& time = clinical.numbers(cohort.time);
  std::vector<int> event;
  for (double value : clinical.numbers(cohort.event)) event.push_back(static_cast<int>(value));
  survival.cases = time.size();
  survival.events = static_cast<std::size_t>(std::count(event.begin(), event.end(), 1));
  if (survival.events == 0) {
    survival.notes.push_back(
        fmt::format("no event ({} = 1) among the modelled cases: no survival analysis", cohort.event));
    return;
  }
  survival.km.push_back(
      km_comparison("outcome", fmt::format("by {}", cohort.outcome),
                    {fmt::format("{} = 0", cohort.outcome), fmt::format("{} = 1", cohort.outcome)}, time,
                    event, data.labels));
  for (const auto& feature : results.selected) {
    const auto column = static_cast<Eigen::Index>(
        std::find(data.feature_names.begin(), data.feature_names.end(), feature.feature) -
        data.feature_names.begin());
    std::vector<double> values(static_cast<std::size_t>(data.features.rows()));
    for (std::size_t i = 0; i < values.size(); ++i)
      values[i] = data.features(static_cast<Eigen::Index>(i), column);
    const double median = stats::sample_quantile(values, 0.5);
    std::vector<int> group;
    for (double value : values) group.push_back(value > median ? 1 : 0);
    const auto high = std::count(group.begin(), group.end(), 1);
    if (high == 0 || high == static_cast<long>(group.size())) {
      survival.notes.push_back(
          fmt::format("{}: no Kaplan-Meier by the median (the median splits no case off)", feature.feature));
      continue;
    }
    auto comparison = km_comparison(feature.feature,
                                    fmt::format("{} above against at or below its median", feature.feature),
                                    {"low", "high"}, time, event, group);
    comparison.cut = median;
    survival.km.push_back(std::move(comparison));
  }

  // Cox: the clinical variables and the radiomics score (the chosen model's out-of-fold probability, per SD).
  std::vector<std::size_t> rows(clinical.row_count());
  std::iota(rows.begin(), rows.end(), std::size_t{0});
  std::vector<CodedVariable> variables;
  for (const auto& name : cohort.clinical_variables) {
    if (name == cohort.time || name == cohort.event) continue;
    auto coded = code_variable(clinical.column(name), rows);
    if (coded.terms.empty()) {
      survival.notes.push_back(fmt::format("{}: one value in every case; left out of the Cox models", name));
      continue;
    }
    variables.push_back(std::move(coded));
  }
  const std::size_t chosen = results.chosen_model_index();
  {
    const auto& p = results.cv_probability[chosen];
    const double mean = stats::sample_mean(p), sd = stats::sample_standard_deviation(p);
    CodedVariable score{"radiomics score", {"radiomics score"}, std::vector<std::vector<double>>(1)};
    for (double value : p) score.columns[0].push_back(sd > 0 ? (value - mean) / sd : kNaN);
    if (sd > 0)
      variables.push_back(std::move(score));
    else
      survival.notes.push_back("the radiomics score is the same for every case; left out of the Cox models");
  }
  const std::map<std::string, std::string> term_notes{
      {"radiomics score", fmt::format("{}'s out-of-fold probability, per SD", results.chosen_model)}};
  std::vector<const CodedVariable*> entered;
  for (const auto& variable : variables) {
    const auto input = cox_input({&variable}, time, event);
    try {
      const auto fit = stats::fit_cox_efron(input.x, input.time, input.event);
      auto terms = cox_terms(input, fit, term_notes);
      double smallest_p = 1.0;
      for (auto& term : terms) {
        smallest_p = std::min(smallest_p, term.p);
        if (input.dropped > 0)
          term.note += fmt::format("{}{} case(s) with a missing value left out",
                                   term.note.empty() ? "" : "; ", input.dropped);
      }
      survival.cox_univariate.insert(survival.cox_univariate.end(), terms.begin(), terms.end());
      if (smallest_p < survival.entry_p) entered.push_back(&variable);
    } catch (const std::runtime_error& error) {
      survival.notes.push_back(
          fmt::format("univariate Cox of {}: not fitted ({})", variable.variable, error.what()));
    }
  }
  if (entered.empty()) {
    survival.notes.push_back(
        fmt::format("no variable with univariate Cox p < {}: no multivariate model", survival.entry_p));
    return;
  }
  const auto input = cox_input(entered, time, event);
  try {
    const auto fit = stats::fit_cox_efron(input.x, input.time, input.event);
    survival.cox_multivariate = cox_terms(input, fit, term_notes);
    const std::vector<double> risk(fit.linear_predictor.data(),
                                   fit.linear_predictor.data() + fit.linear_predictor.size());
    const auto concordance = stats::harrell_concordance(input.time, input.event, risk);
    survival.c_index = concordance.c_index;
    survival.c_index_se = concordance.std_err;
    if (input.dropped > 0)
      survival.notes.push_back(
          fmt::format("multivariate Cox: {} case(s) with a missing value left out", input.dropped));
  } catch (const std::runtime_error& error) {
    survival.notes.push_back(fmt::format("multivariate Cox: not fitted ({})", error.what()));
  }
}

void compare_decision_curves(const CheckedStudy& study, const core::DataTable& clinical,
                             const ModelingData& data, StudyResults& results, const StepTimer& timer) {
  timer.say("decision curves: clinical against clinical + radiomics, out of fold");
  auto& curves = results.decision_curves;
  curves.thresholds = stats::percent_thresholds();
  const std::size_t chosen = results.chosen_model_index();
  const auto& radiomics = results.cv_probability[chosen];
  const auto& outcome = data.labels;

  std::vector<std::size_t> rows(clinical.row_count());
  std::iota(rows.begin(), rows.end(), std::size_t{0});
  std::vector<CodedVariable> variables;
  for (const auto& name : study.study.cohort.clinical_variables) {
    auto coded = code_variable(clinical.column(name), rows);
    if (!coded.terms.empty()) variables.push_back(std::move(coded));
  }
  // The cases complete in every clinical variable.
  std::vector<std::size_t> complete;
  for (std::size_t i = 0; i < outcome.size(); ++i) {
    bool ok = true;
    for (const auto& variable : variables)
      for (const auto& column : variable.columns) ok = ok && std::isfinite(column[i]);
    if (ok) complete.push_back(i);
  }
  std::vector<int> y;
  for (auto i : complete) y.push_back(outcome[i]);
  const auto ones = std::count(y.begin(), y.end(), 1);
  const bool clinical_model =
      !variables.empty() && ones >= 2 && static_cast<std::size_t>(ones) + 2 <= y.size();
  if (complete.size() < outcome.size())
    curves.notes.push_back(
        fmt::format("{} case(s) with a missing clinical value left out of the decision curves",
                    outcome.size() - complete.size()));
  std::vector<double> radiomics_complete;
  for (auto i : complete) radiomics_complete.push_back(radiomics[i]);

  curves.curves.push_back({"treat all", treat_all(y, curves.thresholds)});
  curves.curves.push_back({"treat none", std::vector<double>(curves.thresholds.size(), 0.0)});
  curves.curves.push_back({"radiomics", net_benefits(radiomics_complete, y, curves.thresholds)});
  curves.radiomics_auc = stats::area_under_roc(radiomics_complete, y);
  curves.clinical_auc = curves.combined_auc = curves.comparison_p = kNaN;
  if (!clinical_model) {
    curves.notes.push_back(variables.empty()
                               ? "no clinical variable in the study file: no clinical model"
                               : "too few cases of a class among the complete cases: no clinical model");
    return;
  }
  std::size_t width = 0;
  for (const auto& variable : variables) width += variable.terms.size();
  Eigen::MatrixXd clinical_x(static_cast<Eigen::Index>(complete.size()), static_cast<Eigen::Index>(width));
  Eigen::MatrixXd combined_x(static_cast<Eigen::Index>(complete.size()),
                             static_cast<Eigen::Index>(width + 1));
  for (std::size_t r = 0; r < complete.size(); ++r) {
    Eigen::Index c = 0;
    for (const auto& variable : variables)
      for (const auto& column : variable.columns) {
        clinical_x(static_cast<Eigen::Index>(r), c) = column[complete[r]];
        combined_x(static_cast<Eigen::Index>(r), c) = column[complete[r]];
        ++c;
      }
    combined_x(static_cast<Eigen::Index>(r), c) = logit(radiomics[complete[r]]);
  }
  for (const auto& variable : variables)
    curves.clinical_terms.insert(curves.clinical_terms.end(), variable.terms.begin(), variable.terms.end());
  const auto seed = study.study.validation.seed;
  // The folds index the modelled cases; the complete rows keep their positions in them.
  const auto clinical_p = out_of_fold_logistic(clinical_x, y, complete, results.folds, seed, "dca:clinical");
  const auto combined_p = out_of_fold_logistic(combined_x, y, complete, results.folds, seed, "dca:combined");
  curves.curves.push_back({"clinical", net_benefits(clinical_p, y, curves.thresholds)});
  curves.curves.push_back({"clinical + radiomics", net_benefits(combined_p, y, curves.thresholds)});
  curves.clinical_auc = stats::area_under_roc(clinical_p, y);
  curves.combined_auc = stats::area_under_roc(combined_p, y);
  curves.comparison_p = stats::delong_test(combined_p, clinical_p, y).p;
  curves.notes.push_back(
      "clinical: logistic regression on the clinical variables; clinical + radiomics: the same with the "
      "logit of the "
      "chosen model's out-of-fold probability as one more variable; both fitted and scored on the study's "
      "folds");
}

void validate_externally(const CheckedStudy& study, const StudyRunOptions& options, const SavedModel& model,
                         StudyResults& results, const StepTimer& timer) {
  const auto& outcome_column = study.study.cohort.outcome;
  for (const auto& external : study.external) {
    timer.say(fmt::format("external cohort {}: {} cases", external.cohort.name, external.cases.size()));
    ExternalValidation validation;
    validation.name = external.cohort.name;
    validation.cases = external.cases.size();
    const auto cached = extract_cases_cached(external.cases, study.settings, study.columns, options.cache_dir,
                                             options.jobs, nullptr);
    std::vector<std::string> names;
    for (const auto& column : study.columns) names.push_back(column.name);
    const auto& outcome = external.clinical.numbers(outcome_column);
    std::vector<std::string> ids;
    Eigen::MatrixXd rows(0, static_cast<Eigen::Index>(model.features().size()));
    for (std::size_t k = 0; k < cached.results.size(); ++k) {
      const auto& result = cached.results[k];
      if (!result.error.empty()) {
        validation.failed.push_back(fmt::format("{}: {}", result.id, result.error));
        continue;
      }
      try {
        const auto row = model.row_from_extraction(names, result.values, external.cases[k].image);
        rows.conservativeResize(rows.rows() + 1, Eigen::NoChange);
        rows.row(rows.rows() - 1) = row.row(0);
        ids.push_back(result.id);
        validation.outcome.push_back(static_cast<int>(outcome[k]));
      } catch (const std::runtime_error& error) {
        validation.failed.push_back(fmt::format("{}: {}", result.id, error.what()));
      }
    }
    validation.ids = ids;
    for (const auto& prediction : model.predict(ids, rows))
      if (prediction.model == results.chosen_model) validation.probability.push_back(prediction.probability);
    const auto ones = std::count(validation.outcome.begin(), validation.outcome.end(), 1);
    const auto zeros = static_cast<long>(validation.outcome.size()) - ones;
    validation.auc = validation.delong_lower = validation.delong_upper = kNaN;
    validation.calibration.brier = validation.calibration.intercept = validation.calibration.slope = kNaN;
    if (ones >= 2 && zeros >= 2) {
      const auto roc = stats::roc_auc(validation.probability, validation.outcome);
      validation.auc = roc.auc;
      validation.delong_lower = roc.lower;
      validation.delong_upper = roc.upper;
      try {
        validation.calibration = stats::calibrate(validation.probability, validation.outcome);
        validation.calibration_groups = stats::calibration_groups(
            validation.probability, validation.outcome, calibration_group_count(validation.outcome.size()));
      } catch (const std::runtime_error& error) {
        results.notes.push_back(
            fmt::format("external {}: no calibration ({})", validation.name, error.what()));
      }
      validation.thresholds = stats::percent_thresholds();
      validation.net_benefit =
          net_benefits(validation.probability, validation.outcome, validation.thresholds);
      validation.treat_all = treat_all(validation.outcome, validation.thresholds);
    } else {
      results.notes.push_back(
          fmt::format("external {}: {} case(s) of class 0 and {} of class 1 scored; no AUC, "
                      "calibration or decision curve (each needs 2 of each class)",
                      validation.name, zeros, ones));
    }
    results.external.push_back(std::move(validation));
  }
}

}  // namespace

StudyExtractionSummary extract_study_shard(const CheckedStudy& study, const StudyRunOptions& options,
                                           const Shard& shard) {
  StudyExtractionSummary summary;
  const auto& reproducibility = study.study.reproducibility;
  auto say = [&](const std::string& line) {
    if (options.progress) options.progress(line);
  };
  auto extract = [&](const std::vector<CaseSpec>& all, const std::vector<CaseSpec>* second_masks,
                     bool perturb, const std::string& cohort) {
    std::vector<CaseSpec> cases, seconds;
    for (const auto row : shard_rows(all.size(), shard)) {
      cases.push_back(all[row]);
      if (second_masks) seconds.push_back((*second_masks)[row]);
    }
    say(fmt::format("{}: shard {}/{}: {} cases", cohort, shard.index, shard.count, cases.size()));
    const auto cached = extract_cases_cached(
        cases, study.settings, study.columns, options.cache_dir, options.jobs,
        [&](const CaseResult& result, bool from_cache, std::size_t done) {
          if (!from_cache)
            say(fmt::format("  [{}/{}] {} {} ({:.2f} s)", done, cases.size(), result.id,
                            result.error.empty() ? "extracted" : result.error, result.seconds));
        });
    summary.cases += cases.size();
    summary.extracted += cached.extracted;
    std::vector<CaseSpec> good, good_seconds;
    for (std::size_t k = 0; k < cases.size(); ++k) {
      if (!cached.results[k].error.empty()) {
        ++summary.failed;
        continue;
      }
      good.push_back(cases[k]);
      if (second_masks) good_seconds.push_back(seconds[k]);
    }
    if (perturb)
      extract_cases_perturbed_cached(good, study.settings, study.columns, reproducibility.perturbations,
                                     study.study.validation.seed, options.cache_dir, options.jobs, nullptr);
    if (second_masks)
      extract_cases_cached(good_seconds, study.settings, study.columns, options.cache_dir, options.jobs,
                           nullptr);
  };
  const bool perturb = reproducibility.method == ReproducibilityMethod::kPerturbation;
  const bool second_mask = reproducibility.method == ReproducibilityMethod::kSecondMask;
  extract(study.cases, second_mask ? &study.second_mask_cases : nullptr, perturb, "cohort");
  for (const auto& external : study.external) extract(external.cases, nullptr, false, external.cohort.name);
  return summary;
}

StudyResults run_study(const CheckedStudy& study, const StudyRunOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  const StepTimer timer(options);
  StudyResults results;
  results.study = study;
  results.version = RADSTUDY_VERSION;
  results.started = utc_now();
  const auto& cohort = study.study.cohort;
  const auto& validation = study.study.validation;

  const auto good = extract_cohort(study, options, results, timer);
  const auto clinical = study.clinical.rows(good.rows);
  for (const auto& result : good.results) results.ids.push_back(result.id);
  for (double value : clinical.numbers(cohort.outcome)) results.outcome.push_back(static_cast<int>(value));
  check_classes_left(study, results.outcome, results.extraction.failed.size());

  assess_reproducibility(study, options, good, results, timer);
  choose_robust_features(study, good, results);

  timer.say("table 1 and univariate screening");
  CohortTableOptions table_options;
  table_options.group_column = cohort.outcome;
  table_options.variables = cohort.clinical_variables;
  if (!cohort.time.empty()) {
    table_options.variables.push_back(cohort.time);
    table_options.variables.push_back(cohort.event);
  }
  if (!table_options.variables.empty()) results.table1 = build_cohort_table(clinical, table_options);
  std::string univariate_csv;
  screen_features(study, clinical, results, univariate_csv);

  ModelingData data;
  data.ids = results.ids;
  data.feature_names = results.robust_features;
  data.features = results.robust_values;
  data.labels = results.outcome;
  results.folds = stratified_folds(data.labels, validation.folds, validation.repeats, validation.seed);
  EvaluationOptions evaluation;
  evaluation.models = study.study.models;
  evaluation.selection.lasso_features = std::min(study.study.selection.n, data.feature_names.size());
  evaluation.selection.scope = study.study.selection.scope;
  evaluation.seed = validation.seed;
  evaluation.jobs = options.jobs;
  check_models_fit_table(data.feature_names.size(), evaluation);
  const auto models_start = std::chrono::steady_clock::now();
  timer.say(fmt::format("models: {} x {} folds x {} repeats, selection {}", evaluation.models.size(),
                        validation.folds, validation.repeats, describe_selection(evaluation.selection)));
  results.evaluation = evaluate_models(data, results.folds, evaluation);
  timer.say(fmt::format("models: done ({:.1f} s)", seconds_since(models_start)));

  results.final_model =
      train_final_model(data, evaluation, results.evaluation, cohort.id, cohort.outcome, study.study.params);
  if (study.study.params.empty())
    results.final_model["extraction_settings"] = {{"parameter_file", ""}, {"text", kDefaultParameterText}};
  const auto saved = SavedModel::from_json(results.final_model, "the study's final model");
  {
    std::vector<Eigen::Index> columns;
    for (const auto& feature : saved.features())
      columns.push_back(
          static_cast<Eigen::Index>(std::find(data.feature_names.begin(), data.feature_names.end(), feature) -
                                    data.feature_names.begin()));
    Eigen::MatrixXd x(data.features.rows(), static_cast<Eigen::Index>(columns.size()));
    for (std::size_t j = 0; j < columns.size(); ++j)
      x.col(static_cast<Eigen::Index>(j)) = data.features.col(columns[j]);
    results.apparent_probability.assign(evaluation.models.size(), {});
    const auto predictions = saved.predict(data.ids, x);
    for (std::size_t m = 0; m < evaluation.models.size(); ++m)
      for (const auto& prediction : predictions)
        if (prediction.model == evaluation.models[m])
          results.apparent_probability[m].push_back(prediction.probability);
  }
  summarise_models(study, options, data, results);
  summarise_selection(study, data, evaluation, results);
  if (data.feature_names.size() >= 2 && data.ids.size() >= 3) {
    const auto pca = stats::principal_components(data.features);
    const auto kept = std::min<Eigen::Index>(3, pca.scores.cols());
    for (Eigen::Index k = 0; k < kept; ++k)
      results.pca.proportion_of_variance.push_back(pca.proportion_of_variance(k));
    results.pca.scores = pca.scores.leftCols(kept);
  }
  test_permutations(study, data, evaluation, results, timer);
  analyse_survival_of_cohort(study, clinical, data, results, timer);
  compare_decision_curves(study, clinical, data, results, timer);
  validate_externally(study, options, saved, results, timer);
  results.univariate_csv = std::move(univariate_csv);
  results.seconds = seconds_since(start);
  return results;
}

}  // namespace radstudy::study
