#include "settings/extraction_settings.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <set>

#include "core/errors.hpp"
#include "core/text.hpp"
#include "core/text_file.hpp"
#include "settings/yaml_document.hpp"

namespace radstudy::settings {
namespace {

const std::vector<std::string> kPyRadiomicsClasses = {"firstorder", "shape", "shape2D", "glcm",
                                                      "glrlm",      "glszm", "gldm",    "ngtdm"};
const std::vector<std::string> kIbsiClasses = {"morph", "loc", "stat", "ih",  "ivh", "cm",
                                               "rlm",   "szm", "dzm",  "ngt", "ngl"};

// PyRadiomics' filter keys, which `setting:` may hold for every image type.
const std::set<std::string> kFilterKeys = {"sigma",
                                           "start_level",
                                           "level",
                                           "wavelet",
                                           "gradientUseSpacing",
                                           "lbp2DRadius",
                                           "lbp2DSamples",
                                           "lbp2DMethod",
                                           "lbp3DLevels",
                                           "lbp3DIcosphereRadius",
                                           "lbp3DIcosphereSubdivision",
                                           "initValue",
                                           "dtype",
                                           "label_channel",
                                           "resegmentShape"};

// Settings that PyRadiomics lets an image type override (they act on the features, not on the
// preprocessing, which all image types share).
const std::set<std::string> kSettingKeys = {
    "binWidth",           "binCount",        "distances",       "voxelArrayShift", "gldm_a",
    "weightingNorm",      "symmetricalGLCM", "discretisation",  "ivhBinWidth",     "ivhBinCount",
    "textureAggregation", "force2D",         "force2Ddimension"};
// Settings of the preprocessing that every image type shares.
const std::set<std::string> kPreprocessingKeys = {"resampledPixelSpacing",
                                                  "interpolator",
                                                  "padDistance",
                                                  "label",
                                                  "resegmentRange",
                                                  "resegmentMode",
                                                  "normalize",
                                                  "normalizeScale",
                                                  "removeOutliers",
                                                  "preCrop",
                                                  "minimumROIDimensions",
                                                  "minimumROISize",
                                                  "correctMask",
                                                  "additionalInfo",
                                                  "geometryTolerance",
                                                  "resampleGrid",
                                                  "maskInterpolator",
                                                  "maskPartialVolume",
                                                  "intensityRounding",
                                                  "resegmentOutlierSigma",
                                                  "resampledPixelType"};

class Reader {
 public:
  explicit Reader(std::string source) : source_(std::move(source)) {}

  [[noreturn]] void fail(const std::string& key, const std::string& problem) const {
    throw ConfigError(fmt::format("{}: setting '{}': {}", source_, key, problem));
  }

  // Every number of a parameter file is finite: YAML's .nan and .inf are refused here, for every key.
  double number(const YAML::Node& node, const std::string& key) const {
    if (!node.IsScalar()) fail(key, "expected a number");
    double value;
    try {
      value = node.as<double>();
    } catch (const YAML::Exception&) {
      fail(key, fmt::format("expected a number, got '{}'", node.Scalar()));
    }
    if (!std::isfinite(value)) fail(key, fmt::format("'{}' is not a finite number", node.Scalar()));
    return value;
  }
  int integer(const YAML::Node& node, const std::string& key) const {
    const double value = number(node, key);
    if (value != std::floor(value) || value < std::numeric_limits<int>::min() ||
        value > std::numeric_limits<int>::max())
      fail(key, fmt::format("expected an integer, got {}", node.Scalar()));
    return static_cast<int>(value);
  }
  bool boolean(const YAML::Node& node, const std::string& key) const {
    if (!node.IsScalar()) fail(key, "expected true or false");
    try {
      return node.as<bool>();
    } catch (const YAML::Exception&) {
      fail(key, fmt::format("expected true or false, got '{}'", node.Scalar()));
    }
  }
  std::string text(const YAML::Node& node, const std::string& key) const {
    if (!node.IsScalar()) fail(key, "expected a string");
    return node.Scalar();
  }
  std::vector<double> numbers(const YAML::Node& node, const std::string& key) const {
    if (node.IsNull()) return {};
    if (node.IsScalar()) return {number(node, key)};
    if (!node.IsSequence()) fail(key, "expected a list of numbers");
    std::vector<double> values;
    for (const auto& item : node) values.push_back(number(item, key));
    return values;
  }
  // A list that, when given, must hold something (null or leaving the key out is the way to say "none").
  std::vector<double> non_empty_numbers(const YAML::Node& node, const std::string& key) const {
    std::vector<double> values = numbers(node, key);
    if (values.empty() && !node.IsNull()) fail(key, "the list is empty; give values, or leave the key out");
    return values;
  }
  bool is_null(const YAML::Node& node) const { return !node || node.IsNull(); }

  // Domain checks: the message names the value and the domain.
  void require(bool holds, const std::string& key, double value, const std::string& domain) const {
    if (!holds) fail(key, fmt::format("{} is out of range; {}", value, domain));
  }

 private:
  std::string source_;
};

Interpolator parse_interpolator(const Reader& reader, const YAML::Node& node, const std::string& key) {
  if (node.IsNull()) return Interpolator::None;
  if (!node.IsScalar()) reader.fail(key, "expected an interpolator name");
  std::string name = node.Scalar();
  static const std::map<std::string, Interpolator> names = {{"sitkNearestNeighbor", Interpolator::Nearest},
                                                            {"nearest", Interpolator::Nearest},
                                                            {"sitkLinear", Interpolator::Linear},
                                                            {"linear", Interpolator::Linear},
                                                            {"sitkBSpline", Interpolator::BSpline},
                                                            {"bspline", Interpolator::BSpline},
                                                            {"tricubic", Interpolator::BSpline},
                                                            {"1", Interpolator::Nearest},
                                                            {"2", Interpolator::Linear},
                                                            {"3", Interpolator::BSpline}};
  auto found = names.find(name);
  if (found == names.end())
    reader.fail(key, fmt::format("interpolator '{}' is not supported (use sitkNearestNeighbor, sitkLinear "
                                 "or sitkBSpline)",
                                 name));
  return found->second;
}

FilterOption parse_filter_option(const Reader& reader, const YAML::Node& value, const std::string& key) {
  FilterOption option;
  auto add = [&](const YAML::Node& item) {
    if (!item.IsScalar()) reader.fail(key, "expected a number, a word or a list of them");
    double number = 0;
    if (YAML::convert<double>::decode(item, number)) {
      if (!std::isfinite(number)) reader.fail(key, fmt::format("'{}' is not a finite number", item.Scalar()));
      option.numbers.push_back(number);
    } else {
      option.words.push_back(item.Scalar());
    }
  };
  if (value.IsSequence()) {
    if (value.size() == 0) reader.fail(key, "the list is empty; give values, or leave the key out");
    for (const auto& item : value) add(item);
  } else if (!value.IsNull()) {
    add(value);
  }
  if (!option.numbers.empty() && !option.words.empty()) reader.fail(key, "mixes numbers and words");
  return option;
}

void parse_setting(ExtractionSettings& settings, const Reader& reader, const std::string& key,
                   const YAML::Node& value) {
  auto optional_number = [&](std::optional<double>& target) {
    if (reader.is_null(value))
      target.reset();
    else
      target = reader.number(value, key);
  };
  auto optional_integer = [&](std::optional<int>& target) {
    if (reader.is_null(value))
      target.reset();
    else
      target = reader.integer(value, key);
  };
  if (key == "binWidth") {
    optional_number(settings.bin_width);
    // How small is too small depends on the intensities: the case's grey-level count is checked
    // before discretising (preprocess::discretise).
    if (settings.bin_width)
      reader.require(*settings.bin_width > 0, key, *settings.bin_width,
                     "binWidth is the width of a grey-level bin in intensity units and must be > 0");
  } else if (key == "binCount") {
    optional_integer(settings.bin_count);
    if (settings.bin_count)
      reader.require(*settings.bin_count >= 1 && *settings.bin_count <= kMaxGreyLevels, key,
                     *settings.bin_count,
                     fmt::format("binCount is a number of grey levels from 1 to {} (16-bit data has no more "
                                 "distinct values)",
                                 kMaxGreyLevels));
  } else if (key == "resampledPixelSpacing") {
    settings.resampled_pixel_spacing = reader.non_empty_numbers(value, key);
    if (!settings.resampled_pixel_spacing.empty() && settings.resampled_pixel_spacing.size() != 3)
      reader.fail(key, "expected three spacings (x, y, z)");
    // The region's voxel count at these spacings is checked per case (preprocess/region_preparation.cpp).
    for (double spacing : settings.resampled_pixel_spacing)
      reader.require(
          spacing == 0 || spacing >= kMinResampledSpacing, key, spacing,
          fmt::format("spacings are in mm, at least {:g} (0 keeps the image's spacing on that axis)",
                      kMinResampledSpacing));
  } else if (key == "interpolator") {
    settings.interpolator = parse_interpolator(reader, value, key);
  } else if (key == "padDistance") {
    settings.pad_distance = reader.integer(value, key);
    reader.require(settings.pad_distance >= 0, key, settings.pad_distance,
                   "padDistance is a number of voxels >= 0 (the crop is clipped to the image)");
  } else if (key == "label") {
    const double label = reader.number(value, key);
    if (label != std::floor(label))
      reader.fail(key, fmt::format("'{}' is not a whole number; {}", value.Scalar(), label_domain()));
    if (label < kMinLabel || label > kMaxLabel)
      reader.fail(key, fmt::format("{} is out of range; {}", value.Scalar(), label_domain()));
    settings.label = static_cast<int>(label);
  } else if (key == "resegmentRange") {
    settings.resegment_range = reader.non_empty_numbers(value, key);
    if (settings.resegment_range.size() > 2) reader.fail(key, "expected [lower] or [lower, upper]");
    if (settings.resegment_range.size() == 2 && settings.resegment_range[0] > settings.resegment_range[1])
      reader.fail(key, fmt::format("[{}, {}] is not ordered; expected [lower, upper] with lower <= upper",
                                   settings.resegment_range[0], settings.resegment_range[1]));
  } else if (key == "resegmentMode") {
    const std::string mode = reader.text(value, key);
    if (mode == "absolute")
      settings.resegment_mode = ResegmentMode::Absolute;
    else if (mode == "relative")
      settings.resegment_mode = ResegmentMode::Relative;
    else if (mode == "sigma")
      settings.resegment_mode = ResegmentMode::Sigma;
    else
      reader.fail(key, fmt::format("'{}' is not one of absolute, relative, sigma", mode));
  } else if (key == "normalize") {
    settings.normalize = reader.boolean(value, key);
  } else if (key == "normalizeScale") {
    settings.normalize_scale = reader.number(value, key);
    reader.require(settings.normalize_scale > 0, key, settings.normalize_scale,
                   "normalizeScale multiplies the normalised intensities and must be > 0");
  } else if (key == "removeOutliers") {
    optional_number(settings.remove_outliers);
    if (settings.remove_outliers)
      reader.require(*settings.remove_outliers > 0, key, *settings.remove_outliers,
                     "removeOutliers is a number of standard deviations, > 0");
  } else if (key == "force2D") {
    settings.force_2d = reader.boolean(value, key);
  } else if (key == "force2Ddimension") {
    settings.force_2d_dimension = reader.integer(value, key);
    reader.require(settings.force_2d_dimension >= 0 && settings.force_2d_dimension <= 2, key,
                   settings.force_2d_dimension, "force2Ddimension is 0 (axial), 1 (coronal) or 2 (sagittal)");
  } else if (key == "distances") {
    const auto distances = reader.non_empty_numbers(value, key);
    if (distances.empty())
      reader.fail(key, "expected a list of neighbour distances (integers >= 1), e.g. [1]");
    settings.distances.clear();
    for (double distance : distances) {
      // Whether a distance fits the region is checked per case (features/texture/texture_cost.cpp).
      reader.require(
          distance >= 1 && distance == std::floor(distance) && distance <= std::numeric_limits<int>::max(),
          key, distance, "distances are integers >= 1 (voxels)");
      settings.distances.push_back(static_cast<int>(distance));
    }
  } else if (key == "voxelArrayShift") {
    settings.voxel_array_shift = reader.number(value, key);
    reader.require(
        std::abs(settings.voxel_array_shift) <= kMaxVoxelArrayShift, key, settings.voxel_array_shift,
        fmt::format("voxelArrayShift is an intensity offset (CT uses 1000 to 2000) of at most {:g} in "
                    "magnitude, so that Energy stays finite",
                    kMaxVoxelArrayShift));
  } else if (key == "preCrop") {
    settings.pre_crop = reader.boolean(value, key);
  } else if (key == "minimumROIDimensions") {
    settings.minimum_roi_dimensions = reader.integer(value, key);
    reader.require(settings.minimum_roi_dimensions >= 1 && settings.minimum_roi_dimensions <= 3, key,
                   settings.minimum_roi_dimensions, "minimumROIDimensions is 1, 2 or 3");
  } else if (key == "minimumROISize") {
    optional_integer(settings.minimum_roi_size);
    if (settings.minimum_roi_size)
      reader.require(*settings.minimum_roi_size >= 1, key, *settings.minimum_roi_size,
                     "minimumROISize is a number of voxels >= 1 (or null for none)");
  } else if (key == "gldm_a") {
    const double alpha = reader.number(value, key);
    // PyRadiomics' alpha is an integer: grey levels are integers, |i - j| <= 0.5 is |i - j| <= 0.
    reader.require(alpha >= 0 && alpha == std::floor(alpha) && alpha <= std::numeric_limits<int>::max(), key,
                   alpha, "gldm_a is a grey-level difference, an integer >= 0");
    settings.gldm_a = alpha;
  } else if (key == "weightingNorm") {
    settings.weighting_norm = reader.is_null(value) ? "" : reader.text(value, key);
    static const std::set<std::string> norms = {"", "manhattan", "euclidean", "infinity", "no_weighting"};
    if (!norms.count(settings.weighting_norm))
      reader.fail(key, "expected manhattan, euclidean, infinity or no_weighting");
  } else if (key == "correctMask") {
    settings.correct_mask = reader.boolean(value, key);
  } else if (key == "additionalInfo") {
    settings.additional_info = reader.boolean(value, key);
  } else if (key == "geometryTolerance") {
    settings.geometry_tolerance = reader.number(value, key);
    reader.require(settings.geometry_tolerance >= 0 && settings.geometry_tolerance < 1, key,
                   settings.geometry_tolerance,
                   "geometryTolerance is the relative difference allowed between image and mask geometry, "
                   ">= 0 and < 1");
  } else if (key == "symmetricalGLCM") {
    settings.symmetrical_glcm = reader.boolean(value, key);
  } else if (key == "resampleGrid") {
    const std::string grid = reader.text(value, key);
    if (grid == "pyradiomics")
      settings.resample_grid = ResampleGrid::PyRadiomics;
    else if (grid == "ibsi")
      settings.resample_grid = ResampleGrid::Ibsi;
    else
      reader.fail(key, "expected pyradiomics or ibsi");
  } else if (key == "discretisation") {
    const std::string convention = reader.text(value, key);
    if (convention == "pyradiomics")
      settings.discretisation = DiscretisationConvention::PyRadiomics;
    else if (convention == "ibsi")
      settings.discretisation = DiscretisationConvention::Ibsi;
    else
      reader.fail(key, "expected pyradiomics or ibsi");
  } else if (key == "maskInterpolator") {
    settings.mask_interpolator = parse_interpolator(reader, value, key);
  } else if (key == "maskPartialVolume") {
    settings.mask_partial_volume = reader.number(value, key);
    reader.require(
        settings.mask_partial_volume > 0 && settings.mask_partial_volume <= 1, key,
        settings.mask_partial_volume,
        "maskPartialVolume is the interpolated mask value a voxel needs to stay in the region, in (0, 1]");
  } else if (key == "intensityRounding") {
    settings.intensity_rounding = reader.boolean(value, key);
  } else if (key == "resegmentOutlierSigma") {
    optional_number(settings.resegment_outlier_sigma);
    if (settings.resegment_outlier_sigma)
      reader.require(*settings.resegment_outlier_sigma > 0, key, *settings.resegment_outlier_sigma,
                     "resegmentOutlierSigma is a number of standard deviations, > 0");
  } else if (key == "ivhBinWidth") {
    optional_number(settings.ivh_bin_width);
    // The case's number of IVH bins is checked before the curve is built
    // (ibsi/intensity_volume_histogram.cpp).
    if (settings.ivh_bin_width)
      reader.require(*settings.ivh_bin_width > 0, key, *settings.ivh_bin_width,
                     "ivhBinWidth is the width of an intensity-volume histogram bin and must be > 0");
  } else if (key == "ivhBinCount") {
    optional_integer(settings.ivh_bin_count);
    if (settings.ivh_bin_count)
      reader.require(*settings.ivh_bin_count >= 1 && *settings.ivh_bin_count <= kMaxIvhBins, key,
                     *settings.ivh_bin_count,
                     fmt::format("ivhBinCount is a number of bins from 1 to {}", kMaxIvhBins));
  } else if (key == "resampledPixelType") {
    const std::string type = reader.text(value, key);
    if (type == "input")
      settings.resample_to_float = false;
    else if (type == "float32")
      settings.resample_to_float = true;
    else
      reader.fail(key, "expected input or float32");
  } else if (key == "textureAggregation") {
    settings.texture_aggregation.clear();
    if (!value.IsSequence()) reader.fail(key, "expected a list");
    if (value.size() == 0)
      reader.fail(key, "the list is empty; give aggregation methods, or leave the key out for all that fit");
    static const std::set<std::string> methods = {"2Davg", "2Dsmrg", "25Ddmrg", "25Dmrg", "3Davg", "3Dmrg"};
    for (const auto& item : value) {
      std::string method = reader.text(item, key);
      if (!methods.count(method))
        reader.fail(key,
                    fmt::format("'{}' is not one of 2Davg, 2Dsmrg, 25Ddmrg, 25Dmrg, 3Davg, 3Dmrg", method));
      settings.texture_aggregation.push_back(method);
    }
  } else if (kFilterKeys.count(key)) {
    settings.general_filter_options[key] = parse_filter_option(reader, value, key);
  } else {
    reader.fail(key, "unknown key");
  }
}

void parse_regions(ExtractionSettings& settings, const Reader& reader, const YAML::Node& body) {
  settings.regions.clear();
  if (body.IsNull()) return;
  if (!body.IsMap())
    reader.fail("regions", "expected a mapping of region names to {ring: MM, intensityRange: [L, U]}");
  for (const auto& item : body) {
    RegionSettings region;
    region.name = item.first.Scalar();
    const std::string key = "regions." + region.name;
    const bool valid_name =
        !region.name.empty() && std::all_of(region.name.begin(), region.name.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '-';
        });
    if (!valid_name)
      reader.fail(key, "a region name is letters, digits and '-' (it starts the column names, before '_')");
    for (const auto& other : settings.regions)
      if (other.name == region.name) reader.fail(key, "the region is listed twice");
    if (item.second.IsMap()) {
      for (const auto& option : item.second) {
        const std::string name = option.first.Scalar();
        if (name == "ring") {
          region.ring_mm = reader.number(option.second, key + ".ring");
          reader.require(region.ring_mm > 0 && region.ring_mm <= kMaxRingMm, key + ".ring", region.ring_mm,
                         fmt::format("ring is a width in mm, > 0 and at most {:g}", kMaxRingMm));
        } else if (name == "intensityRange") {
          region.intensity_range = reader.numbers(option.second, key + ".intensityRange");
          if (region.intensity_range.size() != 2 || region.intensity_range[0] > region.intensity_range[1])
            reader.fail(key + ".intensityRange", "expected [lower, upper] with lower <= upper");
        } else {
          reader.fail(key + "." + name, "unknown key (expected ring, intensityRange)");
        }
      }
    } else if (!item.second.IsNull()) {
      reader.fail(key, "expected {ring: MM, intensityRange: [L, U]} or nothing (the segmentation)");
    }
    if (!region.intensity_range.empty() && region.ring_mm == 0)
      reader.fail(key + ".intensityRange",
                  "applies to a ring; restrict the segmentation itself with resegmentRange under 'setting:'");
    settings.regions.push_back(std::move(region));
  }
}

}  // namespace

bool ExtractionSettings::class_enabled(const std::string& feature_class) const {
  return feature_classes.count(feature_class) > 0;
}

std::vector<std::pair<std::string, std::string>> ExtractionSettings::describe() const {
  auto optional_text = [](const auto& value) {
    return value ? fmt::format("{}", *value) : std::string("None");
  };
  auto list_text = [](const auto& values) {
    return values.empty() ? std::string("None") : fmt::format("[{}]", fmt::join(values, ";"));
  };
  static const char* interpolators[] = {"None", "nearest", "linear", "bspline"};
  std::vector<std::pair<std::string, std::string>> rows = {
      {"binWidth", optional_text(bin_width)},
      {"binCount", optional_text(bin_count)},
      {"resampledPixelSpacing", list_text(resampled_pixel_spacing)},
      {"interpolator", interpolators[static_cast<int>(interpolator)]},
      {"padDistance", std::to_string(pad_distance)},
      {"label", std::to_string(label)},
      {"resegmentRange", list_text(resegment_range)},
      {"normalize", normalize ? "True" : "False"},
      {"force2D", force_2d ? "True" : "False"},
      {"distances", list_text(distances)},
      {"resampleGrid", resample_grid == ResampleGrid::Ibsi ? "ibsi" : "pyradiomics"},
      {"discretisation", discretisation == DiscretisationConvention::Ibsi ? "ibsi" : "pyradiomics"},
  };
  return rows;
}

ExtractionSettings default_extraction_settings() {
  ExtractionSettings settings;
  for (const auto& name : kPyRadiomicsClasses)
    if (name != "shape2D") settings.feature_classes[name] = {};
  return settings;
}

ExtractionSettings parse_extraction_settings(const std::string& yaml_text, const std::string& source_name) {
  const YAML::Node root = parse_yaml(
      yaml_text, source_name, "a parameter file is PyRadiomics' YAML: keys, colons and indented blocks");
  Reader reader(source_name);
  ExtractionSettings settings;
  settings.source = source_name;
  if (root.IsNull()) return default_extraction_settings();
  if (!root.IsMap()) throw ConfigError(fmt::format("{}: expected a mapping at the top level", source_name));

  bool classes_given = false;
  ExtractionSettings settings_probe;  // where image-type setting overrides are validated
  for (const auto& entry : root) {
    const std::string section = entry.first.Scalar();
    const YAML::Node& body = entry.second;
    if (section == "setting" || section == "voxelSetting") {
      if (body.IsNull()) continue;
      if (!body.IsMap()) reader.fail(section, "expected a mapping");
      if (section == "voxelSetting") continue;  // voxel-based extraction is not offered
      for (const auto& item : body) parse_setting(settings, reader, item.first.Scalar(), item.second);
    } else if (section == "imageType") {
      settings.image_types.clear();
      if (body.IsNull()) continue;
      if (!body.IsMap()) reader.fail(section, "expected a mapping of image types");
      // Names and options are checked against the filter registry (filters::make_filter).
      for (const auto& item : body) {
        const std::string name = item.first.Scalar();
        ImageTypeSettings type{name, {}, {}};
        if (item.second.IsMap()) {
          for (const auto& option : item.second) {
            const std::string key = option.first.Scalar();
            const std::string path = "imageType." + name + "." + key;
            if (kPreprocessingKeys.count(key))
              reader.fail(path, "the preprocessing is shared by all image types; set it under 'setting:'");
            if (kSettingKeys.count(key)) {
              parse_setting(settings_probe, reader, key,
                            option.second);  // validated now, applied per image type
              YAML::Emitter emitter;
              emitter << YAML::Flow << option.second;
              type.setting_overrides.emplace_back(key, emitter.c_str());
            } else {
              type.options[key] = parse_filter_option(reader, option.second, path);
              type.options[key].from_image_type = true;
            }
          }
        } else if (!item.second.IsNull()) {
          reader.fail("imageType." + name, "expected a mapping of settings or nothing");
        }
        settings.image_types.push_back(std::move(type));
      }
    } else if (section == "regions") {
      parse_regions(settings, reader, body);
    } else if (section == "featureClass") {
      classes_given = true;
      if (body.IsNull()) continue;
      if (!body.IsMap()) reader.fail(section, "expected a mapping of feature classes");
      for (const auto& item : body) {
        const std::string name = item.first.Scalar();
        const bool known = std::find(kPyRadiomicsClasses.begin(), kPyRadiomicsClasses.end(), name) !=
                               kPyRadiomicsClasses.end() ||
                           std::find(kIbsiClasses.begin(), kIbsiClasses.end(), name) != kIbsiClasses.end();
        if (!known) reader.fail("featureClass." + name, "unknown feature class");
        std::vector<std::string> features;
        if (item.second.IsSequence())
          for (const auto& feature : item.second)
            features.push_back(reader.text(feature, "featureClass." + name));
        else if (!item.second.IsNull())
          reader.fail("featureClass." + name, "expected a list of feature names or nothing");
        settings.feature_classes[name] = std::move(features);
      }
    } else {
      reader.fail(section, "unknown top-level key (expected imageType, featureClass, setting, regions)");
    }
  }
  if (!settings.bin_width && !settings.bin_count)
    reader.fail("binWidth",
                "binWidth and binCount are both null; set one of them to discretise the intensities");
  for (auto& type : settings.image_types)
    for (const auto& [key, option] : settings.general_filter_options) type.options.try_emplace(key, option);
  if (!classes_given) {
    const auto defaults = default_extraction_settings();
    settings.feature_classes = defaults.feature_classes;
    // As PyRadiomics, which enables every class and computes shape2D only under force2D (its values are
    // NaN for a region over several slices, where PyRadiomics skips them).
    if (settings.force_2d) settings.feature_classes["shape2D"] = {};
  }
  return settings;
}

ExtractionSettings settings_for_image_type(const ExtractionSettings& settings,
                                           const ImageTypeSettings& image_type) {
  if (image_type.setting_overrides.empty()) return settings;
  ExtractionSettings result = settings;
  const Reader reader(settings.source);
  for (const auto& [key, text] : image_type.setting_overrides)
    parse_setting(result, reader, key, YAML::Load(text));
  if (!result.bin_width && !result.bin_count)
    reader.fail("imageType." + image_type.name + ".binWidth",
                "binWidth and binCount are both null; set one of them to discretise the intensities");
  return result;
}

ExtractionSettings load_extraction_settings(const std::string& path) {
  // A directory opens as a stream on Linux and reads as nothing: the default settings, silently.
  std::string text;
  try {
    text = core::read_text_file(path, "parameter (YAML)");
  } catch (const InputError& error) {
    throw ConfigError(error.what());
  }
  return parse_extraction_settings(text, path);
}

std::string label_domain() {
  return fmt::format("a mask label is a whole number from {} to {} (0 is the background)", kMinLabel,
                     kMaxLabel);
}

}  // namespace radstudy::settings
