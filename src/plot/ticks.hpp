#pragma once
#include <string>
#include <vector>

// Axis tick positions and labels.
namespace radstudy::plot {

// A step of 1, 2 or 5 times a power of ten giving about `target_count` intervals over `span` (> 0).
double nice_step(double span, int target_count);
// The multiples of nice_step(upper - lower, target_count) in [lower, upper] (ends included up to rounding).
// A zero or negative span gives the single value `lower`.
std::vector<double> linear_ticks(double lower, double upper, int target_count);
// Ticks for a logarithmic axis on [lower, upper] (0 < lower <= upper): the powers of ten when the range
// spans three decades or more (every second, third... power when there would be more than `max_count`),
// else 1, 2 and 5 times the powers of ten, else linear ticks.
std::vector<double> log_ticks(double lower, double upper, int max_count);

// A linear tick's label: as many decimals as `step` needs, a true minus sign, no "-0".
std::string format_linear_tick(double value, double step);
// A logarithmic tick's label: plain for 0.001 to 10,000, else Pango markup "10<sup>k</sup>" or
// "2×10<sup>k</sup>".
std::string format_log_tick(double value);

}  // namespace radstudy::plot
