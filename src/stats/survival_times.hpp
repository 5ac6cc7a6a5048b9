#pragma once
#include <vector>

namespace radstudy::stats {

// survival::aeqSurv (the `timefix = TRUE` default of coxph and concordance): distinct times whose gap
// is <= tolerance, absolutely or relative to the mean absolute distinct time, are made equal to the
// first (smallest) time of their run, so that 0.1 + 0.2 and 0.3 are one tied time.
std::vector<double> merge_nearly_equal_times(const std::vector<double>& time,
                                             double tolerance = 1.4901161193847656e-08);

}  // namespace radstudy::stats
