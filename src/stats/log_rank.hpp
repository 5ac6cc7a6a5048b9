#pragma once
#include <cstddef>
#include <vector>

namespace radstudy::stats {

// The log-rank test of equal survival across groups, as survival::survdiff(rho = 0).
struct LogRankTest {
  std::vector<double> observed;  // events per group
  std::vector<double> expected;
  double chi_square = 0.0;
  int degrees_of_freedom = 0;  // groups with expected events > 0, minus 1
  double p_value = 1.0;
};

// `group[i]` in 0..group_count-1; `event` 0/1.
LogRankTest log_rank_test(const std::vector<double>& time, const std::vector<int>& event,
                          const std::vector<int>& group, int group_count);

// The cut-point of a continuous variable that maximises the log-rank chi-square of high (value >
// cut) against low, over the observed values that leave at least `minimum_share` of the cases in
// each group (survminer's surv_cutpoint convention). Its p-value is optimistic: the cut was chosen
// to maximise it.
struct OptimalCut {
  double cut = 0.0;
  LogRankTest test;
};
OptimalCut optimal_log_rank_cut(const std::vector<double>& time, const std::vector<int>& event,
                                const std::vector<double>& value, double minimum_share = 0.1);

}  // namespace radstudy::stats
