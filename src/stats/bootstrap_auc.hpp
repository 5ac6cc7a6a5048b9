#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace radstudy::stats {

// The percentile bootstrap interval of the ROC AUC, as pROC::ci.auc(method = "bootstrap",
// boot.stratified = TRUE) computes it: `replicates` resamples drawn with replacement within each class
// (so every resample keeps the class sizes), the AUC of each, and the (1 -/+ confidence) / 2 quantiles
// of those AUCs (R's quantile type 7). The resamples come from a core::SeededRandom seeded with `seed`:
// the same seed gives the same interval on every machine (not pROC's numbers, which follow R's RNG).
// Needs at least one case of each class (InputError otherwise, as area_under_roc).
struct BootstrapInterval {
  double lower = 0.0;
  double upper = 0.0;
  std::size_t replicates = 0;
};
BootstrapInterval bootstrap_auc_interval(const std::vector<double>& score, const std::vector<int>& label,
                                         std::size_t replicates, std::uint64_t seed,
                                         double confidence = 0.95);

}  // namespace radstudy::stats
