#pragma once

namespace radstudy::stats {

// Upper-tail and two-sided p-values and quantiles (Boost.Math), NaN for NaN input.
double normal_two_sided_p(double z);                              // 2 P(Z > |z|)
double normal_quantile(double probability);                       // qnorm
double chi_square_upper_p(double statistic, double degrees_of_freedom);  // P(X > x)
double student_t_two_sided_p(double t, double degrees_of_freedom);       // 2 P(T > |t|)

}  // namespace radstudy::stats
