#include "stats/kaplan_meier.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "stats/distributions.hpp"

namespace radstudy::stats {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// quantile.survfit's findq: the first time at which 1 - curve reaches `probability` (within
// `tolerance`), the midpoint when the curve sits at that level over a stretch. The curve starts at 1
// at time 0; NaN entries (a limit undefined once the survival is 0) are left out as approx() does.
double find_quantile(const std::vector<double>& times, const std::vector<double>& curve, double probability,
                     double tolerance) {
  // Levels 1 - curve with their times, the first of equal levels kept (duplicated()).
  std::vector<double> level_times = {0.0}, levels = {0.0};
  bool last_is_missing = false;
  for (std::size_t k = 0; k < times.size(); ++k) {
    const double level = 1.0 - curve[k];
    if (std::isnan(level)) {
      last_is_missing = true;  // the NaN tail survives duplicated() once, as the last value
      continue;
    }
    if (std::find(levels.begin(), levels.end(), level) != levels.end()) continue;
    level_times.push_back(times[k]);
    levels.push_back(level);
    last_is_missing = false;
  }
  if (*std::max_element(levels.begin(), levels.end()) < probability) return kNaN;
  if (probability == 0.0) return level_times.front();
  // approx(levels + shift, index, probability, "constant", f = 1) with rule 1: the index of the
  // lowest shifted level that reaches the probability (approx sorts by level; for the usual
  // monotone curve that is the first in time), none above the largest or below the smallest level.
  auto first_reaching = [&](double shift) -> std::ptrdiff_t {
    if (probability < *std::min_element(levels.begin(), levels.end()) + shift) return -1;
    std::ptrdiff_t found = -1;
    for (std::size_t k = 0; k < levels.size(); ++k)
      if (levels[k] + shift >= probability && (found < 0 || levels[k] < levels[static_cast<std::size_t>(found)]))
        found = static_cast<std::ptrdiff_t>(k);
    return found;
  };
  const std::ptrdiff_t upper_index = first_reaching(tolerance);
  const std::ptrdiff_t lower_index = first_reaching(-tolerance);
  const double last_time = times.back();
  if (!last_is_missing && std::abs(probability - levels.back()) < tolerance)
    return upper_index < 0 ? kNaN : (level_times[static_cast<std::size_t>(upper_index)] + last_time) / 2.0;
  if (upper_index < 0 || lower_index < 0) return kNaN;
  return (level_times[static_cast<std::size_t>(upper_index)] + level_times[static_cast<std::size_t>(lower_index)]) /
         2.0;
}

}  // namespace

KaplanMeierCurve kaplan_meier(const std::vector<double>& time, const std::vector<int>& event,
                              double confidence_level) {
  KaplanMeierCurve curve;
  curve.confidence_level = confidence_level;
  curve.n = time.size();
  std::vector<std::size_t> order(time.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return time[a] < time[b]; });
  const double z = normal_quantile(1.0 - (1.0 - confidence_level) / 2.0);
  std::size_t at_risk = time.size();
  double survival = 1.0;
  double greenwood = 0.0;  // sum of d / (n (n - d)): the variance of the cumulative hazard (log survival)
  for (std::size_t k = 0; k < order.size();) {
    KaplanMeierStep step;
    step.time = time[order[k]];
    step.n_risk = at_risk;
    for (; k < order.size() && time[order[k]] == step.time; ++k) (event[order[k]] ? step.n_event : step.n_censor)++;
    if (step.n_event > 0) {
      const double n = static_cast<double>(at_risk), d = static_cast<double>(step.n_event);
      survival *= (n - d) / n;
      greenwood += d / (n * (n - d));  // infinite when every one at risk dies: survival is 0 from here
    }
    step.survival = survival;
    const double log_std_err = std::sqrt(greenwood);
    if (survival > 0.0) {
      step.std_err = log_std_err * survival;
      step.lower = std::exp(std::log(survival) - z * log_std_err);
      step.upper = std::min(1.0, std::exp(std::log(survival) + z * log_std_err));
    } else {
      step.std_err = step.lower = step.upper = kNaN;
    }
    curve.events += step.n_event;
    at_risk -= step.n_event + step.n_censor;
    curve.steps.push_back(step);
  }
  return curve;
}

SurvivalQuantile KaplanMeierCurve::quantile(double probability) const {
  const double tolerance = std::sqrt(std::numeric_limits<double>::epsilon());
  std::vector<double> times, survival, lower_curve, upper_curve;
  for (const auto& step : steps) {
    times.push_back(step.time);
    survival.push_back(step.survival);
    lower_curve.push_back(step.lower);
    upper_curve.push_back(step.upper);
  }
  // A survival of 0 has no log-type limits (NaN), as survfit.
  return {find_quantile(times, survival, probability, tolerance),
          find_quantile(times, lower_curve, probability, tolerance),
          find_quantile(times, upper_curve, probability, tolerance)};
}

}  // namespace radstudy::stats
