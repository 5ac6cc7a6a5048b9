// Every input the fuzzers ever found to crash, leak or hang (fuzz/regressions/<target>/), replayed through
// the same target functions: each must now end in one of radstudy's own errors or a result.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fuzz_targets.hpp"

namespace fs = std::filesystem;

TEST(FuzzRegressions, KeptInputsEndInRadstudysOwnErrors) {
  const fs::path root = fs::path(RADSTUDY_SOURCE_DIR) / "fuzz/regressions";
  std::size_t replayed = 0;
  for (const auto& target : radstudy::fuzz::all_targets()) {
    const fs::path folder = root / target.name;
    ASSERT_TRUE(fs::is_directory(folder)) << folder;
    for (const auto& entry : fs::directory_iterator(folder)) {
      if (!entry.is_regular_file() || entry.path().filename().string().starts_with(".")) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
      SCOPED_TRACE(entry.path().string());
      EXPECT_NO_THROW(target.run(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
      ++replayed;
    }
  }
  std::printf("replayed %zu kept fuzzer inputs\n", replayed);
}
