#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/output_directory.hpp"
#include "core/atomic_output.hpp"
#include "core/csv.hpp"
#include "core/errors.hpp"
#include "stats/lasso_logistic.hpp"
#include "study/model_evaluation.hpp"

namespace radstudy::cli {
namespace {

struct SelectOptions {
  std::string features, clinical, id = "id", label, method = "lasso", lambda_rule = "min", folds, out;
  double alpha = 1.0;
  std::size_t count = 0;  // --n
  int fold_count = 5;
  std::uint64_t seed = 1;
  bool drop_failed = false;
};

// z-scores each column as R's scale() does: colMeans, then sd = sqrt(sum(centred^2) / (n - 1)), sums
// accumulated in long double as R's are.
Eigen::MatrixXd z_scored(const Eigen::MatrixXd& x) {
  Eigen::MatrixXd z = x;
  const auto n = static_cast<long double>(x.rows());
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    long double sum = 0.0L;
    for (Eigen::Index i = 0; i < x.rows(); ++i) sum += x(i, j);
    const auto mean = static_cast<double>(sum / n);
    long double squares = 0.0L;
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
      z(i, j) = x(i, j) - mean;
      squares += z(i, j) * z(i, j);
    }
    const double sd = std::sqrt(static_cast<double>(squares / (n - 1.0L)));
    z.col(j) /= sd;
  }
  return z;
}

std::string path_csv(const stats::LassoPath& path, const std::vector<std::string>& names) {
  std::string csv = "lambda,feature,coef\n";
  for (std::size_t s = 0; s < path.lambda.size(); ++s) {
    const std::string lambda = core::csv_number(path.lambda[s]);
    csv += fmt::format("{},(Intercept),{}\n", lambda, core::csv_number(path.intercept[s]));
    for (Eigen::Index j = 0; j < path.coefficients.rows(); ++j) {
      const double value = path.coefficients(j, static_cast<Eigen::Index>(s));
      if (value != 0.0)
        csv += fmt::format("{},{},{}\n", lambda, core::csv_field(names[static_cast<std::size_t>(j)]),
                           core::csv_number(value));
    }
  }
  return csv;
}

std::string cv_csv(const stats::LassoCrossValidation& cv) {
  std::string csv = "lambda,cvm,cvsd,nzero\n";
  for (std::size_t s = 0; s < cv.cvm.size(); ++s)
    csv += fmt::format("{},{},{},{}\n", core::csv_number(cv.path.lambda[s]), core::csv_number(cv.cvm[s]),
                       core::csv_number(cv.cvsd[s]), cv.path.nonzero[s]);
  return csv;
}

int run_select(const SelectOptions& options) {
  if (options.method != "lasso")
    throw ConfigError(fmt::format("--method {}: the only selection method is lasso", options.method));
  if (!(options.alpha >= 0.0 && options.alpha <= 1.0))
    throw ConfigError(fmt::format("--alpha {}: must be between 0 (ridge) and 1 (lasso)", options.alpha));
  core::check_outputs(
      {{"--out", options.out, core::OutputKind::kFolder}},
      {{"--features", options.features}, {"--clinical", options.clinical}, {"--folds", options.folds}});
  const auto data = study::read_modeling_data(options.features, options.clinical, options.id, options.label,
                                              options.drop_failed);
  for (const auto& note : data.notes) std::cerr << "radstudy select: " << note << "\n";

  std::vector<std::pair<std::string, std::string>> outputs;
  std::vector<int> folds;
  if (!options.folds.empty()) {
    folds = study::read_folds(options.folds, data).fold_of_case.front();
  } else {
    if (options.fold_count < 3)
      throw ConfigError(fmt::format("--k {}: cv.glmnet needs at least 3 folds", options.fold_count));
    const auto plan = study::stratified_folds(data.labels, options.fold_count, 1, options.seed);
    folds = plan.fold_of_case.front();
    outputs.emplace_back("folds.csv", study::folds_csv(plan, data));
  }

  stats::LassoOptions lasso;
  lasso.alpha = options.alpha;
  const auto cv = stats::cross_validate_lasso(z_scored(data.features), data.labels, folds, lasso);
  const auto& path = cv.path;

  std::vector<std::pair<std::size_t, double>> selected;
  std::string chosen;
  if (options.count > 0) {
    selected = stats::top_lasso_features(cv, options.count);
    chosen = fmt::format("the {} largest |coef| (lambda.min, or the largest lambda with >= {})",
                         options.count, options.count);
  } else {
    const std::size_t index = options.lambda_rule == "1se" ? cv.index_1se : cv.index_min;
    for (Eigen::Index j = 0; j < path.coefficients.rows(); ++j) {
      const double value = path.coefficients(j, static_cast<Eigen::Index>(index));
      if (value != 0.0) selected.emplace_back(static_cast<std::size_t>(j), value);
    }
    std::stable_sort(selected.begin(), selected.end(),
                     [](const auto& a, const auto& b) { return std::abs(a.second) > std::abs(b.second); });
    chosen =
        fmt::format("every non-zero coefficient at lambda.{}", options.lambda_rule == "1se" ? "1se" : "min");
  }
  std::string selected_csv = "feature,coef\n";
  for (const auto& [feature, value] : selected)
    selected_csv +=
        fmt::format("{},{}\n", core::csv_field(data.feature_names[feature]), core::csv_number(value));

  const int fold_count = *std::max_element(folds.begin(), folds.end());
  std::string summary = "quantity,value\n";
  summary += fmt::format("cases,{}\nfeatures,{}\nalpha,{}\nfolds,{}\n", data.ids.size(),
                         data.feature_names.size(), core::csv_number(options.alpha), fold_count);
  summary += fmt::format("lambda_min,{}\nlambda_1se,{}\n", core::csv_number(path.lambda[cv.index_min]),
                         core::csv_number(path.lambda[cv.index_1se]));
  summary += fmt::format("nzero_min,{}\nnzero_1se,{}\nnull_deviance,{}\ncv_se,{}\nselected,{}\n",
                         path.nonzero[cv.index_min], path.nonzero[cv.index_1se],
                         core::csv_number(path.null_deviance),
                         cv.grouped ? "over folds" : "over cases (< 3 per fold)", selected.size());

  outputs.emplace_back("path.csv", path_csv(path, data.feature_names));
  outputs.emplace_back("cv.csv", cv_csv(cv));
  outputs.emplace_back("selected.csv", selected_csv);
  outputs.emplace_back("summary.csv", summary);
  write_output_files(options.out, outputs);

  std::cout << fmt::format(
      "radstudy select: {} cases, {} features, {}-fold CV of the binomial deviance: lambda.min {} ({} "
      "non-zero), "
      "lambda.1se {} ({} non-zero); kept {} feature(s): {}\n",
      data.ids.size(), data.feature_names.size(), fold_count, core::csv_number(path.lambda[cv.index_min]),
      path.nonzero[cv.index_min], core::csv_number(path.lambda[cv.index_1se]), path.nonzero[cv.index_1se],
      selected.size(), chosen);
  if (options.count > 0 && selected.size() < options.count)
    std::cerr << fmt::format(
        "radstudy select: the whole path never has {} non-zero coefficients; kept all {}\n", options.count,
        selected.size());
  return kAllDone;
}

}  // namespace

Command add_select_command(CLI::App& app) {
  auto options = std::make_shared<SelectOptions>();
  auto* command = app.add_subcommand(
      "select",
      "Feature selection by penalised logistic regression equal to glmnet (binomial, standardize = FALSE on "
      "features z-scored with mean and sd (n - 1)), lambda by cross-validated deviance as cv.glmnet. Writes "
      "DIR/path.csv, DIR/cv.csv, DIR/selected.csv, DIR/summary.csv (and DIR/folds.csv when radstudy made the "
      "folds). Constant feature columns are left out with a note");
  command->add_option("--features", options->features, "Feature CSV, one row per case")
      ->type_name(kFileValue)
      ->required();
  required_option(*command,
                  add_clinical(*command, options->clinical, "Clinical CSV holding the outcome", false));
  add_id_column(*command, options->id, "both tables");
  required_option(*command, add_outcome(*command, options->label, "0/1 outcome column of the clinical CSV"));
  command->add_option("--method", options->method, "Selection method")
      ->check(CLI::IsMember({"lasso"}))
      ->capture_default_str();
  command->add_option("--alpha", options->alpha, "Elastic-net mixing: 1 lasso, 0 ridge")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  auto* count = command->add_option("--n", options->count,
                                    "Keep the N largest absolute coefficients at lambda.min, or at the "
                                    "largest lambda with >= N non-zero coefficients");
  count->type_name("N")->check(CLI::PositiveNumber);
  auto* rule = command
                   ->add_option("--lambda", options->lambda_rule,
                                "Keep every non-zero coefficient at lambda.min or lambda.1se")
                   ->check(CLI::IsMember({"min", "1se"}))
                   ->capture_default_str();
  count->excludes(rule);
  auto* folds = command->add_option("--folds", options->folds, "Folds CSV: id,fold (folds numbered from 1)")
                    ->type_name(kFileValue);
  auto* k = add_fold_count(*command, options->fold_count);
  auto* seed = add_seed(*command, options->seed, "Seed of the folds");
  folds->excludes(k);
  folds->excludes(seed);
  add_drop_failed(*command, options->drop_failed);
  add_output_folder(*command, options->out);
  set_examples(
      *command,
      "  radstudy select --features features.csv --clinical clinical.csv --outcome pd --n 10 --out select");
  return {command, [options] { return run_select(*options); }};
}

}  // namespace radstudy::cli
