#include "study/manifest_shard.hpp"

#include <fmt/format.h>

#include <charconv>

#include "core/errors.hpp"

namespace radstudy::study {
namespace {

bool parse_count(std::string_view text, std::size_t& value) {
  const auto [end, status] = std::from_chars(text.data(), text.data() + text.size(), value);
  return !text.empty() && status == std::errc() && end == text.data() + text.size();
}

}  // namespace

Shard parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  Shard shard;
  if (slash == std::string::npos || !parse_count(std::string_view(text).substr(0, slash), shard.index) ||
      !parse_count(std::string_view(text).substr(slash + 1), shard.count))
    throw ConfigError(
        fmt::format("--shard {}: not of the form I/N (e.g. 2/8: the second of 8 shards)", text));
  if (shard.count == 0 || shard.index == 0 || shard.index > shard.count)
    throw ConfigError(
        fmt::format("--shard {}: I must be 1 to N and N at least 1 (shards count from 1)", text));
  return shard;
}

std::size_t shard_of_row(std::size_t row, std::size_t count) {
  return row % count + 1;
}

std::vector<std::size_t> shard_rows(std::size_t rows, const Shard& shard) {
  std::vector<std::size_t> selected;
  for (std::size_t row = shard.index - 1; row < rows; row += shard.count) selected.push_back(row);
  return selected;
}

}  // namespace radstudy::study
