#include "stats/decision_curve.hpp"

namespace radstudy::stats {

std::vector<NetBenefit> net_benefit_curve(const std::vector<double>& probability, const std::vector<int>& outcome,
                                          const std::vector<double>& thresholds) {
  const double n = static_cast<double>(outcome.size());
  std::vector<NetBenefit> curve;
  curve.reserve(thresholds.size());
  for (double threshold : thresholds) {
    NetBenefit point;
    point.threshold = threshold;
    for (std::size_t i = 0; i < outcome.size(); ++i)
      if (probability[i] >= threshold) (outcome[i] ? point.true_positives : point.false_positives) += 1.0;
    point.net_benefit = point.true_positives / n - point.false_positives / n * threshold / (1.0 - threshold);
    curve.push_back(point);
  }
  return curve;
}

std::vector<NetBenefit> treat_all_curve(const std::vector<int>& outcome, const std::vector<double>& thresholds) {
  return net_benefit_curve(std::vector<double>(outcome.size(), 1.0), outcome, thresholds);
}

std::vector<double> percent_thresholds() {
  std::vector<double> thresholds;
  for (int k = 1; k <= 99; ++k) thresholds.push_back(k / 100.0);
  return thresholds;
}

}  // namespace radstudy::stats
