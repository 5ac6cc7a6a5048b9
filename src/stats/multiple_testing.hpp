#pragma once
#include <vector>

namespace radstudy::stats {

// Benjamini-Hochberg adjusted p-values (false discovery rate), as R's p.adjust(p, "BH"): NaN p-values
// stay NaN and do not count in the number of tests.
std::vector<double> benjamini_hochberg(const std::vector<double>& p);

}  // namespace radstudy::stats
