#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <string>

#include "cli/cli_runner.hpp"
#include "cli/synthetic_case_files.hpp"
#include "core/csv.hpp"
#include "io/image_io.hpp"
#include "study/synthetic_cohort.hpp"

namespace fs = std::filesystem;
using namespace radstudy;
using radstudy::testing::CommandResult;
using radstudy::testing::fresh_directory;
using radstudy::testing::read_text;
using radstudy::testing::run_radstudy;
using radstudy::testing::shell_quoted;

namespace {

using CaseFiles = radstudy::testing::SyntheticCaseFiles;
using radstudy::testing::kFirstOrderParams;

CaseFiles write_case(const fs::path& directory, int index = 0) {
  return radstudy::testing::write_synthetic_case(directory, index);
}

fs::path write_params(const fs::path& directory) {
  return radstudy::testing::write_first_order_params(directory);
}

// `radstudy extract` on one image and mask with `params` and further `options`, into directory/out.csv.
CommandResult extract_case(const fs::path& directory, const fs::path& image, const fs::path& mask,
                           const fs::path& params, const std::string& options = "") {
  return run_radstudy("extract --image " + shell_quoted(image) + " --mask " + shell_quoted(mask) +
                      " --params " + shell_quoted(params) + " " + options + " --out " +
                      shell_quoted(directory / "out.csv"));
}

// The run ended with `exit_code` and its output names each of `mentions`.
void expect_failure(const CommandResult& result, int exit_code, std::initializer_list<std::string> mentions) {
  EXPECT_EQ(result.exit_code, exit_code) << result.output;
  for (const auto& mention : mentions)
    EXPECT_NE(result.output.find(mention), std::string::npos)
        << "'" << mention << "' not in: " << result.output;
}

}  // namespace

TEST(ExtractBadInput, MissingImageNamesTheFile) {
  const auto directory = fresh_directory("missing_image");
  const auto files = write_case(directory);
  expect_failure(
      extract_case(directory, directory / "nope.nii.gz", files.mask, write_params(directory), "--case-id P1"),
      1, {"nope.nii.gz", "P1"});
  EXPECT_FALSE(fs::exists(directory / "out.csv"));
}

TEST(ExtractBadInput, CorruptImageIsAnError) {
  const auto directory = fresh_directory("corrupt_image");
  const auto files = write_case(directory);
  std::ofstream(directory / "corrupt.nii.gz") << "this is not an image";
  expect_failure(extract_case(directory, directory / "corrupt.nii.gz", files.mask, write_params(directory)),
                 1, {"corrupt.nii.gz"});
}

TEST(ExtractBadInput, MaskOffTheImageGrid) {
  const auto directory = fresh_directory("off_grid");
  const auto files = write_case(directory);
  auto mask = io::read_label_mask(files.mask.string(), 1);
  mask.geometry().origin[0] += 7.5;
  io::write_mask(mask, (directory / "shifted.nii.gz").string());
  expect_failure(extract_case(directory, files.image, directory / "shifted.nii.gz", write_params(directory)),
                 1, {"grid"});
}

TEST(ExtractBadInput, AbsentLabelAndEmptyRegion) {
  const auto directory = fresh_directory("absent_label");
  const auto files = write_case(directory);
  expect_failure(extract_case(directory, files.image, files.mask, write_params(directory), "--label 7"), 1,
                 {"label 7"});

  auto empty = io::read_label_mask(files.mask.string(), 1);
  std::fill(empty.voxels().begin(), empty.voxels().end(), 0);
  io::write_mask(empty, (directory / "empty.nii.gz").string());
  expect_failure(extract_case(directory, files.image, directory / "empty.nii.gz", write_params(directory)), 1,
                 {"empty.nii.gz"});
}

TEST(ExtractBadInput, OneVoxelRegionIsAnError) {
  const auto directory = fresh_directory("one_voxel");
  const auto files = write_case(directory);
  auto mask = io::read_label_mask(files.mask.string(), 1);
  std::fill(mask.voxels().begin(), mask.voxels().end(), 0);
  mask.at(20, 20, 8) = 1;
  io::write_mask(mask, (directory / "one.nii.gz").string());
  expect_failure(extract_case(directory, files.image, directory / "one.nii.gz", write_params(directory)), 1,
                 {"voxel"});
}

TEST(ExtractBadInput, NaNInTheImage) {
  const auto directory = fresh_directory("nan_image");
  const auto files = write_case(directory);
  auto image = io::read_image(files.image.string());
  image.at(3, 3, 3) = std::nanf("");
  io::write_image(image, (directory / "nan.nii.gz").string());
  expect_failure(extract_case(directory, directory / "nan.nii.gz", files.mask, write_params(directory)), 1,
                 {"NaN"});
}

TEST(ExtractBadInput, UnknownParameterKeyIsAUsageError) {
  const auto directory = fresh_directory("bad_params");
  const auto files = write_case(directory);
  std::ofstream(directory / "bad.yaml") << "setting:\n  binWdth: 25\n";
  expect_failure(extract_case(directory, files.image, files.mask, directory / "bad.yaml"), 2,
                 {"binWdth", "bad.yaml"});
}

TEST(ExtractBatch, BrokenCaseBecomesAnErrorRowAndTheOthersComplete) {
  const auto directory = fresh_directory("batch");
  std::string manifest = "id,image,mask\n";
  for (int index = 0; index < 4; ++index) {
    const auto case_directory = directory / ("case" + std::to_string(index));
    fs::create_directories(case_directory);
    write_case(case_directory, index);
    manifest += "C" + std::to_string(index) + ",case" + std::to_string(index) + "/image.nii.gz,case" +
                std::to_string(index) + "/mask.nii.gz\n";
  }
  manifest += "BROKEN,missing/image.nii.gz,case0/mask.nii.gz\n";
  std::ofstream(directory / "manifest.csv") << manifest;
  const auto params = write_params(directory);

  // An existing output is kept whole when a run fails before writing.
  std::ofstream(directory / "keep.csv") << "precious\n";
  auto failed = run_radstudy("extract --manifest " + shell_quoted(directory / "manifest.csv") + " --params " +
                             shell_quoted(directory / "nonexistent.yaml") + " --out " +
                             shell_quoted(directory / "keep.csv"));
  EXPECT_NE(failed.exit_code, 0);
  EXPECT_EQ(read_text(directory / "keep.csv"), "precious\n");

  std::string outputs[2];
  for (int jobs : {1, 2}) {
    const auto out = directory / ("out" + std::to_string(jobs) + ".csv");
    const auto result = run_radstudy("extract --manifest " + shell_quoted(directory / "manifest.csv") +
                                     " --params " + shell_quoted(params) + " --jobs " + std::to_string(jobs) +
                                     " --out " + shell_quoted(out));
    EXPECT_EQ(result.exit_code, 3) << result.output;
    EXPECT_NE(result.output.find("[5/5]"), std::string::npos) << result.output;
    outputs[jobs - 1] = read_text(out);
  }
  EXPECT_EQ(outputs[0], outputs[1]) << "output differs between --jobs 1 and --jobs 2";
  const auto table = core::parse_csv(outputs[0], "out.csv");
  ASSERT_EQ(table.rows.size(), 5u);
  const int error_column = table.column("error");
  ASSERT_GE(error_column, 0);
  for (int row = 0; row < 4; ++row) {
    EXPECT_EQ(table.rows[row][error_column], "") << table.rows[row][0];
    EXPECT_NE(table.rows[row][table.column("original_firstorder_Mean")], "");
  }
  EXPECT_NE(table.rows[4][error_column].find("BROKEN"), std::string::npos);
  EXPECT_NE(table.rows[4][error_column].find("missing/image.nii.gz"), std::string::npos);
}
