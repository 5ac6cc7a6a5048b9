#include "stats/survival_times.hpp"

#include <algorithm>
#include <cmath>

namespace radstudy::stats {

std::vector<double> merge_nearly_equal_times(const std::vector<double>& time, double tolerance) {
  std::vector<double> distinct;
  distinct.reserve(time.size());
  for (double value : time)
    if (std::isfinite(value)) distinct.push_back(value);
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  if (distinct.size() < 2) return time;

  long double absolute_sum = 0.0L;
  for (double value : distinct) absolute_sum += std::abs(value);
  const double mean_absolute = static_cast<double>(absolute_sum / static_cast<long double>(distinct.size()));

  // The starts of runs of nearly equal times (aeqSurv's `cuts`).
  std::vector<double> run_starts{distinct.front()};
  bool any_tied = false;
  for (std::size_t k = 1; k < distinct.size(); ++k) {
    const double gap = distinct[k] - distinct[k - 1];
    const bool tied = gap <= tolerance || gap / mean_absolute <= tolerance;
    any_tied = any_tied || tied;
    if (!tied) run_starts.push_back(distinct[k]);
  }
  if (!any_tied) return time;

  std::vector<double> merged(time.size());
  for (std::size_t i = 0; i < time.size(); ++i) {
    if (!std::isfinite(time[i])) {
      merged[i] = time[i];
      continue;
    }
    // The last run start <= time[i] (findInterval).
    const auto after = std::upper_bound(run_starts.begin(), run_starts.end(), time[i]);
    merged[i] = *(after - 1);
  }
  return merged;
}

}  // namespace radstudy::stats
