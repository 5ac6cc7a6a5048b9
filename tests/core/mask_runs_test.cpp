#include "core/mask_runs.hpp"

#include <gtest/gtest.h>

#include <utility>
#include <vector>

#include "core/seeded_random.hpp"

namespace radstudy::core {
namespace {

std::vector<std::pair<std::size_t, std::size_t>> runs_one_by_one(const std::vector<std::uint8_t>& inside) {
  std::vector<std::pair<std::size_t, std::size_t>> runs;
  for (std::size_t k = 0; k < inside.size();) {
    if (!inside[k]) {
      ++k;
      continue;
    }
    const std::size_t begin = k;
    while (k < inside.size() && inside[k]) ++k;
    runs.emplace_back(begin, k);
  }
  return runs;
}

// Word-at-a-time runs against a byte-by-byte scan: lengths around multiples of 8, sparse and dense
// masks, non-zero values other than 1, runs touching both ends.
TEST(MaskRuns, EqualTheByteByByteRuns) {
  SeededRandom random(17);
  int masks = 0;
  for (std::size_t length : {0u, 1u, 7u, 8u, 9u, 15u, 16u, 17u, 63u, 64u, 65u, 1000u})
    for (double density : {0.0, 0.05, 0.5, 0.95, 1.0})
      for (int repeat = 0; repeat < 4; ++repeat) {
        std::vector<std::uint8_t> inside(length);
        for (auto& byte : inside) byte = random.uniform() < density ? static_cast<std::uint8_t>(1 + random.below(255)) : 0;
        std::vector<std::pair<std::size_t, std::size_t>> runs;
        for_each_mask_run(inside.data(), inside.size(), [&](std::size_t begin, std::size_t end) { runs.emplace_back(begin, end); });
        EXPECT_EQ(runs, runs_one_by_one(inside)) << "length " << length << ", density " << density;
        ++masks;
      }
  EXPECT_EQ(masks, 12 * 5 * 4);
}

}  // namespace
}  // namespace radstudy::core
