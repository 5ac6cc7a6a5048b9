#pragma once
#include <vector>

namespace radstudy::stats {

// ROC analysis of a score against 0/1 labels, larger score = class 1 (pROC's direction "<", never
// flipped). Scores must be finite and labels 0 or 1; every function throws InputError otherwise (naming
// the case, 1-based) and when a class has too few cases.

// Area under the ROC curve, P(score of a 1 > score of a 0) + P(tie) / 2 (pROC::auc). Needs at least
// one case of each class.
double area_under_roc(const std::vector<double>& score, const std::vector<int>& label);

// The AUC with DeLong's variance and confidence interval, as pROC::ci.auc(method = "delong"):
// variance = var(case placements) / n_1 + var(control placements) / n_0, interval
// qnorm((1 -/+ confidence) / 2, auc, sqrt(variance)) clipped to [0, 1]. Needs at least two cases of
// each class (pROC gives NA below). Placements by sorting: O(n log n).
struct RocAuc {
  double auc;
  double variance;
  double lower;
  double upper;
};
RocAuc roc_auc(const std::vector<double>& score, const std::vector<int>& label, double confidence = 0.95);

// DeLong's test of two correlated AUCs (two scores of the same cases), as pROC::roc.test(roc1, roc2,
// method = "delong", paired = TRUE) with both curves in direction "<": z = (auc1 - auc2) / sd, two-sided
// p = 2 pnorm(-|z|) (z = 0 when both the difference and its sd are 0), and the interval of the
// difference d -/+ qnorm(1 - (1 - confidence) / 2) sd (not clipped).
struct DelongComparison {
  double auc1;
  double auc2;
  double difference;  // auc1 - auc2
  double std_error;
  double z;
  double p;
  double lower;
  double upper;
};
DelongComparison delong_test(const std::vector<double>& score1, const std::vector<double>& score2,
                             const std::vector<int>& label, double confidence = 0.95);

// The empirical ROC curve, one point per distinct threshold (pROC::roc's thresholds: -Inf, the
// midpoints between consecutive distinct scores, +Inf, ascending); a case is called 1 when
// score >= threshold. Needs at least one case of each class.
struct RocPoint {
  double threshold;
  double sensitivity;
  double specificity;
};
std::vector<RocPoint> roc_curve(const std::vector<double>& score, const std::vector<int>& label);

}  // namespace radstudy::stats
