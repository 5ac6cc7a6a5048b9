#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "study/model_evaluation.hpp"

namespace radstudy::study {

// The permutation test of the cross-validated AUC: the outcome labels permuted (the features kept), new
// stratified folds made on the permuted labels, and the whole nested pipeline (scaling, fold-scope
// selection, every model) run again. Under the null (no link between features and outcome) the
// cross-validated AUC of an honest pipeline centres on 0.5; selection on all cases before CV does not,
// which is why a study reports this p-value beside its AUC.
struct PermutationOptions {
  int permutations = 200;
  int folds = 5;
  int repeats = 1;  // CV repeats per permutation (fewer than the real run: a wider null, a conservative p)
  std::uint64_t seed = 1;
};

struct PermutationSummary {
  std::string model;
  double auc = 0.0;  // the observed statistic
  std::vector<double> null_auc;
  double null_mean = 0.0, null_sd = 0.0;
  double p = 1.0;  // (1 + #{null >= auc}) / (1 + permutations)
};

// The statistic: per model, the mean over repeats of the pooled out-of-fold AUC (summary "pooled_auc").
std::vector<std::pair<std::string, double>> cross_validated_auc(const EvaluationResult& result);

// `observed` is the real run's result (same data and options). Permutation b uses the labels shuffled by
// a generator seeded from (seed, b); the result does not depend on options.jobs.
std::vector<PermutationSummary> permutation_test(const ModelingData& data, const EvaluationOptions& options,
                                                 const EvaluationResult& observed,
                                                 const PermutationOptions& permutation);

// permutation.csv: model,auc,null_mean,null_sd,p,permutations; permutation_null.csv: model,permutation,auc.
std::string permutation_csv(const std::vector<PermutationSummary>& summaries);
std::string permutation_null_csv(const std::vector<PermutationSummary>& summaries);

}  // namespace radstudy::study
