#include "stats/contingency_tests.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
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
      throw InputError(fmt::format("{}: row {} has {} counts, row 1 has {}", test_name, r + 1, table[r].size(), columns));
    for (const long long count : table[r])
      if (count < 0) throw InputError(fmt::format("{}: row {} holds a negative count", test_name, r + 1));
  }
}

double log_factorial(long long n) { return std::lgamma(static_cast<double>(n) + 1.0); }

// The network of Fisher's exact test: stage k holds the multisets (sorted, descending) of row totals
// left once columns 0..k-1 are filled. An arc fills column k with a vector v and costs sum log v_i!;
// a full table's probability is exp(constant - total cost).
class FisherNetwork {
public:
  FisherNetwork(std::vector<long long> column_totals, std::size_t work_limit)
      : column_totals_(std::move(column_totals)), work_limit_(work_limit) {}

  struct Node {
    std::size_t stage = 0;
    std::vector<long long> rows;
    double shortest = 0.0, longest = 0.0;  // min / max remaining cost over completions
    double log_total = 0.0;                // log of the sum of exp(-cost) over completions
    std::vector<std::pair<std::size_t, double>> arcs;  // (child node, cost)
  };

  std::size_t node_for(std::size_t stage, std::vector<long long> rows) {
    std::sort(rows.begin(), rows.end(), std::greater<>());
    while (!rows.empty() && rows.back() == 0) rows.pop_back();
    auto key = rows;
    key.push_back(static_cast<long long>(stage));
    if (const auto found = index_.find(key); found != index_.end()) return found->second;
    const std::size_t id = nodes_.size();
    Node node;
    node.stage = stage;
    node.rows = rows;
    nodes_.push_back(std::move(node));
    index_.emplace(std::move(key), id);
    expand(id);
    return id;
  }

  const Node& node(std::size_t id) const { return nodes_[id]; }
  void count_work(std::size_t amount) {
    work_ += amount;
    if (work_ > work_limit_)
      throw FisherEnumerationTooLarge(
          fmt::format("Fisher's exact test: the enumeration exceeds {} steps (table too large)", work_limit_));
  }

private:
  struct KeyHash {
    std::size_t operator()(const std::vector<long long>& key) const {
      std::size_t hash = 1469598103934665603ull;
      for (const long long value : key) hash = (hash ^ static_cast<std::size_t>(value)) * 1099511628211ull;
      return hash;
    }
  };

  void expand(std::size_t id) {
    const std::size_t stage = nodes_[id].stage;
    const std::vector<long long> rows = nodes_[id].rows;
    long long remaining = std::accumulate(rows.begin(), rows.end(), 0LL);
    double log_total = log_factorial(remaining);
    for (const long long row : rows) log_total -= log_factorial(row);
    for (std::size_t k = stage; k < column_totals_.size(); ++k) log_total -= log_factorial(column_totals_[k]);
    nodes_[id].log_total = log_total;
    if (stage == column_totals_.size()) return;  // the empty completion: cost 0
    double shortest = std::numeric_limits<double>::infinity(), longest = -shortest;
    std::vector<std::pair<std::size_t, double>> arcs;
    std::vector<long long> column(rows.size(), 0);
    // Every vector v with sum = column total and 0 <= v_i <= rows_i; suffix capacities prune.
    std::vector<long long> capacity_after(rows.size() + 1, 0);
    for (std::size_t i = rows.size(); i-- > 0;) capacity_after[i] = capacity_after[i + 1] + rows[i];
    std::function<void(std::size_t, long long, double)> fill = [&](std::size_t i, long long left, double cost) {
      if (i == rows.size()) {
        count_work(1);
        std::vector<long long> child_rows(rows);
        for (std::size_t r = 0; r < rows.size(); ++r) child_rows[r] -= column[r];
        const std::size_t child = node_for(stage + 1, std::move(child_rows));
        arcs.emplace_back(child, cost);
        shortest = std::min(shortest, cost + nodes_[child].shortest);
        longest = std::max(longest, cost + nodes_[child].longest);
        return;
      }
      const long long low = std::max(0LL, left - capacity_after[i + 1]);
      const long long high = std::min(rows[i], left);
      for (long long v = low; v <= high; ++v) {
        column[i] = v;
        fill(i + 1, left - v, cost + log_factorial(v));
      }
    };
    fill(0, column_totals_[stage], 0.0);
    nodes_[id].shortest = shortest;
    nodes_[id].longest = longest;
    nodes_[id].arcs = std::move(arcs);
  }

  std::vector<long long> column_totals_;
  std::size_t work_limit_;
  std::size_t work_ = 0;
  std::vector<Node> nodes_;
  std::unordered_map<std::vector<long long>, std::size_t, KeyHash> index_;
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
    for (std::size_t c = 0; c < column_totals.size(); ++c) expected[r][c] = row_totals[r] * column_totals[c] / total;
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
    if (std::any_of(table[r].begin(), table[r].end(), [](long long count) { return count > 0; })) kept_rows.push_back(r);
  for (std::size_t c = 0; c < table.front().size(); ++c)
    if (std::any_of(table.begin(), table.end(), [c](const auto& row) { return row[c] > 0; })) kept_columns.push_back(c);
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
  FisherNetwork network(column_totals, work_limit);
  const std::size_t root = network.node_for(0, row_totals);

  // Forward pass, stage by stage: at each node, the distinct costs of the paths reaching it with the
  // number of paths (costs equal to 1e-9 merged, as FEXACT merges past probabilities).
  using PastCosts = std::map<long long, std::pair<double, double>>;  // rounded cost -> (cost, paths)
  std::map<std::size_t, PastCosts> current{{root, PastCosts{{0, {0.0, 1.0}}}}};
  double p = 0.0;
  while (!current.empty()) {
    std::map<std::size_t, PastCosts> next;
    for (const auto& [node_id, pasts] : current) {
      const auto& node = network.node(node_id);
      for (const auto& [rounded, entry] : pasts) {
        const auto [past, paths] = entry;
        if (past + node.shortest >= threshold) {
          p += paths * std::exp(log_constant - past + node.log_total);
          continue;
        }
        if (past + node.longest < threshold) continue;
        network.count_work(node.arcs.size());
        for (const auto& [child, cost] : node.arcs) {
          const double reached = past + cost;
          auto& slot = next[child][std::llround(reached * 1e9)];
          slot.first = reached;
          slot.second += paths;
        }
      }
    }
    current = std::move(next);
  }
  result.p = std::min(p, 1.0);
  return result;
}

}  // namespace radstudy::stats
