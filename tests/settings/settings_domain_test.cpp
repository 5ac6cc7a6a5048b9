// Every key of the parameter file is checked against its domain when the settings are read: the
// error names the file, the key and the value (issue 10, "Input integrity").
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cli/cli_runner.hpp"
#include "core/errors.hpp"
#include "settings/extraction_settings.hpp"

namespace fs = std::filesystem;
using radstudy::ConfigError;
using radstudy::settings::load_extraction_settings;
using radstudy::settings::parse_extraction_settings;

namespace {

struct BadSetting {
  std::string yaml;   // the body of `setting:`
  std::string key;    // the key the message must name
  std::string value;  // text the message must hold (the value)
};

// The message of the ConfigError parsing `setting:\n  <body>` throws ("" when none is thrown).
std::string error_of(const std::string& body) {
  try {
    parse_extraction_settings("setting:\n  " + body + "\n", "bad_params.yaml");
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "";
}

}  // namespace

TEST(SettingsDomain, OutOfDomainValuesNameFileKeyAndValue) {
  const std::vector<BadSetting> cases = {
      {"binWidth: .nan", "binWidth", ".nan"},
      {"binWidth: .inf", "binWidth", ".inf"},
      {"binWidth: 0", "binWidth", "0"},
      {"binWidth: -25", "binWidth", "-25"},
      {"binCount: 0", "binCount", "0"},
      {"binCount: 100000", "binCount", "100000"},
      {"binCount: 2.5", "binCount", "2.5"},
      {"ivhBinWidth: 0", "ivhBinWidth", "0"},
      {"ivhBinCount: 0", "ivhBinCount", "0"},
      {"ivhBinCount: 2000000000", "ivhBinCount", "2000000000"},
      {"distances: []", "distances", "empty"},
      {"distances: [0]", "distances", "0"},
      {"distances: [1.5]", "distances", "1.5"},
      {"distances: [1, -2]", "distances", "-2"},
      {"normalizeScale: 0", "normalizeScale", "0"},
      {"normalizeScale: .nan", "normalizeScale", ".nan"},
      {"resegmentRange: [100, -100]", "resegmentRange", "[100, -100]"},
      {"resegmentRange: []", "resegmentRange", "empty"},
      {"resegmentRange: [0, .inf]", "resegmentRange", ".inf"},
      {"voxelArrayShift: 1e308", "voxelArrayShift", "1e+308"},
      {"voxelArrayShift: -.inf", "voxelArrayShift", "-.inf"},
      {"padDistance: -1", "padDistance", "-1"},
      {"padDistance: 1e10", "padDistance", "1e10"},
      {"label: 0", "label", "0"},
      {"force2Ddimension: 3", "force2Ddimension", "3"},
      {"minimumROIDimensions: 0", "minimumROIDimensions", "0"},
      {"minimumROIDimensions: 4", "minimumROIDimensions", "4"},
      {"minimumROISize: 0", "minimumROISize", "0"},
      {"gldm_a: -1", "gldm_a", "-1"},
      {"gldm_a: 0.5", "gldm_a", "0.5"},
      {"geometryTolerance: -0.1", "geometryTolerance", "-0.1"},
      {"maskPartialVolume: 0", "maskPartialVolume", "0"},
      {"maskPartialVolume: 1.5", "maskPartialVolume", "1.5"},
      {"removeOutliers: 0", "removeOutliers", "0"},
      {"resegmentOutlierSigma: -2", "resegmentOutlierSigma", "-2"},
      {"resampledPixelSpacing: [1, -1, 1]", "resampledPixelSpacing", "-1"},
      {"resampledPixelSpacing: [1e-9, 1, 1]", "resampledPixelSpacing", "1e-09"},
      {"resampledPixelSpacing: []", "resampledPixelSpacing", "empty"},
      {"textureAggregation: []", "textureAggregation", "empty"},
      {"binWidth: null", "binWidth", "null"},
  };
  for (const auto& bad : cases) {
    const std::string message = error_of(bad.yaml);
    ASSERT_FALSE(message.empty()) << bad.yaml << " was accepted";
    EXPECT_NE(message.find("bad_params.yaml"), std::string::npos) << message;
    EXPECT_NE(message.find("'" + bad.key + "'"), std::string::npos) << message;
    EXPECT_NE(message.find(bad.value), std::string::npos) << bad.yaml << ": " << message;
  }
}

TEST(SettingsDomain, ValuesInsideTheDomainsAreRead) {
  const auto settings = parse_extraction_settings(R"(
setting:
  binWidth: 0.01
  resegmentRange: [-3, 3]
  resegmentMode: sigma
  distances: [1, 2, 3]
  gldm_a: 2
  voxelArrayShift: -2000
  resampledPixelSpacing: [0, 0, 2]
  padDistance: 0
  normalizeScale: 100
  maskPartialVolume: 1
  geometryTolerance: 0
  ivhBinCount: 1000
  minimumROISize: 1
)",
                                                  "good.yaml");
  EXPECT_EQ(*settings.bin_width, 0.01);
  EXPECT_EQ(settings.distances, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(settings.gldm_a, 2.0);
  EXPECT_EQ(settings.voxel_array_shift, -2000.0);
  EXPECT_EQ(settings.resampled_pixel_spacing, (std::vector<double>{0, 0, 2}));
  EXPECT_EQ(*settings.ivh_bin_count, 1000);
  // The largest accepted values.
  EXPECT_NO_THROW(
      parse_extraction_settings("setting:\n  binCount: 65536\n  ivhBinCount: 1048576\n", "edge.yaml"));
  EXPECT_NO_THROW(parse_extraction_settings("setting:\n  voxelArrayShift: 1000000\n", "edge.yaml"));
}

TEST(SettingsDomain, EveryShippedConfigurationIsAccepted) {
  int count = 0;
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(RADSTUDY_SOURCE_DIR) / "configs")) {
    if (entry.path().extension() != ".yaml") continue;
    if (entry.path().filename().string().ends_with("_study.yaml")) continue;  // study files: StudyFileSts
    EXPECT_NO_THROW(load_extraction_settings(entry.path().string())) << entry.path();
    ++count;
  }
  EXPECT_GE(count, 16);
}

TEST(SettingsDomain, ParamsPathThatIsADirectoryOrMissingIsAnErrorNamingIt) {
  const auto directory = radstudy::testing::fresh_directory("settings_params_path");
  try {
    load_extraction_settings(directory.string());
    FAIL() << "a directory was read as settings";
  } catch (const ConfigError& error) {
    EXPECT_NE(std::string(error.what()).find(directory.string()), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("directory"), std::string::npos) << error.what();
  }
  const auto missing = directory / "missing.yaml";
  try {
    load_extraction_settings(missing.string());
    FAIL() << "a missing file was read as settings";
  } catch (const ConfigError& error) {
    EXPECT_NE(std::string(error.what()).find("missing.yaml"), std::string::npos) << error.what();
  }
  fs::remove_all(directory);
}

TEST(SettingsDomain, Force2DAddsShape2DToTheDefaultClassesAsPyRadiomics) {
  const auto settings = parse_extraction_settings("setting:\n  force2D: true\n", "p.yaml");
  EXPECT_TRUE(settings.class_enabled("shape2D"));
  EXPECT_FALSE(parse_extraction_settings("setting:\n  force2D: false\n", "p.yaml").class_enabled("shape2D"));
  EXPECT_TRUE(settings.class_enabled("glcm"));
  const auto listed =
      parse_extraction_settings("featureClass:\n  shape2D:\nsetting:\n  force2D: true\n", "p.yaml");
  EXPECT_TRUE(listed.class_enabled("shape2D"));
}
