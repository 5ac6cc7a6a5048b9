// `radstudy extract` with settings that are out of their domain (refused when read) or that would
// cost too much on the case at hand (refused before allocating): exit 2 for one case, an error row
// in a batch, the key named, no earlier output replaced (issue 10, "Input integrity").
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <string>

#include "cli/cli_runner.hpp"
#include "cli/synthetic_case_files.hpp"
#include "core/csv.hpp"
#include "core/data_table.hpp"
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

constexpr const char* kEarlierOutput = "id,earlier\nP0,1\n";

using CaseFiles = radstudy::testing::SyntheticCaseFiles;

// A small synthetic case in `directory`; `edit` may change the image's voxels inside the region.
template <typename Edit>
CaseFiles write_case(const fs::path& directory, Edit edit, int index = 0) {
  return radstudy::testing::write_synthetic_case(directory, edit, index);
}
CaseFiles write_case(const fs::path& directory, int index = 0) {
  return write_case(
      directory, [](auto&, auto&) {}, index);
}

// Sets `count` region voxels (the first ones in storage order) to `value`.
void set_region_voxels(core::IntensityImage& image, const core::Mask& mask, int count, float value) {
  for (std::size_t k = 0; k < mask.voxels().size() && count > 0; ++k)
    if (mask.voxels()[k]) {
      image.voxels()[k] = value;
      --count;
    }
}

fs::path write_params(const fs::path& directory, const std::string& name, const std::string& text) {
  const auto path = directory / name;
  std::ofstream(path) << text;
  return path;
}

// `radstudy extract` of one case into directory/out.csv, which holds an earlier table beforehand.
CommandResult extract_over_earlier_output(const fs::path& directory, const CaseFiles& files,
                                          const fs::path& params) {
  std::ofstream(directory / "out.csv") << kEarlierOutput;
  return run_radstudy("extract --image " + shell_quoted(files.image) + " --mask " + shell_quoted(files.mask) +
                      " --params " + shell_quoted(params) + " --case-id P1 --out " +
                      shell_quoted(directory / "out.csv"));
}

// The run ended with `exit_code`, its output names each of `mentions`, and out.csv is the earlier table.
void expect_refused(const fs::path& directory, const CommandResult& result, int exit_code,
                    std::initializer_list<std::string> mentions) {
  EXPECT_EQ(result.exit_code, exit_code) << result.output;
  for (const auto& mention : mentions)
    EXPECT_NE(result.output.find(mention), std::string::npos)
        << "'" << mention << "' not in: " << result.output;
  EXPECT_EQ(read_text(directory / "out.csv"), kEarlierOutput) << "the earlier output was replaced";
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TEST(ExtractBadSettings, OutOfDomainSettingsAreUsageErrorsNamingTheKey) {
  const auto directory = fresh_directory("bad_settings_domain");
  const auto files = write_case(directory / "case");
  const std::pair<const char*, const char*> rows[] = {
      {"binWidth: .nan", "binWidth"},
      {"binCount: 100000", "binCount"},
      {"ivhBinWidth: 0", "ivhBinWidth"},
      {"ivhBinCount: 0", "ivhBinCount"},
      {"ivhBinCount: 2000000000", "ivhBinCount"},
      {"distances: []", "distances"},
      {"normalizeScale: 0", "normalizeScale"},
      {"resegmentRange: [100, -100]", "resegmentRange"},
      {"voxelArrayShift: 1e308", "voxelArrayShift"},
  };
  for (const auto& [setting, key] : rows) {
    const auto params = write_params(
        directory, "params.yaml", std::string("featureClass:\n  firstorder:\nsetting:\n  ") + setting + "\n");
    SCOPED_TRACE(setting);
    expect_refused(directory, extract_over_earlier_output(directory, files, params), 2,
                   {std::string("'") + key + "'", "params.yaml"});
  }
}

TEST(ExtractBadSettings, ParamsThatIsADirectoryIsAnError) {
  const auto directory = fresh_directory("bad_settings_params_directory");
  const auto files = write_case(directory / "case");
  fs::create_directories(directory / "params_dir");
  expect_refused(directory, extract_over_earlier_output(directory, files, directory / "params_dir"), 2,
                 {"params_dir", "directory"});
}

TEST(ExtractBadSettings, TinyBinWidthIsRefusedBeforeDiscretising) {
  const auto directory = fresh_directory("bad_settings_tiny_bin");
  const auto files = write_case(directory / "case");
  for (const char* width : {"1e-300", "1e-6"}) {
    SCOPED_TRACE(width);
    const auto start = std::chrono::steady_clock::now();
    const auto params = write_params(
        directory, "params.yaml",
        std::string("featureClass:\n  firstorder:\n  glcm:\nsetting:\n  binWidth: ") + width + "\n");
    expect_refused(directory, extract_over_earlier_output(directory, files, params), 2,
                   {"'binWidth'", "grey levels", "use binWidth >="});
    EXPECT_LT(seconds_since(start), 20.0);
  }
}

TEST(ExtractBadSettings, AFewExtremeVoxelsWithBinWidthOneAreRefused) {
  const auto directory = fresh_directory("bad_settings_extreme_voxels");
  const auto files = write_case(directory / "case", [](core::IntensityImage& image, const core::Mask& mask) {
    set_region_voxels(image, mask, 3, 3.0e7f);
  });
  const auto params = write_params(directory, "params.yaml",
                                   "featureClass:\n  firstorder:\n  glcm:\nsetting:\n  binWidth: 1\n");
  const auto start = std::chrono::steady_clock::now();
  expect_refused(directory, extract_over_earlier_output(directory, files, params), 2,
                 {"'binWidth'", "grey levels", "resegmentRange"});
  EXPECT_LT(seconds_since(start), 20.0);
}

TEST(ExtractBadSettings, TextureMatricesBeyondTheBudgetNameTheClassAndAFittingBinWidth) {
  // 20,001 grey levels: within the discretisation limit, but glcm's matrices would need tens of GB.
  const auto directory = fresh_directory("bad_settings_glcm_budget");
  const auto files = write_case(directory / "case", [](core::IntensityImage& image, const core::Mask& mask) {
    set_region_voxels(image, mask, 1, 20000.0f);
  });
  const auto glcm = write_params(directory, "glcm.yaml", "featureClass:\n  glcm:\nsetting:\n  binWidth: 1\n");
  expect_refused(directory, extract_over_earlier_output(directory, files, glcm), 2,
                 {"'binWidth'", "glcm", "use binWidth >="});
  // The same grey levels are fine for first order (a histogram of 20,001 bins).
  const auto first_order =
      write_params(directory, "firstorder.yaml", "featureClass:\n  firstorder:\nsetting:\n  binWidth: 1\n");
  const auto result = extract_over_earlier_output(directory, files, first_order);
  EXPECT_EQ(result.exit_code, 0) << result.output;
}

TEST(ExtractBadSettings, HugeDistancesAreRefusedForEveryNeighbourhoodClass) {
  const auto directory = fresh_directory("bad_settings_distances");
  const auto files = write_case(directory / "case");
  for (const char* family : {"glcm", "gldm", "ngtdm", "cm", "ngl", "ngt"}) {
    SCOPED_TRACE(family);
    const auto start = std::chrono::steady_clock::now();
    const auto params = write_params(directory, "params.yaml",
                                     std::string("featureClass:\n  ") + family +
                                         ":\nsetting:\n  binWidth: 25\n  distances: [1000000000]\n");
    expect_refused(directory, extract_over_earlier_output(directory, files, params), 2,
                   {"'distances'", "1000000000", family});
    EXPECT_LT(seconds_since(start), 20.0);
  }
  // A distance beyond the region next to a usable one: PyRadiomics drops it, and so does radstudy.
  const auto mixed = write_params(directory, "mixed.yaml",
                                  "featureClass:\n  glcm:\nsetting:\n  distances: [1, 1000000000]\n");
  const auto result = extract_over_earlier_output(directory, files, mixed);
  EXPECT_EQ(result.exit_code, 0) << result.output;
}

TEST(ExtractBadSettings, TinyIvhBinWidthIsRefused) {
  const auto directory = fresh_directory("bad_settings_ivh");
  const auto files = write_case(directory / "case");
  const auto start = std::chrono::steady_clock::now();
  const auto params =
      write_params(directory, "params.yaml", "featureClass:\n  ivh:\nsetting:\n  ivhBinWidth: 1e-9\n");
  expect_refused(directory, extract_over_earlier_output(directory, files, params), 2,
                 {"'ivhBinWidth'", "1e-09", "use ivhBinWidth >="});
  EXPECT_LT(seconds_since(start), 20.0);
}

TEST(ExtractBadSettings, Force2DOnAMultiSliceRegionGivesSliceTextureAndUndefinedShape2D) {
  const auto directory = fresh_directory("bad_settings_force2d");
  const auto files = write_case(directory / "case");
  // PyRadiomics computes force2D texture slice by slice: accepted, with finite values.
  const auto texture = write_params(directory, "texture.yaml",
                                    "featureClass:\n  glcm:\n  glrlm:\nsetting:\n  force2D: true\n");
  auto result = extract_over_earlier_output(directory, files, texture);
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto table = core::parse_csv(read_text(directory / "out.csv"), "out.csv");
  ASSERT_EQ(table.rows.size(), 1u);
  int numbers = 0;
  for (std::size_t c = 0; c < table.header.size(); ++c)
    if (table.header[c].rfind("original_", 0) == 0) {
      EXPECT_TRUE(std::isfinite(std::stod(table.rows[0][c]))) << table.header[c];
      ++numbers;
    }
  EXPECT_GT(numbers, 20);
  // shape2D describes one slice and the region spans several: PyRadiomics skips it, radstudy writes NaN.
  const auto shape =
      write_params(directory, "shape2d.yaml", "featureClass:\n  shape2D:\nsetting:\n  force2D: true\n");
  result = extract_over_earlier_output(directory, files, shape);
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto shape_table = core::parse_csv(read_text(directory / "out.csv"), "out.csv");
  int undefined = 0;
  for (std::size_t c = 0; c < shape_table.header.size(); ++c)
    if (shape_table.header[c].rfind("original_shape2D_", 0) == 0) {
      EXPECT_EQ(shape_table.rows[0][c], "NaN") << shape_table.header[c];
      ++undefined;
    }
  EXPECT_EQ(undefined, 9);
}

TEST(ExtractBadSettings, BatchCaseBeyondTheCostLimitIsAnErrorRowAndTheOthersAreExtracted) {
  const auto directory = fresh_directory("bad_settings_batch");
  std::string manifest = "id,image,mask\n";
  for (int index = 0; index < 3; ++index) {
    const std::string id = "C" + std::to_string(index);
    write_case(
        directory / id,
        [&](core::IntensityImage& image, const core::Mask& mask) {
          if (index == 1) set_region_voxels(image, mask, 2, 5.0e6f);  // 5 million grey levels at binWidth 1
        },
        index);
    manifest += id + "," + id + "/image.nii.gz," + id + "/mask.nii.gz\n";
  }
  std::ofstream(directory / "manifest.csv") << manifest;
  const auto params = write_params(directory, "params.yaml",
                                   "featureClass:\n  firstorder:\n  glcm:\nsetting:\n  binWidth: 1\n");
  const auto result =
      run_radstudy("extract --manifest " + shell_quoted(directory / "manifest.csv") + " --params " +
                   shell_quoted(params) + " --jobs 2 --out " + shell_quoted(directory / "out.csv"));
  EXPECT_EQ(result.exit_code, 3) << result.output;
  const auto table = core::parse_csv(read_text(directory / "out.csv"), "out.csv");
  ASSERT_EQ(table.rows.size(), 3u);
  const int error = table.column("error");
  const int mean = table.column("original_firstorder_Mean");
  const int contrast = table.column("original_glcm_Contrast");
  ASSERT_GE(error, 0);
  for (int row : {0, 2}) {
    EXPECT_EQ(table.rows[row][error], "") << table.rows[row][0];
    EXPECT_NE(table.rows[row][mean], "");
    EXPECT_NE(table.rows[row][contrast], "");
  }
  EXPECT_NE(table.rows[1][error].find("C1"), std::string::npos) << table.rows[1][error];
  EXPECT_NE(table.rows[1][error].find("'binWidth'"), std::string::npos) << table.rows[1][error];
  EXPECT_EQ(table.rows[1][mean], "");
}
