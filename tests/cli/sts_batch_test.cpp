#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "cli/cli_runner.hpp"
#include "core/csv.hpp"

namespace fs = std::filesystem;
using namespace radstudy;
using radstudy::testing::fresh_directory;
using radstudy::testing::read_text;
using radstudy::testing::run_radstudy;
using radstudy::testing::shared_dir;

// Acceptance 4 of issue 2: the 51 STS cases in one call with --jobs 2, a broken case among them
// becomes an error row, and the output is byte-identical to --jobs 1.
TEST(StsBatch, AllCasesWithTwoJobsMatchOneJobByteForByte) {
  RADSTUDY_REQUIRE_SHARED("data/sts/STS_051/ct_image.nii.gz");
  const auto directory = fresh_directory("sts_batch");
  std::string manifest = "id,image,mask\n";
  int cases = 0;
  for (int index = 1; index <= 51; ++index) {
    char id[16];
    std::snprintf(id, sizeof id, "STS_%03d", index);
    const auto folder = shared_dir() / "data/sts" / id;
    manifest += std::string(id) + "," + (folder / "ct_image.nii.gz").string() + "," +
                (folder / "ct_mask.nii.gz").string() + "\n";
    ++cases;
  }
  // A broken case in the middle: its image is the mask of another grid.
  manifest += "BROKEN," + (shared_dir() / "data/sts/STS_001/ct_image.nii.gz").string() + "," +
              (shared_dir() / "data/sts/STS_002/ct_mask.nii.gz").string() + "\n";
  std::ofstream(directory / "manifest.csv") << manifest;
  const auto params = shared_dir() / "reference/pyradiomics/params_sts_original.yaml";

  std::string outputs[2];
  for (int jobs : {2, 1}) {
    const auto out = directory / ("features_jobs" + std::to_string(jobs) + ".csv");
    const auto result = run_radstudy("extract --manifest \"" + (directory / "manifest.csv").string() +
                                     "\" --params \"" + params.string() + "\" --jobs " + std::to_string(jobs) +
                                     " --out \"" + out.string() + "\"");
    EXPECT_EQ(result.exit_code, 3) << result.output;
    EXPECT_NE(result.output.find("[52/52]"), std::string::npos) << result.output;
    outputs[jobs - 1] = read_text(out);
  }
  EXPECT_EQ(outputs[0], outputs[1]) << "--jobs 2 and --jobs 1 differ";

  const auto table = core::parse_csv(outputs[1], "features_jobs2.csv");
  ASSERT_EQ(table.rows.size(), static_cast<std::size_t>(cases + 1));
  const int error = table.column("error");
  ASSERT_GE(error, 0);
  for (int row = 0; row < cases; ++row) EXPECT_EQ(table.rows[row][error], "") << table.rows[row][0];
  const auto& broken = table.rows.back();
  EXPECT_EQ(broken[0], "BROKEN");
  EXPECT_NE(broken[error].find("BROKEN"), std::string::npos) << broken[error];
  EXPECT_NE(broken[error].find("grid"), std::string::npos) << broken[error];
}
