#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace radstudy::core {

// Calls visit(begin, end) for each maximal run [begin, end) of non-zero bytes in inside[0, count),
// in ascending order. Runs of zeros and of non-zeros are skipped eight bytes at a time.
template <typename Visit>
void for_each_mask_run(const std::uint8_t* inside, std::size_t count, Visit visit) {
  constexpr std::uint64_t kLowBits = 0x0101010101010101ULL, kHighBits = 0x8080808080808080ULL;
  auto word_at = [inside](std::size_t k) {
    std::uint64_t word;
    std::memcpy(&word, inside + k, sizeof word);
    return word;
  };
  auto has_zero_byte = [](std::uint64_t word) { return ((word - kLowBits) & ~word & kHighBits) != 0; };
  std::size_t k = 0;
  while (k < count) {
    while (k + 8 <= count && word_at(k) == 0) k += 8;
    while (k < count && inside[k] == 0) ++k;
    if (k == count) break;
    const std::size_t begin = k;
    while (k + 8 <= count && !has_zero_byte(word_at(k))) k += 8;
    while (k < count && inside[k] != 0) ++k;
    visit(begin, k);
  }
}

}  // namespace radstudy::core
