#pragma once
#include <vector>

namespace radstudy::stats {

// Harrell's concordance between survival times and a risk score (higher risk = shorter expected
// survival, e.g. a Cox linear predictor), as survival::concordance computes it for a coxph fit
// (reverse = TRUE, timewt "n", timefix: times within aeqSurv's tolerance are tied). A pair is
// comparable when the shorter time is an event, or when both times are equal and only one of them
// is an event (the censored case counts as the longer). Ties in the score count 1/2. Scores are
// compared exactly (the linear predictors of equal covariate rows are equal).
// The standard error is survival's infinitesimal jackknife estimate (sqrt(var) of concordancefit).
// O(n log n): two sweeps over the times with a Fenwick tree over the score ranks.
struct Concordance {
  double c_index = 0.0;
  double std_err = 0.0;
  double concordant = 0.0;
  double discordant = 0.0;
  double tied_risk = 0.0;  // comparable pairs with equal score (tied.x)
  double tied_time = 0.0;  // pairs of events at the same time, different scores (tied.y)
  double tied_both = 0.0;  // pairs of events at the same time with equal scores (tied.xy)
};

// Throws InputError for mismatched sizes, a missing or infinite time or score, an event code other
// than 0/1 (naming the case); NumericalError when no pair is comparable (no event before another
// case's time).
Concordance harrell_concordance(const std::vector<double>& time, const std::vector<int>& event,
                                const std::vector<double>& risk);

}  // namespace radstudy::stats
