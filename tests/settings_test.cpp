#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "settings/extraction_settings.hpp"

using radstudy::ConfigError;
using radstudy::settings::parse_extraction_settings;

TEST(ExtractionSettings, ReadsPyRadiomicsParameterFile) {
  const auto settings = parse_extraction_settings(R"(
imageType:
  Original: {}
featureClass:
  glcm: [Contrast, Correlation]
  firstorder:
setting:
  binWidth: 10
  resampledPixelSpacing: [1, 1, 1]
  interpolator: 'sitkBSpline'
  label: 2
)", "params.yaml");
  EXPECT_EQ(*settings.bin_width, 10.0);
  EXPECT_EQ(settings.label, 2);
  EXPECT_EQ(settings.resampled_pixel_spacing.size(), 3u);
  EXPECT_EQ(settings.feature_classes.at("glcm").size(), 2u);
  EXPECT_TRUE(settings.class_enabled("firstorder"));
  EXPECT_FALSE(settings.class_enabled("shape"));
}

TEST(ExtractionSettings, UnknownKeyNamesKeyAndFile) {
  try {
    parse_extraction_settings("setting:\n  binWidht: 25\n", "my.yaml");
    FAIL() << "no error";
  } catch (const ConfigError& error) {
    EXPECT_NE(std::string(error.what()).find("binWidht"), std::string::npos);
    EXPECT_NE(std::string(error.what()).find("my.yaml"), std::string::npos);
  }
}

TEST(ExtractionSettings, WrongTypeIsAnError) {
  EXPECT_THROW(parse_extraction_settings("setting:\n  binWidth: wide\n", "p.yaml"), ConfigError);
  EXPECT_THROW(parse_extraction_settings("setting:\n  force2D: 3x\n", "p.yaml"), ConfigError);
  EXPECT_THROW(parse_extraction_settings("featureClass:\n  glcmm:\n", "p.yaml"), ConfigError);
}

TEST(ExtractionSettings, DefaultsEnableAll3DClasses) {
  const auto settings = parse_extraction_settings("setting:\n  binWidth: 25\n", "p.yaml");
  for (const char* name : {"firstorder", "shape", "glcm", "glrlm", "glszm", "gldm", "ngtdm"})
    EXPECT_TRUE(settings.class_enabled(name)) << name;
  EXPECT_FALSE(settings.class_enabled("shape2D"));
}
