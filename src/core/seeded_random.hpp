#pragma once
#include <cstdint>

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

}  // namespace radstudy::core
