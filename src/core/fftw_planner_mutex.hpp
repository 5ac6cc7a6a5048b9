#pragma once
#include <mutex>

namespace radstudy::core {

// FFTW's planner (plan creation and destruction) is not thread-safe; executing a plan is. Every FFTW user
// in radstudy plans under this one mutex (cases run in parallel, one thread each).
inline std::mutex& fftw_planner_mutex() {
  static std::mutex mutex;
  return mutex;
}

}  // namespace radstudy::core
