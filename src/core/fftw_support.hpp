#pragma once
#include <fftw3.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <new>

// What every FFTW user in radstudy shares (header only: the targets that use it link FFTW).
namespace radstudy::core {

// FFTW's planner (plan creation and destruction) is not thread-safe; executing a plan is. Every FFTW user
// in radstudy plans under this one mutex (cases run in parallel, one thread each).
inline std::mutex& fftw_planner_mutex() {
  static std::mutex mutex;
  return mutex;
}

// The smallest n' >= n whose prime factors are 2, 3, 5 and 7 (FFTW's fast sizes).
inline long fftw_fast_size(long n) {
  for (long candidate = std::max(1L, n);; ++candidate) {
    long rest = candidate;
    for (long factor : {2L, 3L, 5L, 7L})
      while (rest % factor == 0) rest /= factor;
    if (rest == 1) return candidate;
  }
}

struct FftwFree {
  void operator()(void* pointer) const { fftw_free(pointer); }
};
template <typename T>
using FftwBuffer = std::unique_ptr<T[], FftwFree>;

// `count` elements aligned for FFTW's SIMD code (at least one); std::bad_alloc when memory runs out.
template <typename T>
FftwBuffer<T> fftw_buffer(std::size_t count) {
  auto* memory = static_cast<T*>(fftw_malloc(sizeof(T) * std::max<std::size_t>(count, 1)));
  if (!memory) throw std::bad_alloc();
  return FftwBuffer<T>(memory);
}

}  // namespace radstudy::core
