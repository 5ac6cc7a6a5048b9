#pragma once
#include <string>
#include <vector>

namespace radstudy::stats {

// Calibration of predicted probabilities against 0/1 outcomes, as a validation report states it
// (Van Calster et al. 2019; rms::val.prob):
// - brier: mean((p - y)^2);
// - intercept: calibration-in-the-large, a in glm(y ~ offset(lp), binomial), lp = logit(p): 0 when the
//   mean risk is right, > 0 when the predictions are too low;
// - slope: b in glm(y ~ lp, binomial): 1 when the spread is right, < 1 when the predictions are too
//   extreme (overfitting);
// Probabilities are clipped to [1e-8, 1 - 1e-8] before the logit (a tree or knn gives 0 and 1); `clipped`
// counts them. A fit that does not converge in 100 Newton steps, and the slope when the lp separates the
// outcomes (every event at or above every non-event: no finite slope), give NaN and converged = false. Throws
// InputError for a probability outside [0, 1], NaN, a label other than 0/1, or one class only.
struct Calibration {
  std::size_t cases = 0;
  double brier = 0.0;
  double intercept = 0.0;
  double slope = 0.0;
  std::size_t clipped = 0;
  bool converged = true;
};
Calibration calibrate(const std::vector<double>& probability, const std::vector<int>& outcome);

// Observed against predicted in groups of cases of similar predicted probability: the cases sorted by p,
// cut into `groups` groups of (nearly) equal size (the first n % groups groups one case larger); per
// group the mean predicted probability, the observed proportion and its Wilson score interval.
struct CalibrationGroup {
  std::size_t cases = 0;
  double predicted = 0.0;
  double observed = 0.0;
  double lower = 0.0;
  double upper = 0.0;
};
std::vector<CalibrationGroup> calibration_groups(const std::vector<double>& probability,
                                                 const std::vector<int>& outcome, std::size_t groups,
                                                 double confidence = 0.95);

}  // namespace radstudy::stats
