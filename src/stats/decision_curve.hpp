#pragma once
#include <string>
#include <vector>

namespace radstudy::stats {

// Decision curve analysis (Vickers & Elkin 2006): at a threshold probability pt, treating the
// cases whose predicted probability is >= pt has the net benefit NB = TP/n - FP/n * pt / (1 - pt).
// Treat-all is NB = prevalence - (1 - prevalence) pt / (1 - pt); treat-none is 0.
struct NetBenefit {
  double threshold = 0.0;
  double net_benefit = 0.0;
  double true_positives = 0.0;
  double false_positives = 0.0;
};

// `outcome` 0/1, `probability` in [0, 1]; one entry per threshold, in the order given.
std::vector<NetBenefit> net_benefit_curve(const std::vector<double>& probability, const std::vector<int>& outcome,
                                          const std::vector<double>& thresholds);
std::vector<NetBenefit> treat_all_curve(const std::vector<int>& outcome, const std::vector<double>& thresholds);

// 0.01, 0.02, ..., 0.99 (each k / 100 exactly as a double division).
std::vector<double> percent_thresholds();

}  // namespace radstudy::stats
