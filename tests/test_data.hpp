#pragma once
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace radstudy::testing {

// The shared reference data beside the repository (../shared). Under CI (CI=true) it must exist.
inline std::filesystem::path shared_dir() {
  if (const char* override_dir = std::getenv("RADSTUDY_SHARED")) return override_dir;
  return std::filesystem::path(RADSTUDY_SOURCE_DIR).parent_path() / "shared";
}

inline bool running_in_ci() {
  const char* ci = std::getenv("CI");
  return ci && std::string(ci) == "true";
}

// Skips the test (or fails it under CI) when a shared file is missing.
#define RADSTUDY_REQUIRE_SHARED(relative_path)                                                          \
  do {                                                                                                  \
    const auto required_path = ::radstudy::testing::shared_dir() / (relative_path);                     \
    if (!std::filesystem::exists(required_path)) {                                                      \
      if (::radstudy::testing::running_in_ci()) FAIL() << "missing reference data: " << required_path;  \
      GTEST_SKIP() << "reference data not found (" << required_path << "); set RADSTUDY_SHARED";        \
    }                                                                                                   \
  } while (0)

inline std::string binary_path() { return RADSTUDY_BINARY; }

}  // namespace radstudy::testing
