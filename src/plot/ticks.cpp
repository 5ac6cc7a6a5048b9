#include "plot/ticks.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace radstudy::plot {
namespace {

constexpr const char* kMinus = "\u2212";

std::string with_true_minus(std::string text) {
  if (!text.empty() && text[0] == '-') text = kMinus + text.substr(1);
  return text;
}

// value / 10^floor(log10(value)), in [1, 10).
double mantissa(double value) {
  return value / std::pow(10.0, std::floor(std::log10(value) + 1e-9));
}

}  // namespace

double nice_step(double span, int target_count) {
  const double raw = span / std::max(1, target_count);
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  const double fraction = raw / power;
  const double nice = fraction < 1.5 ? 1 : fraction < 3.5 ? 2 : fraction < 7.5 ? 5 : 10;
  return nice * power;
}

std::vector<double> linear_ticks(double lower, double upper, int target_count) {
  if (!(upper > lower) || !std::isfinite(upper - lower)) return {lower};
  const double step = nice_step(upper - lower, target_count);
  const double tolerance = step * 1e-9;
  std::vector<double> ticks;
  for (double k = std::ceil((lower - tolerance) / step); k * step <= upper + tolerance; ++k) {
    const double value = k * step;
    ticks.push_back(std::abs(value) < tolerance ? 0.0 : value);
  }
  return ticks;
}

std::vector<double> log_ticks(double lower, double upper, int max_count) {
  const double tolerance = 1e-9;
  const int first = static_cast<int>(std::ceil(std::log10(lower) - tolerance));
  const int last = static_cast<int>(std::floor(std::log10(upper) + tolerance));
  std::vector<double> ticks;
  if (last - first >= 2) {
    const int every = std::max(1, (last - first + max_count) / std::max(1, max_count));
    for (int k = first; k <= last; k += every) ticks.push_back(std::pow(10.0, k));
    return ticks;
  }
  for (int k = first - 1; k <= last; ++k)
    for (const double multiple : {1.0, 2.0, 5.0}) {
      const double value = multiple * std::pow(10.0, k);
      if (value >= lower * (1 - tolerance) && value <= upper * (1 + tolerance)) ticks.push_back(value);
    }
  if (ticks.size() >= 3 && static_cast<int>(ticks.size()) <= max_count) return ticks;
  if (ticks.size() > 3) {  // too many 1-2-5 ticks: drop the twos
    std::erase_if(ticks, [](double value) { return std::abs(mantissa(value) - 2) < 1e-6; });
    return ticks;
  }
  auto linear = linear_ticks(lower, upper, 4);
  std::erase_if(linear, [](double value) { return value <= 0; });
  return linear;
}

std::string format_linear_tick(double value, double step) {
  if (std::abs(value) < step * 1e-6) value = 0;
  const double magnitude = std::max(std::abs(value), step);
  if (magnitude >= 1e7 || step < 1e-6) return with_true_minus(fmt::format("{:.3g}", value));
  int decimals = 0;  // the fewest that show the step exactly (0.25: 2)
  while (decimals < 9) {
    const double scaled = step * std::pow(10.0, decimals);
    if (std::abs(scaled - std::round(scaled)) < 1e-6 * scaled) break;
    ++decimals;
  }
  return with_true_minus(fmt::format("{:.{}f}", value, decimals));
}

std::string format_log_tick(double value) {
  if (value >= 1e-3 && value <= 1e4) return fmt::format("{:g}", value);
  const int power = static_cast<int>(std::floor(std::log10(value) + 1e-9));
  const double multiple = value / std::pow(10.0, power);
  const std::string exponent = with_true_minus(std::to_string(power));
  if (std::abs(multiple - 1) < 1e-9) return fmt::format("10<sup>{}</sup>", exponent);
  return fmt::format("{:g}\u00d710<sup>{}</sup>", std::round(multiple * 100) / 100, exponent);
}

}  // namespace radstudy::plot
