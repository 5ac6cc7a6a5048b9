#include "stats/concordance.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>

#include "core/errors.hpp"
#include "stats/survival_times.hpp"

namespace radstudy::stats {
namespace {

// Counts of cases per score rank, with prefix sums in O(log n).
class RankCounter {
 public:
  explicit RankCounter(std::size_t ranks) : tree_(ranks + 1, 0), at_rank_(ranks, 0) {}

  void add(std::size_t rank) {
    ++at_rank_[rank];
    ++total_;
    for (std::size_t node = rank + 1; node < tree_.size(); node += node & (~node + 1)) ++tree_[node];
  }
  std::int64_t below(std::size_t rank) const {
    std::int64_t count = 0;
    for (std::size_t node = rank; node > 0; node -= node & (~node + 1)) count += tree_[node];
    return count;
  }
  std::int64_t equal(std::size_t rank) const { return at_rank_[rank]; }
  std::int64_t above(std::size_t rank) const { return total_ - below(rank) - at_rank_[rank]; }

 private:
  std::vector<std::int64_t> tree_;
  std::vector<std::int64_t> at_rank_;
  std::int64_t total_ = 0;
};

// Per case: comparable pairs it takes part in, by outcome (concordancefit's influence matrix).
struct PairCounts {
  std::int64_t concordant = 0;
  std::int64_t discordant = 0;
  std::int64_t tied = 0;
};

void validate_input(const std::vector<double>& time, const std::vector<int>& event,
                    const std::vector<double>& risk) {
  if (event.size() != time.size() || risk.size() != time.size())
    throw InputError(fmt::format("concordance: {} times, {} event codes and {} scores", time.size(),
                                 event.size(), risk.size()));
  for (std::size_t i = 0; i < time.size(); ++i) {
    if (!std::isfinite(time[i]))
      throw InputError(fmt::format("concordance: case {} has a missing or infinite time", i + 1));
    if (event[i] != 0 && event[i] != 1)
      throw InputError(
          fmt::format("concordance: case {} has event code {} (expected 0 or 1)", i + 1, event[i]));
    if (!std::isfinite(risk[i]))
      throw InputError(fmt::format("concordance: case {} has a missing or infinite score", i + 1));
  }
}

}  // namespace

Concordance harrell_concordance(const std::vector<double>& time, const std::vector<int>& event,
                                const std::vector<double>& risk) {
  validate_input(time, event, risk);
  const std::size_t cases = time.size();
  const std::vector<double> fixed_time = merge_nearly_equal_times(time);

  std::vector<double> distinct_risks(risk);
  std::sort(distinct_risks.begin(), distinct_risks.end());
  distinct_risks.erase(std::unique(distinct_risks.begin(), distinct_risks.end()), distinct_risks.end());
  std::vector<std::size_t> rank(cases);
  for (std::size_t i = 0; i < cases; ++i)
    rank[i] = static_cast<std::size_t>(
        std::lower_bound(distinct_risks.begin(), distinct_risks.end(), risk[i]) - distinct_risks.begin());

  std::vector<std::size_t> order(cases);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return fixed_time[a] != fixed_time[b] ? fixed_time[a] < fixed_time[b] : a < b;
  });
  // Blocks of equal times in `order`: [block_start[b], block_start[b + 1]).
  std::vector<std::size_t> block_start{0};
  for (std::size_t position = 1; position < cases; ++position)
    if (fixed_time[order[position]] != fixed_time[order[position - 1]]) block_start.push_back(position);
  block_start.push_back(cases);
  const std::size_t blocks = block_start.size() - 1;

  std::vector<PairCounts> pairs(cases);
  Concordance result;
  std::int64_t concordant = 0, discordant = 0, tied_risk = 0, tied_time = 0, tied_both = 0;

  // Sweep 1, longest times first: each event against the cases known to outlive it (later times,
  // and the censored at its own time). A higher score for the event is concordant.
  {
    RankCounter outliving(distinct_risks.size());
    for (std::size_t b = blocks; b-- > 0;) {
      const std::size_t begin = block_start[b], end = block_start[b + 1];
      for (std::size_t position = begin; position < end; ++position)
        if (event[order[position]] == 0) outliving.add(rank[order[position]]);
      std::vector<std::size_t> event_ranks;
      for (std::size_t position = begin; position < end; ++position) {
        const std::size_t i = order[position];
        if (event[i] == 0) continue;
        PairCounts& own = pairs[i];
        own.concordant += outliving.below(rank[i]);
        own.discordant += outliving.above(rank[i]);
        own.tied += outliving.equal(rank[i]);
        event_ranks.push_back(rank[i]);
      }
      // Events at the same time: not comparable, counted as tied.y / tied.xy.
      const auto events_here = static_cast<std::int64_t>(event_ranks.size());
      std::sort(event_ranks.begin(), event_ranks.end());
      std::int64_t same_rank_pairs = 0;
      for (std::size_t k = 0; k < event_ranks.size();) {
        std::size_t next = k;
        while (next < event_ranks.size() && event_ranks[next] == event_ranks[k]) ++next;
        const auto run = static_cast<std::int64_t>(next - k);
        same_rank_pairs += run * (run - 1) / 2;
        k = next;
      }
      tied_both += same_rank_pairs;
      tied_time += events_here * (events_here - 1) / 2 - same_rank_pairs;
      for (std::size_t event_rank : event_ranks) outliving.add(event_rank);
    }
  }
  for (const PairCounts& own : pairs) {
    concordant += own.concordant;
    discordant += own.discordant;
    tied_risk += own.tied;
  }

  // Sweep 2, shortest times first: each case against the events that it outlives (earlier events,
  // and for a censored case the events at its own time), for its share of the pairs.
  {
    RankCounter earlier_events(distinct_risks.size());
    for (std::size_t b = 0; b < blocks; ++b) {
      const std::size_t begin = block_start[b], end = block_start[b + 1];
      const auto count_against_events = [&](std::size_t i) {
        PairCounts& own = pairs[i];
        own.concordant += earlier_events.above(rank[i]);
        own.discordant += earlier_events.below(rank[i]);
        own.tied += earlier_events.equal(rank[i]);
      };
      for (std::size_t position = begin; position < end; ++position)
        if (event[order[position]] == 1) count_against_events(order[position]);
      for (std::size_t position = begin; position < end; ++position)
        if (event[order[position]] == 1) earlier_events.add(rank[order[position]]);
      for (std::size_t position = begin; position < end; ++position)
        if (event[order[position]] == 0) count_against_events(order[position]);
    }
  }

  const std::int64_t comparable = concordant + discordant + tied_risk;
  if (comparable == 0)
    throw NumericalError(
        "concordance: no comparable pair (no event is followed by a longer time or a censoring at the same "
        "time)");
  const double pair_count = static_cast<double>(comparable);
  result.concordant = static_cast<double>(concordant);
  result.discordant = static_cast<double>(discordant);
  result.tied_risk = static_cast<double>(tied_risk);
  result.tied_time = static_cast<double>(tied_time);
  result.tied_both = static_cast<double>(tied_both);

  // concordancefit: Somers' d and its infinitesimal jackknife variance; C = (d + 1) / 2.
  const double somers_d = (result.concordant - result.discordant) / pair_count;
  double variance = 0.0;
  for (const PairCounts& own : pairs) {
    const double influence =
        static_cast<double>(own.concordant - own.discordant) / pair_count -
        (somers_d / pair_count) * static_cast<double>(own.concordant + own.discordant + own.tied);
    variance += influence * influence;
  }
  result.c_index = (somers_d + 1.0) / 2.0;
  result.std_err = std::sqrt(variance / 4.0);
  return result;
}

}  // namespace radstudy::stats
