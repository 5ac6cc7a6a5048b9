#pragma once
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "core/csv.hpp"
#include "golden_values.hpp"
#include "stats/golden_comparison.hpp"

namespace radstudy::testing {

// Golden files written by tests/golden/table1/make_golden.R.
inline std::filesystem::path table1_golden_dir() {
  return std::filesystem::path(RADSTUDY_SOURCE_DIR) / "tests" / "golden" / "table1";
}

inline core::CsvTable read_table1_golden(const std::string& name) {
  return core::read_csv((table1_golden_dir() / name).string());
}

}  // namespace radstudy::testing
