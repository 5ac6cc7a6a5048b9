#pragma once
#include <cstdint>
#include <string_view>

namespace radstudy::core {

// A small seeded random generator with the same output on every platform (xoshiro256**).
class SeededRandom {
public:
  explicit SeededRandom(std::uint64_t seed);
  std::uint64_t next();
  double uniform();                          // [0, 1)
  double uniform(double lower, double upper);
  double normal();                           // standard normal (Box-Muller)
  // An integer uniform in [0, bound) (bound > 0), without modulo bias (Lemire's method).
  std::uint64_t below(std::uint64_t bound);

private:
  std::uint64_t state_[4];
};

// Seeds for independent streams: mixed_seed is splitmix64's finaliser, text_hash is FNV-1a. Both are
// fixed functions, so a stream derived from (seed, case id, ...) is the same on every run and platform.
std::uint64_t mixed_seed(std::uint64_t value);
std::uint64_t text_hash(std::string_view text);

}  // namespace radstudy::core
