#pragma once
#include <vector>

namespace radstudy::stats {

// Harrell's concordance between survival times and a risk score (higher risk = shorter expected
// survival, e.g. a Cox linear predictor), as survival::concordance computes it for a coxph fit:
// pairs comparable when the shorter time is an event; ties in the score count 1/2; pairs tied in
// time are not comparable unless the shorter-or-equal one is an event and the other censored.
// The standard error is survival's infinitesimal jackknife estimate.
struct Concordance {
  double c_index = 0.0;
  double std_err = 0.0;
  double concordant = 0.0;
  double discordant = 0.0;
  double tied_risk = 0.0;  // comparable pairs with equal score
  double tied_time = 0.0;  // pairs of events at the same time (not comparable)
};

Concordance harrell_concordance(const std::vector<double>& time, const std::vector<int>& event,
                                const std::vector<double>& risk);

}  // namespace radstudy::stats
