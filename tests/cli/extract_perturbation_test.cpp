#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "cli/cli_runner.hpp"
#include "core/atomic_output.hpp"
#include "core/csv.hpp"
#include "golden_values.hpp"
#include "study/synthetic_cohort.hpp"

namespace fs = std::filesystem;

namespace radstudy::testing {
namespace {

const char* kVariants[] = {"erode", "dilate", "shift_2mm", "noise_20"};

// A seeded synthetic cohort of 8 cases, small volumes.
fs::path write_cohort(const fs::path& directory) {
  study::SyntheticCohortOptions options;
  options.cases = 8;
  options.size = {56, 56, 18};
  return study::write_synthetic_cohort((directory / "cohort").string(), options);
}

std::string perturbed_extract(const fs::path& manifest, const fs::path& out, const std::string& extra) {
  fs::create_directories(out);
  return "extract --manifest " + shell_quoted(manifest) + " --out " + shell_quoted(out / "features.csv") +
         " --perturb erode,dilate,shift:2,noise:20 " + extra;
}

// The column `name` of a feature table, by case id.
std::map<std::string, double> column_by_id(const fs::path& table_path, const std::string& name) {
  const auto table = core::read_csv(table_path.string());
  const int column = table.column(name);
  std::map<std::string, double> values;
  for (const auto& row : table.rows) values[row[0]] = golden_number(row[static_cast<std::size_t>(column)]);
  return values;
}

class ExtractPerturbation : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    directory_ = fresh_directory("extract_perturbation");
    manifest_ = write_cohort(directory_);
    const auto result = run_radstudy(perturbed_extract(manifest_, directory_ / "jobs1", "--jobs 1"));
    ASSERT_EQ(result.exit_code, 0) << result.output;
    output_ = result.output;
  }
  static fs::path directory_, manifest_;
  static std::string output_;
  fs::path run1() const { return directory_ / "jobs1"; }
  fs::path perturbed1() const { return run1() / "features_perturbations"; }
};
fs::path ExtractPerturbation::directory_, ExtractPerturbation::manifest_;
std::string ExtractPerturbation::output_;

TEST_F(ExtractPerturbation, WritesOneTablePerPerturbationAndTheOriginalUnchanged) {
  for (const auto* variant : kVariants)
    EXPECT_TRUE(fs::exists(perturbed1() / (std::string(variant) + ".csv"))) << variant;
  // The original table is the plain extraction's, byte for byte.
  const auto plain = run_radstudy("extract --manifest " + shell_quoted(manifest_) + " --out " +
                                  shell_quoted(directory_ / "plain.csv"));
  ASSERT_EQ(plain.exit_code, 0) << plain.output;
  EXPECT_EQ(read_text(run1() / "features.csv"), read_text(directory_ / "plain.csv"));

  const auto volume = column_by_id(run1() / "features.csv", "original_shape_VoxelVolume");
  const auto eroded = column_by_id(perturbed1() / "erode.csv", "original_shape_VoxelVolume");
  const auto dilated = column_by_id(perturbed1() / "dilate.csv", "original_shape_VoxelVolume");
  const auto shifted = column_by_id(perturbed1() / "shift_2mm.csv", "original_shape_VoxelVolume");
  const auto noisy = column_by_id(perturbed1() / "noise_20.csv", "original_shape_VoxelVolume");
  const auto noisy_mean = column_by_id(perturbed1() / "noise_20.csv", "original_firstorder_Mean");
  const auto mean = column_by_id(run1() / "features.csv", "original_firstorder_Mean");
  ASSERT_EQ(volume.size(), 8u);
  for (const auto& [id, value] : volume) {
    EXPECT_LT(eroded.at(id), value) << id;
    EXPECT_GT(dilated.at(id), value) << id;
    EXPECT_EQ(shifted.at(id), value) << id << ": the lesion lies well inside the image";
    EXPECT_EQ(noisy.at(id), value) << id << ": noise leaves the mask alone";
    EXPECT_NE(noisy_mean.at(id), mean.at(id)) << id;
    EXPECT_NEAR(noisy_mean.at(id), mean.at(id), 5.0) << id;
  }
  // The record of what was done: voxel counts agree with the tables (synthetic voxels are 0.8 x 0.8 x 2.5
  // mm).
  const auto log = core::read_csv((perturbed1() / "perturbations.csv").string());
  EXPECT_EQ(log.header, (std::vector<std::string>{"id", "perturbation", "amount", "voxels_before",
                                                  "voxels_after", "shift_x", "shift_y", "shift_z", "error"}));
  ASSERT_EQ(log.rows.size(), 8u * 4u);
  for (const auto& row : log.rows) {
    const double voxel = 0.8 * 0.8 * 2.5;
    EXPECT_NEAR(std::stod(row[3]) * voxel, volume.at(row[0]), 1e-3 * volume.at(row[0]));
    if (row[1] == "erode") {
      EXPECT_NEAR(std::stod(row[4]) * voxel, eroded.at(row[0]), 1e-3 * eroded.at(row[0]));
    }
    if (row[1] == "shift_2mm") {
      const double length =
          std::hypot(std::stod(row[5]) * 0.8, std::stod(row[6]) * 0.8, std::stod(row[7]) * 2.5);
      EXPECT_GT(length, 0.5);
      EXPECT_LT(length, 3.5);
    }
    EXPECT_EQ(row[8], "");
  }
}

TEST_F(ExtractPerturbation, IccEqualsTheIccCommandOnTheWrittenTables) {
  EXPECT_NE(output_.find("features kept (ICC1 estimate >= 0.9)"), std::string::npos) << output_;
  std::string tables = shell_quoted(run1() / "features.csv");
  for (const auto* variant : kVariants)
    tables += " " + shell_quoted(perturbed1() / (std::string(variant) + ".csv"));
  const auto icc =
      run_radstudy("icc --features " + tables + " --id-column id --type ICC1 --threshold 0.9 --out " +
                   shell_quoted(directory_ / "icc_command"));
  ASSERT_EQ(icc.exit_code, 0) << icc.output;
  const auto expected = read_text(directory_ / "icc_command" / "icc.csv");
  EXPECT_EQ(read_text(perturbed1() / "icc.csv"), expected);
  const auto table = core::read_csv((perturbed1() / "icc.csv").string());
  EXPECT_GT(table.rows.size(), 50u);
  int kept = 0;
  for (const auto& row : table.rows) kept += row[4] == "true";
  EXPECT_GT(kept, 0);
  EXPECT_LT(kept, static_cast<int>(table.rows.size())) << "mask perturbations must move some features";
}

TEST_F(ExtractPerturbation, SameSeedSameBytesWhateverTheJobs) {
  const auto result = run_radstudy(perturbed_extract(manifest_, directory_ / "jobs2", "--jobs 2"));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto other_folder = directory_ / "jobs2" / "features_perturbations";
  EXPECT_EQ(core::run_manifest_entries(perturbed1()), core::run_manifest_entries(other_folder));
  for (const auto& entry : fs::directory_iterator(perturbed1())) {
    if (entry.path().filename() == core::kOutputMarker) continue;  // its command line names the other folder
    EXPECT_EQ(read_text(entry.path()), read_text(other_folder / entry.path().filename()))
        << entry.path().filename();
  }
  // Another seed moves the random perturbations only.
  const auto reseeded =
      run_radstudy(perturbed_extract(manifest_, directory_ / "seed2", "--perturb-seed 2 --jobs 2"));
  ASSERT_EQ(reseeded.exit_code, 0) << reseeded.output;
  const auto seeded = directory_ / "seed2" / "features_perturbations";
  EXPECT_EQ(read_text(seeded / "erode.csv"), read_text(perturbed1() / "erode.csv"));
  EXPECT_NE(read_text(seeded / "noise_20.csv"), read_text(perturbed1() / "noise_20.csv"));
  EXPECT_NE(read_text(seeded / "perturbations.csv"), read_text(perturbed1() / "perturbations.csv"));
}

TEST_F(ExtractPerturbation, BadSpecificationsAndFailedPerturbationsAreClear) {
  const auto out = directory_ / "bad";
  fs::create_directories(out);
  auto unknown = run_radstudy("extract --manifest " + shell_quoted(manifest_) + " --out " +
                              shell_quoted(out / "f.csv") + " --perturb erode,blur");
  EXPECT_NE(unknown.exit_code, 0);
  EXPECT_NE(unknown.output.find("unknown perturbation 'blur'"), std::string::npos) << unknown.output;
  EXPECT_FALSE(fs::exists(out / "f.csv"));

  auto single = run_radstudy("extract --image x.nii.gz --mask y.nii.gz --out " + shell_quoted(out / "f.csv") +
                             " --perturb erode");
  EXPECT_EQ(single.exit_code, 2) << single.output;

  // An erosion of 20 mm empties every lesion: error rows in that table, the others complete, no ICC.
  auto emptied =
      run_radstudy("extract --manifest " + shell_quoted(manifest_) + " --out " + shell_quoted(out / "f.csv") +
                   " --perturb noise,erode:20 --perturb-out " + shell_quoted(out / "p"));
  EXPECT_EQ(emptied.exit_code, 3) << emptied.output;
  EXPECT_NE(emptied.output.find("no ICC"), std::string::npos) << emptied.output;
  const auto eroded = core::read_csv((out / "p" / "erode_20mm.csv").string());
  ASSERT_EQ(eroded.rows.size(), 8u);
  for (const auto& row : eroded.rows)
    EXPECT_NE(row.back().find("erode_20mm leaves an empty region"), std::string::npos) << row.back();
  const auto noisy = core::read_csv((out / "p" / "noise.csv").string());
  for (const auto& row : noisy.rows) EXPECT_EQ(row.back(), "");
  EXPECT_EQ(read_text(out / "f.csv"), read_text(run1() / "features.csv"));
  EXPECT_FALSE(fs::exists(out / "p" / "icc.csv"));
}

}  // namespace
}  // namespace radstudy::testing
