#include "stats/contingency_tests.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <numeric>
#include <unordered_map>

#include "stats/distributions.hpp"

namespace radstudy::stats {
namespace {

void check_table(const CountTable& table, const char* test_name) {
  if (table.size() < 2) throw InputError(fmt::format("{}: the table needs at least 2 rows", test_name));
  const std::size_t columns = table.front().size();
  if (columns < 2) throw InputError(fmt::format("{}: the table needs at least 2 columns", test_name));
  for (std::size_t r = 0; r < table.size(); ++r) {
    if (table[r].size() != columns)
      throw InputError(
          fmt::format("{}: row {} has {} counts, row 1 has {}", test_name, r + 1, table[r].size(), columns));
    for (const long long count : table[r])
      if (count < 0) throw InputError(fmt::format("{}: row {} holds a negative count", test_name, r + 1));
  }
}

double log_factorial(long long n) {
  return std::lgamma(static_cast<double>(n) + 1.0);
}

// The network of Fisher's exact test (Mehta & Patel): stage k holds the multisets (sorted, descending,
// zeros dropped) of the row totals left once columns 0..k-1 are filled. An arc fills column k with a
// vector v and costs sum log v_i!; a full table's probability is exp(constant - total cost). Built
// stage by stage, then the exact shortest and longest remaining costs backwards from the last stage.
class FisherNetwork {
 public:
  struct Arc {
    std::uint32_t child;
    double cost;
    double multiplicity;  // column vectors equal up to a permutation of tied rows
  };
  struct Node {
    std::vector<int> rows;
    double shortest = 0.0, longest = 0.0;  // min / max remaining cost over completions
    double log_total = 0.0;                // log of the sum of exp(-cost) over completions
    std::vector<Arc> arcs;
  };

  FisherNetwork(const std::vector<long long>& row_totals, const std::vector<long long>& column_totals,
                std::size_t work_limit)
      : work_limit_(work_limit) {
    for (const long long column : column_totals) columns_.push_back(static_cast<int>(column));
    const long long total = std::accumulate(column_totals.begin(), column_totals.end(), 0LL);
    log_factorials_.resize(static_cast<std::size_t>(total) + 1);
    for (long long n = 0; n <= total; ++n) log_factorials_[static_cast<std::size_t>(n)] = log_factorial(n);
    stages_.resize(columns_.size() + 1);
    std::vector<int> rows;
    for (const long long row : row_totals) rows.push_back(static_cast<int>(row));
    add_node(0, rows);
    for (std::size_t stage = 0; stage < columns_.size(); ++stage)
      for (std::size_t id = 0; id < stages_[stage].nodes.size(); ++id) expand(stage, id);
    for (std::size_t stage = stages_.size(); stage-- > 0;)
      for (auto& node : stages_[stage].nodes) finish(stage, node);
  }

  const Node& node(std::size_t stage, std::size_t id) const { return stages_[stage].nodes[id]; }
  std::size_t stage_count() const { return stages_.size(); }
  std::size_t stage_size(std::size_t stage) const { return stages_[stage].nodes.size(); }
  void count_work(std::size_t amount) {
    work_ += amount;
    if (work_ > work_limit_)
      throw FisherEnumerationTooLarge(fmt::format(
          "Fisher's exact test: the enumeration exceeds {} steps (table too large)", work_limit_));
  }

 private:
  struct KeyHash {
    std::size_t operator()(const std::vector<int>& key) const {
      std::size_t hash = 1469598103934665603ull;
      for (const int value : key) hash = (hash ^ static_cast<std::size_t>(value)) * 1099511628211ull;
      return hash;
    }
  };
  struct Stage {
    std::vector<Node> nodes;
    std::unordered_map<std::vector<int>, std::uint32_t, KeyHash> index;
  };

  // The node of `stage` for the (unsorted) remaining rows in key_buffer_.
  std::uint32_t add_node(std::size_t stage, std::vector<int>& rows) {
    std::sort(rows.begin(), rows.end(), std::greater<>());
    while (!rows.empty() && rows.back() == 0) rows.pop_back();
    auto& target = stages_[stage];
    if (const auto found = target.index.find(rows); found != target.index.end()) return found->second;
    const auto id = static_cast<std::uint32_t>(target.nodes.size());
    Node node;
    node.rows = rows;
    target.nodes.push_back(std::move(node));
    target.index.emplace(rows, id);
    return id;
  }

  // Every column vector v (sum = column total, 0 <= v_i <= rows_i), non-increasing within runs of tied
  // rows; each stands for its distinct permutations within the runs.
  void expand(std::size_t stage, std::size_t id) {
    const std::vector<int> rows = stages_[stage].nodes[id].rows;
    const std::size_t count = rows.size();
    std::vector<int> capacity_after(count + 1, 0), column(count, 0);
    for (std::size_t i = count; i-- > 0;) capacity_after[i] = capacity_after[i + 1] + rows[i];
    std::vector<Arc> arcs;
    std::vector<int> child;
    enumerate(stage, rows, capacity_after, column, 0, columns_[stage], 0.0, arcs, child);
    stages_[stage].nodes[id].arcs = std::move(arcs);
  }

  void enumerate(std::size_t stage, const std::vector<int>& rows, const std::vector<int>& capacity_after,
                 std::vector<int>& column, std::size_t i, int left, double cost, std::vector<Arc>& arcs,
                 std::vector<int>& child) {
    if (i == rows.size()) {
      count_work(1);
      child.assign(rows.begin(), rows.end());
      for (std::size_t r = 0; r < rows.size(); ++r) child[r] -= column[r];
      const std::uint32_t child_id = add_node(stage + 1, child);
      arcs.push_back(Arc{child_id, cost, permutations_within_ties(rows, column)});
      return;
    }
    const int low = std::max(0, left - capacity_after[i + 1]);
    int high = std::min(rows[i], left);
    if (i > 0 && rows[i] == rows[i - 1]) high = std::min(high, column[i - 1]);
    for (int v = low; v <= high; ++v) {
      column[i] = v;
      enumerate(stage, rows, capacity_after, column, i + 1, left - v,
                cost + log_factorials_[static_cast<std::size_t>(v)], arcs, child);
    }
  }

  // Within each run of equal rows: run length! / product of (multiplicities of equal values)!.
  double permutations_within_ties(const std::vector<int>& rows, const std::vector<int>& column) const {
    double multiplicity = 1.0;
    for (std::size_t first = 0; first < rows.size();) {
      std::size_t last = first;
      while (last + 1 < rows.size() && rows[last + 1] == rows[first]) ++last;
      if (last > first) {
        multiplicity *= std::exp(log_factorials_[last - first + 1]);
        for (std::size_t k = first; k <= last;) {
          std::size_t same = k;
          while (same + 1 <= last && column[same + 1] == column[k]) ++same;
          multiplicity /= std::exp(log_factorials_[same - k + 1]);
          k = same + 1;
        }
      }
      first = last + 1;
    }
    return std::round(multiplicity);
  }

  void finish(std::size_t stage, Node& node) {
    double log_total =
        log_factorials_[static_cast<std::size_t>(std::accumulate(node.rows.begin(), node.rows.end(), 0))];
    for (const int row : node.rows) log_total -= log_factorials_[static_cast<std::size_t>(row)];
    for (std::size_t k = stage; k < columns_.size(); ++k)
      log_total -= log_factorials_[static_cast<std::size_t>(columns_[k])];
    node.log_total = log_total;
    if (stage == columns_.size()) return;  // the empty completion: cost 0
    node.shortest = std::numeric_limits<double>::infinity();
    node.longest = -node.shortest;
    for (const auto& arc : node.arcs) {
      const auto& child = stages_[stage + 1].nodes[arc.child];
      node.shortest = std::min(node.shortest, arc.cost + child.shortest);
      node.longest = std::max(node.longest, arc.cost + child.longest);
    }
  }

  std::vector<int> columns_;
  std::vector<double> log_factorials_;
  std::size_t work_limit_;
  std::size_t work_ = 0;
  std::vector<Stage> stages_;
};

}  // namespace

std::vector<std::vector<double>> expected_counts(const CountTable& table) {
  check_table(table, "expected counts");
  std::vector<double> row_totals(table.size(), 0.0), column_totals(table.front().size(), 0.0);
  double total = 0.0;
  for (std::size_t r = 0; r < table.size(); ++r)
    for (std::size_t c = 0; c < table[r].size(); ++c) {
      row_totals[r] += static_cast<double>(table[r][c]);
      column_totals[c] += static_cast<double>(table[r][c]);
      total += static_cast<double>(table[r][c]);
    }
  std::vector<std::vector<double>> expected(table.size(), std::vector<double>(column_totals.size()));
  for (std::size_t r = 0; r < table.size(); ++r)
    for (std::size_t c = 0; c < column_totals.size(); ++c)
      expected[r][c] = row_totals[r] * column_totals[c] / total;
  return expected;
}

TestResult pearson_chi_square_test(const CountTable& table, bool yates_correction) {
  const auto expected = expected_counts(table);
  const std::size_t rows = table.size(), columns = table.front().size();
  for (std::size_t r = 0; r < rows; ++r)
    if (std::all_of(table[r].begin(), table[r].end(), [](long long count) { return count == 0; }))
      throw InputError(fmt::format("Pearson's chi-square test: row {} of the table has no counts", r + 1));
  for (std::size_t c = 0; c < columns; ++c)
    if (std::all_of(table.begin(), table.end(), [c](const auto& row) { return row[c] == 0; }))
      throw InputError(fmt::format("Pearson's chi-square test: column {} of the table has no counts", c + 1));

  TestResult result;
  result.method = "Pearson's Chi-squared test";
  double yates = 0.0;
  if (yates_correction && rows == 2 && columns == 2) {
    yates = 0.5;
    for (std::size_t r = 0; r < rows; ++r)
      for (std::size_t c = 0; c < columns; ++c)
        yates = std::min(yates, std::abs(static_cast<double>(table[r][c]) - expected[r][c]));
    if (yates > 0) result.method += " with Yates' continuity correction";
  }
  double statistic = 0.0;
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t c = 0; c < columns; ++c) {
      const double deviation = std::abs(static_cast<double>(table[r][c]) - expected[r][c]) - yates;
      statistic += deviation * deviation / expected[r][c];
    }
  result.statistic = statistic;
  result.degrees_of_freedom = static_cast<double>((rows - 1) * (columns - 1));
  result.denominator_degrees_of_freedom = std::numeric_limits<double>::quiet_NaN();
  result.p = chi_square_upper_p(statistic, result.degrees_of_freedom);
  return result;
}

TestResult fisher_exact_test(const CountTable& table, std::size_t work_limit) {
  check_table(table, "Fisher's exact test");
  TestResult result;
  result.method = "Fisher's Exact Test for Count Data";
  result.statistic = std::numeric_limits<double>::quiet_NaN();
  result.degrees_of_freedom = std::numeric_limits<double>::quiet_NaN();
  result.denominator_degrees_of_freedom = std::numeric_limits<double>::quiet_NaN();

  // Drop empty rows and columns; orient so that rows are the shorter side (shorter node keys).
  std::vector<std::size_t> kept_rows, kept_columns;
  for (std::size_t r = 0; r < table.size(); ++r)
    if (std::any_of(table[r].begin(), table[r].end(), [](long long count) { return count > 0; }))
      kept_rows.push_back(r);
  for (std::size_t c = 0; c < table.front().size(); ++c)
    if (std::any_of(table.begin(), table.end(), [c](const auto& row) { return row[c] > 0; }))
      kept_columns.push_back(c);
  if (kept_rows.size() < 2 || kept_columns.size() < 2) {
    result.p = 1.0;  // one table only has these margins
    return result;
  }
  const bool transpose = kept_rows.size() > kept_columns.size();
  const std::size_t row_count = transpose ? kept_columns.size() : kept_rows.size();
  const std::size_t column_count = transpose ? kept_rows.size() : kept_columns.size();
  auto cell = [&](std::size_t r, std::size_t c) {
    return transpose ? table[kept_rows[c]][kept_columns[r]] : table[kept_rows[r]][kept_columns[c]];
  };
  std::vector<long long> row_totals(row_count, 0), column_totals(column_count, 0);
  double observed_cost = 0.0;
  for (std::size_t r = 0; r < row_count; ++r)
    for (std::size_t c = 0; c < column_count; ++c) {
      row_totals[r] += cell(r, c);
      column_totals[c] += cell(r, c);
      observed_cost += log_factorial(cell(r, c));
    }
  // Columns in decreasing total: the network narrows fastest.
  std::sort(column_totals.begin(), column_totals.end(), std::greater<>());
  const long long total = std::accumulate(row_totals.begin(), row_totals.end(), 0LL);
  double log_constant = -log_factorial(total);
  for (const long long row : row_totals) log_constant += log_factorial(row);
  for (const long long column : column_totals) log_constant += log_factorial(column);

  // Tables count when their probability <= observed * (1 + 1e-7), as fisher.test's relErr: cost >= threshold.
  const double threshold = observed_cost - std::log1p(1e-7);
  FisherNetwork network(row_totals, column_totals, work_limit);

  // Forward pass, stage by stage: at each node, the distinct costs of the paths reaching it with the
  // number of paths (costs equal to 1e-9 merged, as FEXACT merges past probabilities). A path whose
  // completions all count, or none, is settled by the node's bounds as soon as it reaches the node.
  using PastCosts =
      std::unordered_map<long long, std::pair<double, double>>;  // rounded cost -> (cost, paths)
  double p = 0.0;
  auto settled = [&](const FisherNetwork::Node& node, double past, double paths) {
    if (past + node.shortest >= threshold) {
      p += paths * std::exp(log_constant - past + node.log_total);
      return true;
    }
    return past + node.longest < threshold;
  };
  std::vector<PastCosts> current(1);
  if (!settled(network.node(0, 0), 0.0, 1.0)) current[0].emplace(0, std::make_pair(0.0, 1.0));
  for (std::size_t stage = 0; stage + 1 < network.stage_count(); ++stage) {
    std::vector<PastCosts> next(network.stage_size(stage + 1));
    for (std::size_t node_id = 0; node_id < current.size(); ++node_id) {
      if (current[node_id].empty()) continue;
      const auto& node = network.node(stage, node_id);
      network.count_work(node.arcs.size() * current[node_id].size());
      for (const auto& [rounded, entry] : current[node_id]) {
        const auto [past, paths] = entry;
        for (const auto& arc : node.arcs) {
          const double reached = past + arc.cost;
          const double reaching_paths = paths * arc.multiplicity;
          if (settled(network.node(stage + 1, arc.child), reached, reaching_paths)) continue;
          auto& slot = next[arc.child][std::llround(reached * 1e9)];
          slot.first = reached;
          slot.second += reaching_paths;
        }
      }
    }
    current = std::move(next);
  }
  result.p = std::min(p, 1.0);
  return result;
}

}  // namespace radstudy::stats
