#include "study/permutation_test.hpp"

#include <fmt/format.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <cmath>
#include <map>

#include "core/csv.hpp"
#include "core/seeded_random.hpp"

namespace radstudy::study {

std::vector<std::pair<std::string, double>> cross_validated_auc(const EvaluationResult& result) {
  std::vector<std::pair<std::string, double>> statistics;
  std::map<std::string, std::pair<double, int>> sums;
  for (const auto& row : result.summary) {
    if (row.metric != "pooled_auc" || !row.mean) continue;
    auto [entry, inserted] = sums.try_emplace(row.model, 0.0, 0);
    if (inserted) statistics.emplace_back(row.model, 0.0);
    entry->second.first += *row.mean;
    ++entry->second.second;
  }
  for (auto& [model, value] : statistics) value = sums[model].first / sums[model].second;
  return statistics;
}

std::vector<PermutationSummary> permutation_test(const ModelingData& data, const EvaluationOptions& options,
                                                 const EvaluationResult& observed,
                                                 const PermutationOptions& permutation) {
  std::vector<PermutationSummary> summaries;
  for (const auto& [model, auc] : cross_validated_auc(observed))
    summaries.push_back({model, auc, {}, 0.0, 0.0, 1.0});
  // Permutations run side by side (each its own pipeline on one thread): b's result goes to slot b, so
  // the null does not depend on the number of threads.
  const auto count = static_cast<std::size_t>(std::max(0, permutation.permutations));
  std::vector<std::vector<std::pair<std::string, double>>> statistics(count);
  tbb::task_arena arena(std::max(1, options.jobs));
  arena.execute([&] {
    tbb::parallel_for(std::size_t{0}, count, std::size_t{1}, [&](std::size_t slot) {
      const auto b = static_cast<std::uint64_t>(slot) + 1;
      const std::uint64_t seed = core::mixed_seed(core::mixed_seed(permutation.seed) ^ b);
      ModelingData permuted = data;
      core::SeededRandom random(seed);
      for (std::size_t i = permuted.labels.size(); i > 1; --i)
        std::swap(permuted.labels[i - 1], permuted.labels[random.below(i)]);
      const auto plan = stratified_folds(permuted.labels, permutation.folds, permutation.repeats, seed);
      EvaluationOptions null_options = options;
      null_options.seed = seed;
      null_options.jobs = 1;
      statistics[slot] = cross_validated_auc(evaluate_models(permuted, plan, null_options));
    });
  });
  for (const auto& permuted : statistics)
    for (auto& summary : summaries)
      for (const auto& [model, auc] : permuted)
        if (model == summary.model) summary.null_auc.push_back(auc);
  for (auto& summary : summaries) {
    const auto m = static_cast<double>(summary.null_auc.size());
    if (m == 0) continue;
    double sum = 0.0, at_least = 0.0;
    for (const double auc : summary.null_auc) {
      sum += auc;
      if (auc >= summary.auc) at_least += 1.0;
    }
    summary.null_mean = sum / m;
    double squares = 0.0;
    for (const double auc : summary.null_auc)
      squares += (auc - summary.null_mean) * (auc - summary.null_mean);
    summary.null_sd = m > 1 ? std::sqrt(squares / (m - 1.0)) : 0.0;
    summary.p = (1.0 + at_least) / (1.0 + m);
  }
  return summaries;
}

std::string permutation_csv(const std::vector<PermutationSummary>& summaries) {
  std::string text = "model,auc,null_mean,null_sd,p,permutations\n";
  for (const auto& summary : summaries)
    text += fmt::format("{},{},{},{},{},{}\n", summary.model, core::csv_number(summary.auc),
                        core::csv_number(summary.null_mean), core::csv_number(summary.null_sd),
                        core::csv_number(summary.p), summary.null_auc.size());
  return text;
}

std::string permutation_null_csv(const std::vector<PermutationSummary>& summaries) {
  std::string text = "model,permutation,auc\n";
  for (const auto& summary : summaries)
    for (std::size_t b = 0; b < summary.null_auc.size(); ++b)
      text += fmt::format("{},{},{}\n", summary.model, b + 1, core::csv_number(summary.null_auc[b]));
  return text;
}

}  // namespace radstudy::study
