#include "plot/scale.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "core/errors.hpp"

namespace radstudy::plot {

Scale::Scale(AxisKind kind, double lower, double upper) : kind_(kind), lower_(lower), upper_(upper) {
  if (!std::isfinite(lower) || !std::isfinite(upper) || !(upper > lower))
    throw InputError(fmt::format("plot axis: the range [{}, {}] is empty or not finite", lower, upper));
  if (kind == AxisKind::kLog && lower <= 0)
    throw InputError(
        fmt::format("plot axis: a log axis needs positive values, the range starts at {}", lower));
}

double Scale::fraction(double value) const {
  if (kind_ != AxisKind::kLog) return (value - lower_) / (upper_ - lower_);
  if (value <= 0) return -std::numeric_limits<double>::infinity();
  return std::log(value / lower_) / std::log(upper_ / lower_);
}

bool Scale::contains(double value) const {
  const double tolerance = 1e-9 * (upper_ - lower_);
  return value >= lower_ - tolerance && value <= upper_ + tolerance;
}

}  // namespace radstudy::plot
