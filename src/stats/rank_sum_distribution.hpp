#pragma once
#include <vector>

namespace radstudy::stats {

// The exact null distribution of the Wilcoxon rank-sum statistic W (U of the first sample: pairs it
// wins) for samples of sizes m and n without ties, as R's cwilcox counts it, computed once (O(m n mn))
// so that a screen of thousands of features with the same class sizes pays for it once. Counts are
// doubles, as in R.
class RankSumExactDistribution {
 public:
  // Throws InputError unless 1 <= m, n.
  RankSumExactDistribution(int m, int n);

  int m() const { return m_; }
  int n() const { return n_; }
  // wilcox.test's exact two-sided p (no ties): 2 P(W <= w), or 2 P(W >= w) when w > mn / 2 (each tail
  // summed on its own side, as pwilcox does), capped at 1. Throws InputError for w outside [0, mn].
  double two_sided_p(double w) const;

 private:
  int m_, n_;
  std::vector<double> at_most_;   // P(W <= u)
  std::vector<double> at_least_;  // P(W >= u)
};

}  // namespace radstudy::stats
