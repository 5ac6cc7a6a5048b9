#include "stats/log_rank.hpp"

#include <fmt/format.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/errors.hpp"
#include "stats/distributions.hpp"

namespace radstudy::stats {

LogRankTest log_rank_test(const std::vector<double>& time, const std::vector<int>& event,
                          const std::vector<int>& group, int group_count) {
  const auto groups = static_cast<std::size_t>(group_count);
  LogRankTest test;
  test.observed.assign(groups, 0.0);
  test.expected.assign(groups, 0.0);
  Eigen::MatrixXd variance = Eigen::MatrixXd::Zero(group_count, group_count);
  std::vector<std::size_t> order(time.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return time[a] < time[b]; });
  std::vector<double> at_risk(groups, 0.0);
  for (int g : group) at_risk[static_cast<std::size_t>(g)] += 1.0;
  double total_at_risk = static_cast<double>(time.size());
  std::vector<double> deaths(groups), leaving(groups);
  for (std::size_t k = 0; k < order.size();) {
    const double now = time[order[k]];
    std::fill(deaths.begin(), deaths.end(), 0.0);
    std::fill(leaving.begin(), leaving.end(), 0.0);
    for (; k < order.size() && time[order[k]] == now; ++k) {
      const auto g = static_cast<std::size_t>(group[order[k]]);
      deaths[g] += event[order[k]];
      leaving[g] += 1.0;
    }
    const double d = std::accumulate(deaths.begin(), deaths.end(), 0.0);
    if (d > 0) {
      const double n = total_at_risk;
      for (std::size_t g = 0; g < groups; ++g) {
        test.observed[g] += deaths[g];
        test.expected[g] += d * at_risk[g] / n;
      }
      if (n > 1) {
        const double factor = d * (n - d) / (n * n * (n - 1));
        for (std::size_t g = 0; g < groups; ++g) {
          variance(g, g) += factor * at_risk[g] * (n - at_risk[g]);
          for (std::size_t h = 0; h < groups; ++h)
            if (h != g) variance(g, h) -= factor * at_risk[g] * at_risk[h];
        }
      }
    }
    for (std::size_t g = 0; g < groups; ++g) at_risk[g] -= leaving[g];
    total_at_risk -= std::accumulate(leaving.begin(), leaving.end(), 0.0);
  }
  // survdiff: keep the groups with expected events, drop the first of them, solve.
  std::vector<std::size_t> kept;
  for (std::size_t g = 0; g < groups; ++g)
    if (test.expected[g] > 0) kept.push_back(g);
  test.degrees_of_freedom = static_cast<int>(kept.size()) - 1;
  if (kept.size() < 2) {
    test.chi_square = 0.0;
    test.p_value = std::nan("");
    return test;
  }
  const auto size = static_cast<Eigen::Index>(kept.size() - 1);
  Eigen::VectorXd difference(size);
  Eigen::MatrixXd reduced(size, size);
  for (Eigen::Index a = 0; a < size; ++a) {
    const std::size_t g = kept[static_cast<std::size_t>(a) + 1];
    difference(a) = test.observed[g] - test.expected[g];
    for (Eigen::Index b = 0; b < size; ++b) reduced(a, b) = variance(g, kept[static_cast<std::size_t>(b) + 1]);
  }
  const Eigen::FullPivLU<Eigen::MatrixXd> solver(reduced);
  if (!solver.isInvertible())
    throw NumericalError("log-rank test: the variance matrix is singular (a group without cases at risk at any event time)");
  test.chi_square = difference.dot(solver.solve(difference));
  test.p_value = chi_square_upper_p(test.chi_square, test.degrees_of_freedom);
  return test;
}

OptimalCut optimal_log_rank_cut(const std::vector<double>& time, const std::vector<int>& event,
                                const std::vector<double>& value, double minimum_share) {
  std::vector<double> candidates = value;
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  const double n = static_cast<double>(value.size());
  OptimalCut best;
  bool found = false;
  std::vector<int> high(value.size());
  for (double cut : candidates) {
    std::size_t high_count = 0;
    for (std::size_t i = 0; i < value.size(); ++i) high_count += (high[i] = value[i] > cut ? 1 : 0);
    const double share_high = static_cast<double>(high_count) / n;
    if (share_high < minimum_share || 1.0 - share_high < minimum_share) continue;
    LogRankTest test = log_rank_test(time, event, high, 2);
    if (!found || test.chi_square > best.test.chi_square) {
      best = {cut, std::move(test)};
      found = true;
    }
  }
  if (!found)
    throw InputError(fmt::format("no cut-point leaves {:.0f}% of the {} cases on each side", 100 * minimum_share,
                                 value.size()));
  return best;
}

}  // namespace radstudy::stats
