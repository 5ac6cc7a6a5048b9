#pragma once
#include <span>
#include <string>
#include <vector>

namespace radstudy::stats {

// The outcome of a two-sided hypothesis test, named as R's htest names it.
struct TestResult {
  double statistic = 0.0;                       // t, W, F, Kruskal-Wallis chi-squared
  double degrees_of_freedom = 0.0;              // NaN when the test has none (Wilcoxon)
  double denominator_degrees_of_freedom = 0.0;  // F tests only, else NaN
  double p = 1.0;
  std::string method;  // e.g. "Welch Two Sample t-test"
};

// Every test below ignores NaN (R's na.omit) and throws InputError for infinite values and for too
// few observations (the messages say which sample), NumericalError for data that give no statistic
// (e.g. all values equal in a t-test, as R's "data are essentially constant").

// t.test(x, y): Welch's unequal-variance t-test (R's default); needs >= 2 values in each sample.
TestResult welch_t_test(std::span<const double> x, std::span<const double> y);
// t.test(x, y, var.equal = TRUE): Student's pooled-variance t-test; needs n_x + n_y >= 3.
TestResult student_t_test(std::span<const double> x, std::span<const double> y);

enum class WilcoxonMethod {
  automatic,  // R's exact = NULL: exact when both samples have < 50 values and there are no ties
  exact,      // refused (InputError) when there are ties, which the exact distribution cannot hold
  normal      // normal approximation with tie correction
};
// wilcox.test(x, y): Wilcoxon rank-sum / Mann-Whitney test; statistic W = U of x. The normal
// approximation uses R's continuity correction unless `continuity_correction` is false.
TestResult wilcoxon_rank_sum_test(std::span<const double> x, std::span<const double> y,
                                  WilcoxonMethod method = WilcoxonMethod::automatic,
                                  bool continuity_correction = true);
// pwilcox(q, m, n): P(W <= q) for the rank-sum statistic of samples of sizes m and n without ties.
double wilcoxon_rank_sum_cdf(double q, int m, int n);

// shapiro.test(x): W and p by Royston's algorithm AS R94 (1995), as R's swilk.c; 3 <= n <= 5000
// values, not all equal.
struct ShapiroWilkResult {
  double w = 1.0;
  double p = 1.0;
};
ShapiroWilkResult shapiro_wilk_test(std::span<const double> x);

// kruskal.test(values, group): tie-corrected Kruskal-Wallis H against chi-square with k-1 df.
// Empty groups are dropped as R's factor() drops unused levels; at least 2 groups must remain.
TestResult kruskal_wallis_test(const std::vector<std::vector<double>>& groups);
// oneway.test(values ~ group): Welch's heteroscedastic one-way ANOVA (R's default var.equal = FALSE);
// needs >= 2 values per group and a non-zero variance in each.
TestResult welch_anova(const std::vector<std::vector<double>>& groups);
// oneway.test(var.equal = TRUE), the same F as summary(aov(values ~ group)).
TestResult one_way_anova(const std::vector<std::vector<double>>& groups);

// Sample summaries as R computes them (NaN ignored).
double sample_mean(std::span<const double> x);
double sample_standard_deviation(std::span<const double> x);  // n - 1 denominator
// quantile(x, probability, type = 7).
double sample_quantile(std::span<const double> x, double probability);

// Average ranks (1-based) of the values, ties sharing the mean of their positions (R's rank()).
std::vector<double> average_ranks(std::span<const double> values);

}  // namespace radstudy::stats
