#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "cli/cli_runner.hpp"
#include "io/image_io.hpp"

namespace fs = std::filesystem;
using radstudy::testing::fresh_directory;
using radstudy::testing::run_radstudy;
using radstudy::testing::shared_dir;
using radstudy::testing::shell_quoted;

namespace {

TEST(FilterCommand, OriginalAloneWritesTheProcessedImageOnItsGrid) {
  RADSTUDY_REQUIRE_SHARED("data/ibsi2/digital_phantoms/checkerboard/image.nii.gz");
  const auto directory = fresh_directory("filter_original");
  const auto image = shared_dir() / "data/ibsi2/digital_phantoms/checkerboard/image.nii.gz";
  std::ofstream(directory / "original.yaml") << "imageType:\n  Original: {}\n";
  const auto run = run_radstudy("filter --image " + shell_quoted(image) + " --params " +
                                shell_quoted(directory / "original.yaml") + " --out " +
                                shell_quoted(directory / "out.nii.gz"));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const auto input = radstudy::io::read_image(image.string());
  const auto output = radstudy::io::read_image((directory / "out.nii.gz").string());
  EXPECT_EQ(output.size(), input.size());
  EXPECT_EQ(output.voxels(), input.voxels());
  // Nothing but the output in the folder: the temporary file was renamed.
  int entries = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(directory)) ++entries;
  EXPECT_EQ(entries, 2);
}

TEST(FilterCommand, SettingsAndOutputNameAreCheckedBeforeTheImageIsRead) {
  const auto directory = fresh_directory("filter_errors");
  std::ofstream(directory / "unknown.yaml") << "imageType:\n  Sharpen: {}\n";
  std::ofstream(directory / "option.yaml") << "imageType:\n  Original: {sigma_typo: 1}\n";
  const std::string missing_image = shell_quoted(directory / "missing.nii.gz");
  auto run = run_radstudy("filter --image " + missing_image + " --params " +
                          shell_quoted(directory / "unknown.yaml") + " --out " +
                          shell_quoted(directory / "out.nii.gz"));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.output.find("imageType 'Sharpen' is unknown; image types are Original"), std::string::npos)
      << run.output;
  run = run_radstudy("filter --image " + missing_image + " --params " +
                     shell_quoted(directory / "option.yaml") + " --out " +
                     shell_quoted(directory / "out.nii.gz"));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.output.find("imageType 'Original': unknown option 'sigma_typo'"), std::string::npos)
      << run.output;
  run =
      run_radstudy("filter --image " + missing_image + " --params " +
                   shell_quoted(directory / "option.yaml") + " --out " + shell_quoted(directory / "out.png"));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.output.find("give a .nii.gz, .nii, .nrrd or .mha file name"), std::string::npos)
      << run.output;
  EXPECT_FALSE(fs::exists(directory / "out.nii.gz"));
}

}  // namespace
