#pragma once
#include <cmath>
#include <cstddef>
#include <vector>

namespace radstudy::models {

// The mean as R's mean() computes it: a long double sum divided by n, then corrected by the mean of
// the residuals (summary.c). Used wherever a golden compares with R's mean()/sd()/scale().
template <typename Values>
double r_mean(const Values& values, std::size_t count) {
  long double sum = 0.0L;
  for (std::size_t i = 0; i < count; ++i) sum += values(i);
  long double mean = sum / static_cast<long double>(count);
  if (std::isfinite(static_cast<double>(mean))) {
    long double residual = 0.0L;
    for (std::size_t i = 0; i < count; ++i) residual += values(i) - mean;
    mean += residual / static_cast<long double>(count);
  }
  return static_cast<double>(mean);
}

// The sample standard deviation (n - 1) as R's sd() gives it (cov.c: R's mean, then a long double
// sum of squared deviations). NaN for fewer than 2 values.
template <typename Values>
double r_standard_deviation(const Values& values, std::size_t count) {
  if (count < 2) return std::nan("");
  const double mean = r_mean(values, count);
  long double sum = 0.0L;
  for (std::size_t i = 0; i < count; ++i) {
    const double deviation = values(i) - mean;
    sum += deviation * deviation;
  }
  return std::sqrt(static_cast<double>(sum / static_cast<long double>(count - 1)));
}

}  // namespace radstudy::models
