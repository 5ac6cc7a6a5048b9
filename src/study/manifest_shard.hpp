#pragma once
#include <cstddef>
#include <string>
#include <vector>

// Shards of a manifest, for running its cases as several processes or cluster tasks: shard I of N
// (1 <= I <= N) holds the manifest's data rows I, I + N, I + 2N, ... (counted from 1). The assignment
// depends on the rows' order only, so it is the same in every task reading the same manifest, and
// round-robin spreads a manifest sorted by centre or size evenly over the shards.
namespace radstudy::study {

struct Shard {
  std::size_t index = 1;  // 1 to count
  std::size_t count = 1;
};

// "I/N"; ConfigError naming the text and the form expected.
Shard parse_shard(const std::string& text);

// The shard (1 to count) of the manifest's data row `row` (counted from 0).
std::size_t shard_of_row(std::size_t row, std::size_t count);

// The data rows (counted from 0) of `shard` among `rows` rows.
std::vector<std::size_t> shard_rows(std::size_t rows, const Shard& shard);

}  // namespace radstudy::study
