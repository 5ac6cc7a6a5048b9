#include "core/closest_name.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace radstudy::core {
namespace {

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> previous(b.size() + 1), current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j)
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] != b[j - 1])});
    std::swap(previous, current);
  }
  return previous[b.size()];
}

}  // namespace

std::string closest_name(const std::string& word, const std::vector<std::string>& candidates) {
  const std::string lower_word = lowercase(word);
  std::string best;
  std::size_t best_distance = 3;
  bool tie = false;
  for (const auto& candidate : candidates) {
    const std::size_t distance = edit_distance(lower_word, lowercase(candidate));
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
      tie = false;
    } else if (distance == best_distance) {
      tie = true;
    }
  }
  if (!best.empty() && !tie) return best;
  std::vector<std::string> prefixed;
  for (const auto& candidate : candidates)
    if (word.size() >= 2 && candidate.starts_with(word)) prefixed.push_back(candidate);
  return prefixed.size() == 1 ? prefixed.front() : std::string();
}

}  // namespace radstudy::core
