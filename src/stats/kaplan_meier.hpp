#pragma once
#include <cstddef>
#include <vector>

namespace radstudy::stats {

// One row of a Kaplan-Meier table: a distinct observed time (event or censoring), as survfit lists them.
struct KaplanMeierStep {
  double time = 0.0;
  std::size_t n_risk = 0;
  std::size_t n_event = 0;
  std::size_t n_censor = 0;
  double survival = 1.0;
  double std_err = 0.0;  // of the survival, Greenwood (summary.survfit's std.err); NaN once survival is 0
  double lower = 0.0;    // log-type confidence limits (survfit's default); NaN once survival is 0
  double upper = 0.0;
};

// Survival quantile with its confidence limits; NaN when the curve (or the limit) never reaches it.
struct SurvivalQuantile {
  double estimate = 0.0;
  double lower = 0.0;
  double upper = 0.0;
};

struct KaplanMeierCurve {
  std::vector<KaplanMeierStep> steps;
  std::size_t n = 0;
  std::size_t events = 0;
  double confidence_level = 0.95;
  // The time at which the survival reaches 1 - probability, as survival's quantile.survfit (median:
  // probability 0.5): where the curve is flat at exactly that level, the midpoint of the flat stretch.
  SurvivalQuantile quantile(double probability) const;
};

// survival::survfit(Surv(time, event) ~ 1) with conf.type = "log". `event` holds 0 (censored) or 1.
KaplanMeierCurve kaplan_meier(const std::vector<double>& time, const std::vector<int>& event,
                              double confidence_level = 0.95);

}  // namespace radstudy::stats
