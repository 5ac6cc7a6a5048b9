#pragma once
#include <Eigen/Dense>
#include <string>

namespace radstudy::stats {

// Shrout and Fleiss's single-measure intraclass correlations of n cases rated by k raters (cases x
// raters, complete), as psych::ICC(x, lmer = FALSE) computes them from the two-way ANOVA mean squares
// (cases MSB, raters MSJ, residual MSE, within cases MSW), with psych's F-based bounds at
// 1 - alpha:
//   ICC1 = ICC(1,1) (one-way random), ICC2 = ICC(2,1) (two-way random, absolute agreement),
//   ICC3 = ICC(3,1) (two-way mixed, consistency).
// psych's default lmer = TRUE takes the mean squares from lme4's REML variance components instead;
// with balanced complete data these equal the ANOVA ones up to the optimiser's tolerance (about 1e-7)
// unless a component is negative (REML stops at 0).
enum class IccType { icc1, icc2, icc3 };

// "ICC1", "ICC2", "ICC3" (ConfigError otherwise).
IccType icc_type_from_name(const std::string& name);
std::string icc_type_name(IccType type);

struct IntraclassCorrelation {
  double icc = 0.0;
  double lower = 0.0;
  double upper = 0.0;
  double f = 0.0;  // F statistic of the case effect
  double df1 = 0.0;
  double df2 = 0.0;
  double p = 0.0;  // P(F > f)
  // Raters agree exactly on every case (no residual): the ICC is 1 and so are both bounds (psych gives
  // NaN bounds from Inf / Inf).
  bool perfect_agreement = false;
  // Every value equal: no ICC (NaN everywhere).
  bool constant = false;
};

// Throws InputError for fewer than 2 cases or 2 raters and for a non-finite value (naming the case
// and rater, 1-based); ConfigError for alpha outside (0, 1).
IntraclassCorrelation intraclass_correlation(const Eigen::MatrixXd& ratings, IccType type,
                                             double alpha = 0.05);

}  // namespace radstudy::stats
