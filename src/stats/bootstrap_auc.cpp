#include "stats/bootstrap_auc.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/errors.hpp"
#include "core/seeded_random.hpp"
#include "stats/group_tests.hpp"
#include "stats/roc_curve.hpp"

namespace radstudy::stats {

BootstrapInterval bootstrap_auc_interval(const std::vector<double>& score, const std::vector<int>& label,
                                         std::size_t replicates, std::uint64_t seed, double confidence) {
  area_under_roc(score, label);  // the checks: sizes, finite scores, 0/1 labels, both classes
  if (replicates == 0 || !(confidence > 0.0 && confidence < 1.0))
    throw ConfigError(
        fmt::format("bootstrap: {} replicates at confidence {}; need at least 1 and a level in (0, 1)",
                    replicates, confidence));
  std::vector<std::size_t> cases, controls;
  for (std::size_t i = 0; i < label.size(); ++i) (label[i] == 1 ? cases : controls).push_back(i);
  core::SeededRandom random(seed);
  std::vector<double> aucs(replicates), resampled_score;
  std::vector<int> resampled_label;
  resampled_score.reserve(score.size());
  resampled_label.reserve(score.size());
  for (auto& auc : aucs) {
    resampled_score.clear();
    resampled_label.clear();
    for (const auto* group : {&controls, &cases})
      for (std::size_t k = 0; k < group->size(); ++k) {
        const std::size_t i = (*group)[random.below(group->size())];
        resampled_score.push_back(score[i]);
        resampled_label.push_back(label[i]);
      }
    auc = area_under_roc(resampled_score, resampled_label);
  }
  const double tail = (1.0 - confidence) / 2.0;
  return {sample_quantile(aucs, tail), sample_quantile(aucs, 1.0 - tail), replicates};
}

}  // namespace radstudy::stats
