#include "stats/calibration.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "core/errors.hpp"
#include "stats/distributions.hpp"

namespace radstudy::stats {
namespace {

constexpr double kClip = 1e-8;
constexpr int kMaxSteps = 100;

void check_inputs(const std::vector<double>& probability, const std::vector<int>& outcome) {
  if (probability.size() != outcome.size())
    throw InputError(
        fmt::format("calibration: {} probabilities for {} outcomes", probability.size(), outcome.size()));
  std::size_t events = 0;
  for (std::size_t i = 0; i < probability.size(); ++i) {
    if (!(probability[i] >= 0.0 && probability[i] <= 1.0))
      throw InputError(
          fmt::format("calibration: case {}: probability {} is not in [0, 1]", i + 1, probability[i]));
    if (outcome[i] != 0 && outcome[i] != 1)
      throw InputError(fmt::format("calibration: case {}: outcome {} is not 0 or 1", i + 1, outcome[i]));
    events += static_cast<std::size_t>(outcome[i]);
  }
  if (events == 0 || events == outcome.size())
    throw InputError("calibration: the outcomes hold one class only; calibration needs both");
}

double logistic(double eta) {
  return 1.0 / (1.0 + std::exp(-eta));
}

// glm(y ~ [1 +] b lp) by Newton-Raphson with step halving, the slope free or fixed at 1 (an offset),
// from the intercept logit(mean y) and slope 0 (free) as glm's start at the observed mean.
struct LogisticFit {
  double intercept = 0.0, slope = 1.0;
  bool converged = false;
};

double deviance(const std::vector<double>& lp, const std::vector<int>& y, double intercept, double slope) {
  double total = 0.0;
  for (std::size_t i = 0; i < lp.size(); ++i) {
    const double eta = intercept + slope * lp[i];
    // -2 log-likelihood, log(1 + exp(-|eta|)) form: exact for large |eta|
    const double log_one_plus = std::log1p(std::exp(-std::abs(eta))) + std::max(eta, 0.0);
    total += 2.0 * (log_one_plus - (y[i] ? eta : 0.0));
  }
  return total;
}

LogisticFit fit_on_linear_predictor(const std::vector<double>& lp, const std::vector<int>& y,
                                    bool free_slope) {
  double events = 0.0;
  for (const int outcome : y) events += outcome;
  const double mean = events / static_cast<double>(y.size());
  LogisticFit fit;
  fit.slope = free_slope ? 0.0 : 1.0;
  fit.intercept = free_slope ? std::log(mean / (1.0 - mean)) : 0.0;
  double current = deviance(lp, y, fit.intercept, fit.slope);
  for (int step = 0; step < kMaxSteps; ++step) {
    double g0 = 0.0, g1 = 0.0, h00 = 0.0, h01 = 0.0, h11 = 0.0;
    for (std::size_t i = 0; i < lp.size(); ++i) {
      const double p = logistic(fit.intercept + fit.slope * lp[i]);
      const double w = p * (1.0 - p);
      const double r = y[i] - p;
      g0 += r;
      g1 += r * lp[i];
      h00 += w;
      h01 += w * lp[i];
      h11 += w * lp[i] * lp[i];
    }
    double d0 = 0.0, d1 = 0.0;
    if (free_slope) {
      const double determinant = h00 * h11 - h01 * h01;
      if (!(determinant > 0.0)) return fit;
      d0 = (h11 * g0 - h01 * g1) / determinant;
      d1 = (h00 * g1 - h01 * g0) / determinant;
    } else {
      if (!(h00 > 0.0)) return fit;
      d0 = g0 / h00;
    }
    double scale = 1.0, next = deviance(lp, y, fit.intercept + d0, fit.slope + d1);
    // Halve only on a real increase: near the optimum deviance differences are below its rounding.
    for (int halving = 0; halving < 40 && next > current + 1e-9 * (1.0 + current); ++halving) {
      scale /= 2.0;
      next = deviance(lp, y, fit.intercept + scale * d0, fit.slope + scale * d1);
    }
    fit.intercept += scale * d0;
    fit.slope += scale * d1;
    current = next;
    if (std::max(std::abs(scale * d0), std::abs(scale * d1)) <
        1e-12 * (1.0 + std::abs(fit.intercept) + std::abs(fit.slope))) {
      fit.converged = true;
      return fit;
    }
  }
  return fit;
}

}  // namespace

Calibration calibrate(const std::vector<double>& probability, const std::vector<int>& outcome) {
  check_inputs(probability, outcome);
  Calibration result;
  result.cases = probability.size();
  std::vector<double> lp(probability.size());
  double squares = 0.0;
  for (std::size_t i = 0; i < probability.size(); ++i) {
    squares += (probability[i] - outcome[i]) * (probability[i] - outcome[i]);
    const double p = std::clamp(probability[i], kClip, 1.0 - kClip);
    if (p != probability[i]) ++result.clipped;
    lp[i] = std::log(p / (1.0 - p));
  }
  result.brier = squares / static_cast<double>(probability.size());
  const auto large = fit_on_linear_predictor(lp, outcome, false);
  // The linear predictor separating the outcomes (every event above every non-event) has no finite slope.
  double highest_non_event = -std::numeric_limits<double>::infinity();
  double lowest_event = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < lp.size(); ++i)
    (outcome[i] ? lowest_event : highest_non_event) =
        outcome[i] ? std::min(lowest_event, lp[i]) : std::max(highest_non_event, lp[i]);
  const bool separated = highest_non_event <= lowest_event;
  auto spread = separated ? LogisticFit{} : fit_on_linear_predictor(lp, outcome, true);
  result.converged = large.converged && spread.converged;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  result.intercept = large.converged ? large.intercept : nan;
  result.slope = spread.converged ? spread.slope : nan;
  return result;
}

std::vector<CalibrationGroup> calibration_groups(const std::vector<double>& probability,
                                                 const std::vector<int>& outcome, std::size_t groups,
                                                 double confidence) {
  check_inputs(probability, outcome);
  if (groups < 1 || groups > probability.size())
    throw InputError(fmt::format("calibration: {} groups for {} cases", groups, probability.size()));
  std::vector<std::size_t> order(probability.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return probability[a] < probability[b]; });
  const double z = normal_quantile(1.0 - (1.0 - confidence) / 2.0);
  std::vector<CalibrationGroup> result;
  std::size_t start = 0;
  for (std::size_t g = 0; g < groups; ++g) {
    const std::size_t size = probability.size() / groups + (g < probability.size() % groups ? 1 : 0);
    CalibrationGroup group;
    group.cases = size;
    double events = 0.0, predicted = 0.0;
    for (std::size_t k = start; k < start + size; ++k) {
      predicted += probability[order[k]];
      events += outcome[order[k]];
    }
    start += size;
    const double n = static_cast<double>(size);
    group.predicted = predicted / n;
    group.observed = events / n;
    const double centre = (group.observed + z * z / (2.0 * n)) / (1.0 + z * z / n);
    const double half = z * std::sqrt(group.observed * (1.0 - group.observed) / n + z * z / (4.0 * n * n)) /
                        (1.0 + z * z / n);
    group.lower = std::max(0.0, centre - half);
    group.upper = std::min(1.0, centre + half);
    result.push_back(group);
  }
  return result;
}

}  // namespace radstudy::stats
