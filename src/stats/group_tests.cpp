#include "stats/group_tests.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/math/distributions/fisher_f.hpp>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>

#include "core/errors.hpp"
#include "stats/distributions.hpp"

namespace radstudy::stats {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The present (non-NaN) values; infinite values are refused.
std::vector<double> present_values(std::span<const double> values, const char* sample_name) {
  std::vector<double> present;
  present.reserve(values.size());
  for (const double value : values) {
    if (std::isnan(value)) continue;
    if (std::isinf(value)) throw InputError(fmt::format("{} holds an infinite value", sample_name));
    present.push_back(value);
  }
  return present;
}

// R's mean(): a long double sum, then one correction pass.
double mean_of(const std::vector<double>& values) {
  const auto n = static_cast<long double>(values.size());
  long double sum = 0.0L;
  for (const double value : values) sum += value;
  long double mean = sum / n;
  long double correction = 0.0L;
  for (const double value : values) correction += value - mean;
  mean += correction / n;
  return static_cast<double>(mean);
}

// R's var(): squared deviations from the mean accumulated in long double, n - 1 denominator.
double variance_of(const std::vector<double>& values) {
  const long double mean = mean_of(values);
  long double sum = 0.0L;
  for (const double value : values) sum += (value - mean) * (value - mean);
  return static_cast<double>(sum / static_cast<long double>(values.size() - 1));
}

double f_upper_p(double statistic, double df1, double df2) {
  if (std::isnan(statistic) || !(df1 > 0) || !(df2 > 0)) return kNaN;
  if (statistic <= 0.0) return 1.0;
  if (std::isinf(statistic)) return 0.0;
  return boost::math::cdf(
      boost::math::complement(boost::math::fisher_f_distribution<double>(df1, df2), statistic));
}

// Evaluates c[0] + c[1] x + ... + c[n-1] x^(n-1) as AS 181.2 does (Horner from the top).
double royston_polynomial(std::span<const double> coefficients, double x) {
  double result = coefficients[0];
  if (coefficients.size() > 1) {
    double inner = x * coefficients.back();
    for (std::size_t j = coefficients.size() - 2; j > 0; --j) inner = (inner + coefficients[j]) * x;
    result += inner;
  }
  return result;
}

std::vector<std::vector<double>> present_groups(const std::vector<std::vector<double>>& groups) {
  std::vector<std::vector<double>> kept;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    auto values = present_values(groups[g], "a group");
    if (!values.empty()) kept.push_back(std::move(values));
  }
  if (kept.size() < 2) throw InputError("fewer than 2 groups with values to compare");
  return kept;
}

}  // namespace

double sample_mean(std::span<const double> x) {
  const auto values = present_values(x, "the sample");
  return values.empty() ? kNaN : mean_of(values);
}

double sample_standard_deviation(std::span<const double> x) {
  const auto values = present_values(x, "the sample");
  return values.size() < 2 ? kNaN : std::sqrt(variance_of(values));
}

double sample_quantile(std::span<const double> x, double probability) {
  auto values = present_values(x, "the sample");
  if (values.empty()) return kNaN;
  std::sort(values.begin(), values.end());
  const double index = static_cast<double>(values.size() - 1) * probability;  // 0-based
  const double lower = std::floor(index);
  const auto lower_position = static_cast<std::size_t>(lower);
  const auto upper_position = static_cast<std::size_t>(std::ceil(index));
  const double low_value = values[lower_position];
  if (!(index > lower) || values[upper_position] == low_value) return low_value;
  const double fraction = index - lower;
  return (1.0 - fraction) * low_value + fraction * values[upper_position];
}

std::vector<double> average_ranks(std::span<const double> values) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  std::vector<double> ranks(values.size());
  for (std::size_t first = 0; first < order.size();) {
    std::size_t last = first;
    while (last + 1 < order.size() && values[order[last + 1]] == values[order[first]]) ++last;
    const double rank = (static_cast<double>(first + 1) + static_cast<double>(last + 1)) / 2.0;
    for (std::size_t k = first; k <= last; ++k) ranks[order[k]] = rank;
    first = last + 1;
  }
  return ranks;
}

TestResult welch_t_test(std::span<const double> x_values, std::span<const double> y_values) {
  const auto x = present_values(x_values, "the first sample");
  const auto y = present_values(y_values, "the second sample");
  if (x.size() < 2) throw InputError("Welch t-test: fewer than 2 values in the first sample");
  if (y.size() < 2) throw InputError("Welch t-test: fewer than 2 values in the second sample");
  const double nx = static_cast<double>(x.size()), ny = static_cast<double>(y.size());
  const double mean_x = mean_of(x), mean_y = mean_of(y);
  const double se_x = std::sqrt(variance_of(x) / nx), se_y = std::sqrt(variance_of(y) / ny);
  const double standard_error = std::sqrt(se_x * se_x + se_y * se_y);
  if (standard_error <
      10 * std::numeric_limits<double>::epsilon() * std::max(std::abs(mean_x), std::abs(mean_y)))
    throw NumericalError("Welch t-test: the data are essentially constant");
  TestResult result;
  result.degrees_of_freedom =
      std::pow(standard_error, 4) / (std::pow(se_x, 4) / (nx - 1) + std::pow(se_y, 4) / (ny - 1));
  result.denominator_degrees_of_freedom = kNaN;
  result.statistic = (mean_x - mean_y) / standard_error;
  result.p = student_t_two_sided_p(result.statistic, result.degrees_of_freedom);
  result.method = "Welch Two Sample t-test";
  return result;
}

TestResult student_t_test(std::span<const double> x_values, std::span<const double> y_values) {
  const auto x = present_values(x_values, "the first sample");
  const auto y = present_values(y_values, "the second sample");
  if (x.empty()) throw InputError("Student t-test: no values in the first sample");
  if (y.empty()) throw InputError("Student t-test: no values in the second sample");
  if (x.size() + y.size() < 3) throw InputError("Student t-test: fewer than 3 values in all");
  const double nx = static_cast<double>(x.size()), ny = static_cast<double>(y.size());
  const double mean_x = mean_of(x), mean_y = mean_of(y);
  const double df = nx + ny - 2;
  double pooled = 0.0;
  if (x.size() > 1) pooled += (nx - 1) * variance_of(x);
  if (y.size() > 1) pooled += (ny - 1) * variance_of(y);
  pooled /= df;
  const double standard_error = std::sqrt(pooled * (1 / nx + 1 / ny));
  if (standard_error <
      10 * std::numeric_limits<double>::epsilon() * std::max(std::abs(mean_x), std::abs(mean_y)))
    throw NumericalError("Student t-test: the data are essentially constant");
  TestResult result;
  result.degrees_of_freedom = df;
  result.denominator_degrees_of_freedom = kNaN;
  result.statistic = (mean_x - mean_y) / standard_error;
  result.p = student_t_two_sided_p(result.statistic, df);
  result.method = " Two Sample t-test";  // R's own name, leading blank included
  return result;
}

double wilcoxon_rank_sum_cdf(double q, int m, int n) {
  if (m < 1 || n < 1) throw InputError("Wilcoxon distribution: both sample sizes must be >= 1");
  const int max_statistic = m * n;
  q = std::floor(q + 1e-7);
  if (q < 0) return 0.0;
  if (q >= max_statistic) return 1.0;
  // Place the m + n ordered positions one by one; an x placed after j y's adds j to W = U of x.
  // counts[a][u]: arrangements so far with a x's placed and statistic u (additions only: no cancellation).
  std::vector<std::vector<double>> counts(m + 1, std::vector<double>(max_statistic + 1, 0.0));
  counts[0][0] = 1.0;
  for (int placed = 0; placed < m + n; ++placed) {
    for (int a = std::min(placed, m - 1); a >= 0; --a) {
      const int ys_before = placed - a;
      if (ys_before > n) continue;
      for (int u = max_statistic - ys_before; u >= 0; --u)
        if (counts[a][u] != 0.0) counts[a + 1][u + ys_before] += counts[a][u];
      // With all n y's placed, the next position must hold an x.
      if (ys_before == n) std::fill(counts[a].begin(), counts[a].end(), 0.0);
    }
  }
  // counts[m] now counts every arrangement (each y position left implicit).
  const auto& distribution = counts[m];
  const double total = std::accumulate(distribution.begin(), distribution.end(), 0.0);
  double lower = 0.0;
  for (int u = 0; u <= static_cast<int>(q); ++u) lower += distribution[u];
  return lower / total;
}

TestResult wilcoxon_rank_sum_test(std::span<const double> x_values, std::span<const double> y_values,
                                  WilcoxonMethod method, bool continuity_correction) {
  const auto x = present_values(x_values, "the first sample");
  const auto y = present_values(y_values, "the second sample");
  if (x.empty()) throw InputError("Wilcoxon rank-sum test: no values in the first sample");
  if (y.empty()) throw InputError("Wilcoxon rank-sum test: no values in the second sample");
  std::vector<double> pooled(x);
  pooled.insert(pooled.end(), y.begin(), y.end());
  const auto ranks = average_ranks(pooled);
  const double nx = static_cast<double>(x.size()), ny = static_cast<double>(y.size());
  const double x_rank_sum = std::accumulate(ranks.begin(), ranks.begin() + static_cast<long>(x.size()), 0.0);

  std::map<double, int> tie_sizes;
  for (const double rank : ranks) ++tie_sizes[rank];
  const bool has_ties = tie_sizes.size() != ranks.size();

  TestResult result;
  result.statistic = x_rank_sum - nx * (nx + 1) / 2;
  result.degrees_of_freedom = kNaN;
  result.denominator_degrees_of_freedom = kNaN;
  const bool exact = method == WilcoxonMethod::exact ||
                     (method == WilcoxonMethod::automatic && x.size() < 50 && y.size() < 50 && !has_ties);
  if (exact) {
    if (has_ties)
      throw InputError("Wilcoxon rank-sum test: the exact distribution does not hold tied values");
    const int m = static_cast<int>(x.size()), n = static_cast<int>(y.size());
    // The upper tail P(W >= w) is P(W <= mn - w) by symmetry: a sum of exact counts as pwilcox's
    // upper tail, without the cancellation of 1 - P(W <= w - 1) for small p.
    const double tail = result.statistic > nx * ny / 2 ? wilcoxon_rank_sum_cdf(nx * ny - result.statistic, m, n)
                                                       : wilcoxon_rank_sum_cdf(result.statistic, m, n);
    result.p = std::min(2 * tail, 1.0);
    result.method = "Wilcoxon rank sum exact test";
    return result;
  }
  double tie_term = 0.0;
  for (const auto& [rank, size] : tie_sizes) tie_term += std::pow(size, 3) - size;
  const double sigma = std::sqrt((nx * ny / 12) * ((nx + ny + 1) - tie_term / ((nx + ny) * (nx + ny - 1))));
  if (!(sigma > 0)) throw NumericalError("Wilcoxon rank-sum test: all values are tied");
  double z = result.statistic - nx * ny / 2;
  const double correction = continuity_correction ? (z > 0 ? 0.5 : (z < 0 ? -0.5 : 0.0)) : 0.0;
  z = (z - correction) / sigma;
  result.p = std::min(normal_two_sided_p(z), 1.0);
  result.method =
      continuity_correction ? "Wilcoxon rank sum test with continuity correction" : "Wilcoxon rank sum test";
  return result;
}

ShapiroWilkResult shapiro_wilk_test(std::span<const double> values) {
  auto x = present_values(values, "the sample");
  const std::size_t n = x.size();
  if (n < 3 || n > 5000)
    throw InputError(
        fmt::format("Shapiro-Wilk test: the sample size must be between 3 and 5000 (it is {})", n));
  std::sort(x.begin(), x.end());
  double range = x.back() - x.front();
  if (range == 0) throw InputError("Shapiro-Wilk test: all values are identical");
  if (range < 1e-10) {  // shapiro.test rescales tiny ranges
    for (double& value : x) value /= range;
    range = x.back() - x.front();
  }

  // Coefficients a[1..n/2] of the upper half (positive), Royston's approximation.
  const std::size_t half = n / 2;
  std::vector<double> a(half + 1, 0.0);
  const double size = static_cast<double>(n);
  if (n == 3) {
    a[1] = 0.70710678;  // swilk.c's truncated sqrt(1/2)
  } else {
    static constexpr double c1[] = {0., .221157, -.147981, -2.07119, 4.434685, -2.706056};
    static constexpr double c2[] = {0., .042981, -.293762, -1.752461, 5.682633, -3.582633};
    double sum_squares = 0.0;
    for (std::size_t i = 1; i <= half; ++i) {
      a[i] = normal_quantile((static_cast<double>(i) - 0.375) / (size + 0.25));
      sum_squares += a[i] * a[i];
    }
    sum_squares *= 2.0;
    const double root_sum = std::sqrt(sum_squares);
    const double inverse_root_n = 1.0 / std::sqrt(size);
    const double a1 = royston_polynomial(c1, inverse_root_n) - a[1] / root_sum;
    std::size_t first_scaled = 2;
    double factor;
    if (n > 5) {
      first_scaled = 3;
      const double a2 = -a[2] / root_sum + royston_polynomial(c2, inverse_root_n);
      factor = std::sqrt((sum_squares - 2.0 * (a[1] * a[1]) - 2.0 * (a[2] * a[2])) /
                         (1.0 - 2.0 * (a1 * a1) - 2.0 * (a2 * a2)));
      a[2] = a2;
    } else {
      factor = std::sqrt((sum_squares - 2.0 * (a[1] * a[1])) / (1.0 - 2.0 * (a1 * a1)));
    }
    a[1] = a1;
    for (std::size_t i = first_scaled; i <= half; ++i) a[i] /= -factor;
  }

  // W as the squared correlation between the range-scaled data and the coefficients (antisymmetric:
  // -a for the lower half, +a for the upper half, 0 in the middle of an odd sample).
  auto coefficient = [&](std::size_t i) {
    const std::size_t mirror = n - 1 - i;
    if (i == mirror) return 0.0;
    return i < mirror ? -a[1 + i] : a[1 + mirror];
  };
  double coefficient_mean = 0.0, data_mean = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    coefficient_mean += coefficient(i);
    data_mean += x[i] / range;
  }
  coefficient_mean /= size;
  data_mean /= size;
  double ssa = 0.0, ssx = 0.0, sax = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double centred_a = coefficient(i) - coefficient_mean;
    const double centred_x = x[i] / range - data_mean;
    ssa += centred_a * centred_a;
    ssx += centred_x * centred_x;
    sax += centred_a * centred_x;
  }
  const double root = std::sqrt(ssa * ssx);
  const double one_minus_w = (root - sax) * (root + sax) / (ssa * ssx);  // 1 - W without cancellation
  ShapiroWilkResult result;
  result.w = 1.0 - one_minus_w;

  if (n == 3) {  // exact p
    constexpr double six_over_pi = 1.90985931710274, asin_root_three_quarters = 1.04719755119660;
    result.p = std::max(six_over_pi * (std::asin(std::sqrt(result.w)) - asin_root_three_quarters), 0.0);
    return result;
  }
  double y = std::log(one_minus_w);
  double mean, sd;
  if (n <= 11) {
    static constexpr double gamma_coefficients[] = {-2.273, .459};
    static constexpr double c3[] = {.544, -.39978, .025054, -6.714e-4};
    static constexpr double c4[] = {1.3822, -.77857, .062767, -.0020322};
    const double gamma = royston_polynomial(gamma_coefficients, size);
    if (y >= gamma) {
      result.p = 1e-99;  // swilk.c's "obvious" value
      return result;
    }
    y = -std::log(gamma - y);
    mean = royston_polynomial(c3, size);
    sd = std::exp(royston_polynomial(c4, size));
  } else {
    static constexpr double c5[] = {-1.5861, -.31082, -.083751, .0038915};
    static constexpr double c6[] = {-.4803, -.082676, .0030302};
    const double log_n = std::log(size);
    mean = royston_polynomial(c5, log_n);
    sd = std::exp(royston_polynomial(c6, log_n));
  }
  result.p = 0.5 * std::erfc((y - mean) / sd / std::sqrt(2.0));
  return result;
}

TestResult kruskal_wallis_test(const std::vector<std::vector<double>>& groups) {
  const auto kept = present_groups(groups);
  std::vector<double> pooled;
  for (const auto& group : kept) pooled.insert(pooled.end(), group.begin(), group.end());
  const double n = static_cast<double>(pooled.size());
  const auto ranks = average_ranks(pooled);
  double sum_term = 0.0;
  std::size_t offset = 0;
  for (const auto& group : kept) {
    double rank_sum = 0.0;
    for (std::size_t k = 0; k < group.size(); ++k) rank_sum += ranks[offset + k];
    sum_term += rank_sum * rank_sum / static_cast<double>(group.size());
    offset += group.size();
  }
  std::map<double, int> tie_sizes;
  for (const double value : pooled) ++tie_sizes[value];
  double tie_term = 0.0;
  for (const auto& [value, size] : tie_sizes) tie_term += std::pow(size, 3) - size;
  const double denominator = 1.0 - tie_term / (n * n * n - n);
  if (!(denominator > 0)) throw NumericalError("Kruskal-Wallis test: all values are tied");
  TestResult result;
  result.statistic = (12.0 * sum_term / (n * (n + 1)) - 3.0 * (n + 1)) / denominator;
  result.degrees_of_freedom = static_cast<double>(kept.size() - 1);
  result.denominator_degrees_of_freedom = kNaN;
  result.p = chi_square_upper_p(result.statistic, result.degrees_of_freedom);
  result.method = "Kruskal-Wallis rank sum test";
  return result;
}

TestResult welch_anova(const std::vector<std::vector<double>>& groups) {
  const auto kept = present_groups(groups);
  const double k = static_cast<double>(kept.size());
  std::vector<double> means, weights, sizes;
  for (const auto& group : kept) {
    if (group.size() < 2) throw InputError("Welch ANOVA: a group has fewer than 2 values");
    const double variance = variance_of(group);
    if (!(variance > 0)) throw NumericalError("Welch ANOVA: a group has zero variance");
    sizes.push_back(static_cast<double>(group.size()));
    means.push_back(mean_of(group));
    weights.push_back(sizes.back() / variance);
  }
  const double weight_sum = std::accumulate(weights.begin(), weights.end(), 0.0);
  double adjustment = 0.0, weighted_mean = 0.0;
  for (std::size_t g = 0; g < kept.size(); ++g) {
    adjustment += std::pow(1.0 - weights[g] / weight_sum, 2) / (sizes[g] - 1);
    weighted_mean += weights[g] * means[g];
  }
  adjustment /= k * k - 1;
  weighted_mean /= weight_sum;
  double between = 0.0;
  for (std::size_t g = 0; g < kept.size(); ++g) between += weights[g] * std::pow(means[g] - weighted_mean, 2);
  TestResult result;
  result.statistic = between / ((k - 1) * (1 + 2 * (k - 2) * adjustment));
  result.degrees_of_freedom = k - 1;
  result.denominator_degrees_of_freedom = 1 / (3 * adjustment);
  result.p = f_upper_p(result.statistic, result.degrees_of_freedom, result.denominator_degrees_of_freedom);
  result.method = "One-way analysis of means (not assuming equal variances)";
  return result;
}

TestResult one_way_anova(const std::vector<std::vector<double>>& groups) {
  const auto kept = present_groups(groups);
  std::vector<double> pooled;
  for (const auto& group : kept) pooled.insert(pooled.end(), group.begin(), group.end());
  const double n = static_cast<double>(pooled.size()), k = static_cast<double>(kept.size());
  if (!(n > k)) throw InputError("one-way ANOVA: no residual degrees of freedom (one value per group)");
  const double grand_mean = mean_of(pooled);
  double between = 0.0, within = 0.0;
  for (const auto& group : kept) {
    const double mean = mean_of(group);
    between += static_cast<double>(group.size()) * (mean - grand_mean) * (mean - grand_mean);
    for (const double value : group) within += (value - mean) * (value - mean);
  }
  if (!(within > 0)) throw NumericalError("one-way ANOVA: no variation within the groups");
  TestResult result;
  result.degrees_of_freedom = k - 1;
  result.denominator_degrees_of_freedom = n - k;
  result.statistic = (between / (k - 1)) / (within / (n - k));
  result.p = f_upper_p(result.statistic, k - 1, n - k);
  result.method = "One-way analysis of means";
  return result;
}

}  // namespace radstudy::stats
