#include "stats/roc_curve.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "core/errors.hpp"
#include "stats/distributions.hpp"

namespace radstudy::stats {
namespace {

struct ClassCounts {
  std::size_t controls = 0;  // label 0
  std::size_t cases = 0;     // label 1
};

ClassCounts validate(const char* what, const std::vector<double>& score, const std::vector<int>& label,
                     std::size_t minimum_per_class) {
  if (score.size() != label.size())
    throw InputError(fmt::format("{}: {} scores for {} labels", what, score.size(), label.size()));
  ClassCounts counts;
  for (std::size_t i = 0; i < score.size(); ++i) {
    if (label[i] != 0 && label[i] != 1)
      throw InputError(fmt::format("{}: case {} has label {} (expected 0 or 1)", what, i + 1, label[i]));
    if (!std::isfinite(score[i]))
      throw InputError(fmt::format("{}: case {} has a missing or infinite score", what, i + 1));
    (label[i] == 1 ? counts.cases : counts.controls)++;
  }
  if (counts.cases < minimum_per_class || counts.controls < minimum_per_class)
    throw InputError(fmt::format("{}: {} cases of class 1 and {} of class 0; at least {} of each are needed",
                                 what, counts.cases, counts.controls, minimum_per_class));
  return counts;
}

void validate_confidence(double confidence) {
  if (!(confidence > 0.0 && confidence < 1.0))
    throw ConfigError(fmt::format("confidence level {} is not between 0 and 1", confidence));
}

// DeLong's structural components (pROC's delongPlacements): for each case (label 1) the share of
// controls it beats (ties 1/2), for each control the share of cases beating it; theta = the AUC.
struct Placements {
  std::vector<double> of_cases;
  std::vector<double> of_controls;
  double theta = 0.0;
};

Placements delong_placements(const std::vector<double>& score, const std::vector<int>& label,
                             const ClassCounts& counts) {
  std::vector<double> controls, cases;
  controls.reserve(counts.controls);
  cases.reserve(counts.cases);
  for (std::size_t i = 0; i < score.size(); ++i) (label[i] == 1 ? cases : controls).push_back(score[i]);
  std::vector<double> sorted_controls = controls, sorted_cases = cases;
  std::sort(sorted_controls.begin(), sorted_controls.end());
  std::sort(sorted_cases.begin(), sorted_cases.end());

  Placements placements;
  placements.of_cases.reserve(cases.size());
  placements.of_controls.reserve(controls.size());
  // Twice the number of (case, control) pairs won by the case, ties counting 1: the AUC exactly.
  std::int64_t doubled_wins = 0;
  const double n_controls = static_cast<double>(controls.size());
  const double n_cases = static_cast<double>(cases.size());
  for (double value : cases) {
    const auto below = std::lower_bound(sorted_controls.begin(), sorted_controls.end(), value);
    const auto not_above = std::upper_bound(below, sorted_controls.end(), value);
    const std::int64_t doubled = 2 * (below - sorted_controls.begin()) + (not_above - below);
    doubled_wins += doubled;
    placements.of_cases.push_back(static_cast<double>(doubled) / 2.0 / n_controls);
  }
  for (double value : controls) {
    const auto below = std::lower_bound(sorted_cases.begin(), sorted_cases.end(), value);
    const auto not_above = std::upper_bound(below, sorted_cases.end(), value);
    const std::int64_t doubled = 2 * (sorted_cases.end() - not_above) + (not_above - below);
    placements.of_controls.push_back(static_cast<double>(doubled) / 2.0 / n_cases);
  }
  placements.theta = static_cast<double>(doubled_wins) / (2.0 * n_controls * n_cases);
  return placements;
}

// sum((a - mean_a) * (b - mean_b)) / (n - 1)
double centred_cross_product(const std::vector<double>& a, double mean_a, const std::vector<double>& b,
                             double mean_b) {
  double sum = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) sum += (a[i] - mean_a) * (b[i] - mean_b);
  return sum / static_cast<double>(a.size() - 1);
}

double delong_variance(const Placements& placements) {
  const double case_term =
      centred_cross_product(placements.of_cases, placements.theta, placements.of_cases, placements.theta);
  const double control_term = centred_cross_product(placements.of_controls, placements.theta,
                                                    placements.of_controls, placements.theta);
  return case_term / static_cast<double>(placements.of_cases.size()) +
         control_term / static_cast<double>(placements.of_controls.size());
}

}  // namespace

double area_under_roc(const std::vector<double>& score, const std::vector<int>& label) {
  const auto counts = validate("ROC AUC", score, label, 1);
  return delong_placements(score, label, counts).theta;
}

RocAuc roc_auc(const std::vector<double>& score, const std::vector<int>& label, double confidence) {
  validate_confidence(confidence);
  const auto counts = validate("ROC AUC with DeLong's variance", score, label, 2);
  const auto placements = delong_placements(score, label, counts);
  RocAuc result{placements.theta, delong_variance(placements), 0.0, 0.0};
  // qnorm(p, mean, sd) as R computes it: mean + sd * qnorm(p); a zero sd gives the mean.
  const double sd = std::sqrt(result.variance);
  const double z = normal_quantile(1.0 - (1.0 - confidence) / 2.0);
  const double z_low = normal_quantile((1.0 - confidence) / 2.0);
  result.lower = std::clamp(result.auc + sd * z_low, 0.0, 1.0);
  result.upper = std::clamp(result.auc + sd * z, 0.0, 1.0);
  return result;
}

DelongComparison delong_test(const std::vector<double>& score1, const std::vector<double>& score2,
                             const std::vector<int>& label, double confidence) {
  validate_confidence(confidence);
  const auto counts = validate("DeLong's test (first score)", score1, label, 2);
  validate("DeLong's test (second score)", score2, label, 2);
  const auto first = delong_placements(score1, label, counts);
  const auto second = delong_placements(score2, label, counts);
  // L S L' with L = (1, -1) and S = SX / m + SY / n (pROC's delong.paired.calculations).
  const auto covariance = [](const std::vector<double>& a, double ma, const std::vector<double>& b,
                             double mb) { return centred_cross_product(a, ma, b, mb); };
  const double m = static_cast<double>(counts.cases), n = static_cast<double>(counts.controls);
  const double s11 = covariance(first.of_cases, first.theta, first.of_cases, first.theta) / m +
                     covariance(first.of_controls, first.theta, first.of_controls, first.theta) / n;
  const double s12 = covariance(first.of_cases, first.theta, second.of_cases, second.theta) / m +
                     covariance(first.of_controls, first.theta, second.of_controls, second.theta) / n;
  const double s22 = covariance(second.of_cases, second.theta, second.of_cases, second.theta) / m +
                     covariance(second.of_controls, second.theta, second.of_controls, second.theta) / n;
  DelongComparison result{};
  result.auc1 = first.theta;
  result.auc2 = second.theta;
  result.difference = first.theta - second.theta;
  result.std_error = std::sqrt(std::max(0.0, s11 - 2.0 * s12 + s22));
  if (result.difference == 0.0 && result.std_error == 0.0) {
    result.z = 0.0;
  } else if (result.std_error == 0.0) {
    throw NumericalError(
        "DeLong's test: the two AUCs differ but the variance of their difference is 0 (no test possible)");
  } else {
    result.z = result.difference / result.std_error;
  }
  result.p = normal_two_sided_p(result.z);
  const double critical = normal_quantile(1.0 - (1.0 - confidence) / 2.0);
  result.lower = result.difference - critical * result.std_error;
  result.upper = result.difference + critical * result.std_error;
  return result;
}

std::vector<RocPoint> roc_curve(const std::vector<double>& score, const std::vector<int>& label) {
  const auto counts = validate("ROC curve", score, label, 1);
  std::vector<std::size_t> order(score.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return score[a] < score[b]; });

  // Ascending thresholds; at each, the cases with score >= threshold are called 1.
  std::vector<RocPoint> curve;
  const double n_cases = static_cast<double>(counts.cases), n_controls = static_cast<double>(counts.controls);
  std::size_t cases_below = 0, controls_below = 0;
  double previous = -std::numeric_limits<double>::infinity();
  std::size_t position = 0;
  while (true) {
    const double next =
        position < order.size() ? score[order[position]] : std::numeric_limits<double>::infinity();
    // pROC's roc.utils.thresholds: the midpoint (halves added when huge), moved up to the next value
    // when rounding lands it on the value below.
    double threshold = (previous + next) / 2.0;
    if (std::abs(threshold) > 1e100) threshold = previous / 2.0 + next / 2.0;
    if (std::isinf(previous) || std::isinf(next)) threshold = std::isinf(previous) ? previous : next;
    if (threshold == previous && !std::isinf(previous)) threshold = next;
    curve.push_back({threshold, (n_cases - static_cast<double>(cases_below)) / n_cases,
                     static_cast<double>(controls_below) / n_controls});
    if (position == order.size()) break;
    while (position < order.size() && score[order[position]] == next) {
      (label[order[position]] == 1 ? cases_below : controls_below)++;
      ++position;
    }
    previous = next;
  }
  return curve;
}

}  // namespace radstudy::stats
