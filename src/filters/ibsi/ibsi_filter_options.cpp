#include "filters/ibsi/ibsi_filter_options.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace radstudy::filters::ibsi {

CommonFilterOptions read_common_filter_options(const FilterOptions& options) {
  CommonFilterOptions common;
  common.boundary = parse_boundary_condition(options.word("boundary", "mirror", boundary_condition_words()));
  common.slice_by_slice = options.word("dimensions", "3D", {"3D", "2D"}) == "2D";
  return common;
}

std::string prefix_number(double value) {
  std::string text = fmt::format("{}", value);
  if (text.find_first_of(".e") == std::string::npos) text += ".0";
  std::replace(text.begin(), text.end(), '.', '-');
  return text;
}

double read_log_truncation(const FilterOptions& options) {
  const double truncation = options.number("truncation", 4.0);
  options.require(truncation > 0 && truncation <= 20, "truncation", truncation,
                  "the kernel is truncated at truncation x sigma, truncation > 0 and at most 20");
  return truncation;
}

}  // namespace radstudy::filters::ibsi
