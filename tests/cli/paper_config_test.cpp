// configs/paper.yaml on the 51 STS cases: the seed paper's feature set from tumour and ring.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "cli/cli_runner.hpp"
#include "core/csv.hpp"

namespace fs = std::filesystem;
using radstudy::testing::fresh_directory;
using radstudy::testing::run_radstudy;
using radstudy::testing::shared_dir;
using radstudy::testing::shell_quoted;

namespace {

TEST(PaperConfig, StsCohortGivesAtLeast2458ColumnsWithoutErrorsAndUnderOnePercentNaN) {
  RADSTUDY_REQUIRE_SHARED("data/sts/STS_051/ct_image.nii.gz");
  const auto directory = fresh_directory("paper_config");
  std::ofstream manifest(directory / "cases.csv");
  manifest << "id,image,mask\n";
  for (int index = 1; index <= 51; ++index) {
    char id[16];
    std::snprintf(id, sizeof id, "STS_%03d", index);
    const auto folder = shared_dir() / "data/sts" / id;
    manifest << id << "," << (folder / "ct_image.nii.gz").string() << ","
             << (folder / "ct_mask.nii.gz").string() << "\n";
  }
  manifest.close();
  const auto params = fs::path(RADSTUDY_SOURCE_DIR) / "configs/paper.yaml";
  const auto run =
      run_radstudy("extract --manifest " + shell_quoted(directory / "cases.csv") + " --params " +
                   shell_quoted(params) + " --jobs 2 --out " + shell_quoted(directory / "paper.csv"));
  ASSERT_EQ(run.exit_code, 0) << run.output.substr(0, 4000);
  const auto table = radstudy::core::read_csv((directory / "paper.csv").string());
  ASSERT_EQ(table.rows.size(), 51u);
  const std::size_t feature_columns = table.header.size() - 2;  // id and error
  EXPECT_GE(feature_columns, 2458u);
  const int error_column = table.column("error");
  std::size_t missing = 0, values = 0;
  for (const auto& row : table.rows) {
    EXPECT_EQ(row[error_column], "") << row[0];
    for (std::size_t k = 1; k < row.size(); ++k) {
      if (static_cast<int>(k) == error_column) continue;
      ++values;
      missing += row[k] == "NaN";
    }
  }
  const double nan_fraction = static_cast<double>(missing) / static_cast<double>(values);
  std::printf("configs/paper.yaml on 51 STS cases: %zu feature columns, %zu of %zu values NaN (%.3f%%)\n",
              feature_columns, missing, values, 100 * nan_fraction);
  EXPECT_LT(nan_fraction, 0.01);
}

}  // namespace
