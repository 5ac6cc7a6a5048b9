#pragma once
#include <cstddef>
#include <vector>

#include "core/errors.hpp"
#include "stats/group_tests.hpp"

namespace radstudy::stats {

// A contingency table of counts, rows x columns (e.g. levels x groups).
using CountTable = std::vector<std::vector<long long>>;

// outer(rowSums, colSums) / n, as chisq.test's E. Throws InputError for negative counts, ragged rows,
// fewer than 2 rows or columns.
std::vector<std::vector<double>> expected_counts(const CountTable& table);

// chisq.test(table): Pearson's chi-square with (r-1)(c-1) df; Yates' continuity correction
// min(0.5, |O - E|) on 2 x 2 tables unless `yates_correction` is false. Throws InputError for a row
// or column whose total is 0 (its expected counts would be 0).
TestResult pearson_chi_square_test(const CountTable& table, bool yates_correction = true);

// Thrown when the exact enumeration of a Fisher test would exceed its work limit.
class FisherEnumerationTooLarge : public NumericalError {
 public:
  using NumericalError::NumericalError;
};

// fisher.test(table): two-sided exact p for r x c tables, the total probability of the tables with the
// observed margins that are no more probable than the observed one (relative tolerance 1e-7 as R).
// The tables are walked column by column as a network whose nodes are the multisets of remaining row
// totals (Mehta & Patel), with exact longest/shortest path bounds to count or drop whole subtrees at
// once. Rows and columns whose total is 0 are dropped (they do not change the p-value).
// `work_limit` caps the arcs visited; beyond it FisherEnumerationTooLarge is thrown.
TestResult fisher_exact_test(const CountTable& table, std::size_t work_limit = 100'000'000);

}  // namespace radstudy::stats
