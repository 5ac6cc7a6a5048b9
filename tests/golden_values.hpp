#pragma once
#include <cmath>
#include <limits>
#include <string>

namespace radstudy::testing {

// A number of a golden file written by R: NA, NaN and empty are NaN; Inf and -Inf infinite.
inline double golden_number(const std::string& text) {
  if (text.empty() || text == "NA" || text == "NaN") return std::numeric_limits<double>::quiet_NaN();
  if (text == "Inf") return std::numeric_limits<double>::infinity();
  if (text == "-Inf") return -std::numeric_limits<double>::infinity();
  return std::stod(text);
}

}  // namespace radstudy::testing
