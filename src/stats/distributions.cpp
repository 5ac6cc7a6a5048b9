#include "stats/distributions.hpp"

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>

namespace radstudy::stats {

double normal_two_sided_p(double z) {
  if (std::isnan(z)) return std::numeric_limits<double>::quiet_NaN();
  if (std::isinf(z)) return 0.0;
  // erfc keeps the precision of small p-values that 1 - cdf would lose.
  return std::erfc(std::abs(z) / std::sqrt(2.0));
}

double normal_quantile(double probability) {
  if (!(probability > 0.0 && probability < 1.0)) {
    if (probability == 0.0) return -std::numeric_limits<double>::infinity();
    if (probability == 1.0) return std::numeric_limits<double>::infinity();
    return std::numeric_limits<double>::quiet_NaN();
  }
  return boost::math::quantile(boost::math::normal_distribution<double>(), probability);
}

double chi_square_upper_p(double statistic, double degrees_of_freedom) {
  if (std::isnan(statistic) || !(degrees_of_freedom > 0)) return std::numeric_limits<double>::quiet_NaN();
  if (statistic <= 0.0) return 1.0;
  if (std::isinf(statistic)) return 0.0;
  return boost::math::cdf(boost::math::complement(boost::math::chi_squared_distribution<double>(degrees_of_freedom),
                                                  statistic));
}

double student_t_two_sided_p(double t, double degrees_of_freedom) {
  if (std::isnan(t) || !(degrees_of_freedom > 0)) return std::numeric_limits<double>::quiet_NaN();
  if (std::isinf(t)) return 0.0;
  return 2.0 * boost::math::cdf(boost::math::complement(boost::math::students_t_distribution<double>(degrees_of_freedom),
                                                        std::abs(t)));
}

}  // namespace radstudy::stats
