#include "stats/rank_sum_distribution.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/errors.hpp"

namespace radstudy::stats {

RankSumExactDistribution::RankSumExactDistribution(int m, int n) : m_(m), n_(n) {
  if (m < 1 || n < 1)
    throw InputError(fmt::format("Wilcoxon distribution: sample sizes {} and {}; both must be >= 1", m, n));
  const auto max_statistic = static_cast<std::size_t>(m) * static_cast<std::size_t>(n);
  // counts[i][u]: arrangements of i x's and j y's with U = u, built up j by j: the last of the ordered
  // values is a y (U unchanged) or an x, which beats all j y's (U - j with one x fewer).
  std::vector<std::vector<double>> counts(static_cast<std::size_t>(m) + 1,
                                          std::vector<double>(max_statistic + 1, 0.0));
  for (auto& row : counts) row[0] = 1.0;  // j = 0: U = 0
  for (std::size_t j = 1; j <= static_cast<std::size_t>(n); ++j)
    for (std::size_t i = 1; i <= static_cast<std::size_t>(m); ++i)
      for (std::size_t u = max_statistic + 1; u-- > j;) counts[i][u] += counts[i - 1][u - j];
  const auto& distribution = counts.back();
  double total = 0.0;
  for (double count : distribution) total += count;
  at_most_.resize(max_statistic + 1);
  at_least_.resize(max_statistic + 1);
  double running = 0.0;
  for (std::size_t u = 0; u <= max_statistic; ++u) at_most_[u] = (running += distribution[u] / total);
  running = 0.0;
  for (std::size_t u = max_statistic + 1; u-- > 0;) at_least_[u] = (running += distribution[u] / total);
}

double RankSumExactDistribution::two_sided_p(double w) const {
  const double max_statistic = static_cast<double>(m_) * static_cast<double>(n_);
  if (!(w >= 0.0 && w <= max_statistic))
    throw InputError(fmt::format("Wilcoxon distribution: statistic {} outside [0, {}]", w, max_statistic));
  const auto u = static_cast<std::size_t>(std::floor(w + 1e-7));
  const double tail =
      w > max_statistic / 2 ? at_least_[static_cast<std::size_t>(std::ceil(w - 1e-7))] : at_most_[u];
  return std::min(1.0, 2.0 * tail);
}

}  // namespace radstudy::stats
