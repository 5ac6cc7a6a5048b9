#include "stats/multiple_testing.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace radstudy::stats {

std::vector<double> benjamini_hochberg(const std::vector<double>& p) {
  std::vector<std::size_t> present;
  for (std::size_t i = 0; i < p.size(); ++i)
    if (!std::isnan(p[i])) present.push_back(i);
  std::vector<double> adjusted(p.size(), std::numeric_limits<double>::quiet_NaN());
  // p.adjust: i <- n:1; o <- order(p, decreasing = TRUE); pmin(1, cummin(n / i * p[o]))[order(o)]
  std::stable_sort(present.begin(), present.end(), [&](std::size_t a, std::size_t b) { return p[a] > p[b]; });
  const double n = static_cast<double>(present.size());
  double running_minimum = std::numeric_limits<double>::infinity();
  for (std::size_t rank = 0; rank < present.size(); ++rank) {
    const double tests_at_or_below = n - static_cast<double>(rank);
    running_minimum = std::min(running_minimum, n / tests_at_or_below * p[present[rank]]);
    adjusted[present[rank]] = std::min(1.0, running_minimum);
  }
  return adjusted;
}

}  // namespace radstudy::stats
