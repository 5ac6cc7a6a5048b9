#pragma once
#include <cstddef>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace radstudy::settings {

enum class Interpolator { None, Nearest, Linear, BSpline };
enum class ResampleGrid { PyRadiomics, Ibsi };              // PyRadiomics/SimpleITK vs IBSI grid alignment
enum class DiscretisationConvention { PyRadiomics, Ibsi };  // where fixed bin width bins start
enum class ResegmentMode { Absolute, Relative, Sigma };

// What one case may cost. Settings beyond these limits are refused with the key (when the settings
// are read, or per case when the limit depends on the region), before anything is allocated.
// Grey levels: 16-bit data has at most 65,536 distinct values, PyRadiomics advises 30 to 130 bins, and
// a first-order histogram or a texture matrix row of 65,536 levels is still small.
inline constexpr int kMaxGreyLevels = 65536;
// Intensity-volume histogram points: its cost is O(points log voxels) time and no matrix.
inline constexpr int kMaxIvhBins = 1 << 20;
// voxelArrayShift: CT uses 1000 to 2000; Energy (sum of (x + shift)^2) stays finite far beyond.
inline constexpr double kMaxVoxelArrayShift = 1e6;
// Resampled spacing in mm: 0.1 micrometre, below any imaging (the voxel count is checked per case).
inline constexpr double kMinResampledSpacing = 1e-4;
// Voxels of a resampled region: a whole 512 x 512 x 512 volume.
inline constexpr std::size_t kMaxResampledVoxels = std::size_t{1} << 27;
// Bytes of the texture matrices of one feature class for one case (the image, masks and grids of a
// large region take the rest of a 1 GB budget).
inline constexpr std::size_t kMaxTextureMatrixBytes = std::size_t{512} << 20;
// Region voxels times neighbour offsets visited by a neighbourhood class (GLDM, NGTDM, GLCM with
// several distances): about ten seconds of counting.
inline constexpr double kMaxNeighbourVisits = 4e9;

// The value of a filter option: numbers (sigma: [1, 2]) or words (wavelet: coif1, gradientUseSpacing: true).
struct FilterOption {
  std::vector<double> numbers;
  std::vector<std::string> words;
  bool from_image_type = false;  // given under imageType.<Name> (not only in `setting:`)
};

// One image type (Original, LoG, Wavelet, ... or one of radstudy's IBSI 2 filters) with its options:
// the filter keys of `setting:` overlaid by the image type's own mapping, as PyRadiomics merges them.
// Which names and options exist is the filter registry's business (filters/filter_registry.hpp).
struct ImageTypeSettings {
  std::string name;  // PyRadiomics spelling: Original, LoG, Wavelet, Square, ...
  std::map<std::string, FilterOption> options;
  // Other `setting:` keys given under the image type (e.g. LoG: {binWidth: 5}): they apply to the
  // features of this image type only. Kept as YAML text; see settings_for_image_type.
  std::vector<std::pair<std::string, std::string>> setting_overrides;
};

// A region of a case to extract (radstudy's `regions:` section): the segmentation itself, or a ring of
// `ring_mm` around it (a ball in mm on the processed grid, the segmentation left out), optionally only
// where the intensity lies in `intensity_range` [lower, upper].
struct RegionSettings {
  std::string name;    // column prefix with several regions: letters, digits and '-'
  double ring_mm = 0;  // 0: the segmentation
  std::vector<double> intensity_range;
};
// Ring widths beyond this are not a peritumoral region (and would crop most of a CT).
inline constexpr double kMaxRingMm = 100.0;

// A mask label is the voxel value of the region in a label image, held as an int; 0 is the background.
inline constexpr long long kMinLabel = 1;
inline constexpr long long kMaxLabel = std::numeric_limits<int>::max();
// What a label may be, for messages: "a mask label is a whole number from 1 to 2147483647 (0 is the
// background)".
std::string label_domain();

// What to do about a mask off the image's grid (the messages that refuse one end with it).
inline constexpr const char* kCorrectMaskAdvice =
    "set correctMask: true under setting: in the parameter file to resample the mask onto the image, or use "
    "the mask drawn on this image";

// All settings of a PyRadiomics parameter file, plus radstudy's IBSI keys.
// Defaults are PyRadiomics' defaults.
struct ExtractionSettings {
  std::vector<ImageTypeSettings> image_types{{"Original", {}, {}}};
  // Feature class -> features enabled (empty list: all of the class).
  std::map<std::string, std::vector<std::string>> feature_classes;

  // PyRadiomics "setting" keys.
  std::optional<double> bin_width = 25.0;
  std::optional<int> bin_count;
  std::vector<double> resampled_pixel_spacing;  // empty: no resampling; 0 on an axis keeps that axis
  Interpolator interpolator = Interpolator::BSpline;
  int pad_distance = 5;
  int label = 1;
  std::vector<double> resegment_range;  // empty, [lower] or [lower, upper]
  ResegmentMode resegment_mode = ResegmentMode::Absolute;
  bool normalize = false;
  double normalize_scale = 1.0;
  std::optional<double> remove_outliers;
  bool force_2d = false;
  int force_2d_dimension = 0;
  std::vector<int> distances{1};
  double voxel_array_shift = 0.0;
  bool pre_crop = false;
  int minimum_roi_dimensions = 2;
  std::optional<int> minimum_roi_size;
  double gldm_a = 0.0;
  std::string weighting_norm;  // "", manhattan, euclidean, infinity, no_weighting
  bool correct_mask = false;
  bool additional_info = true;
  double geometry_tolerance = 1e-4;
  bool symmetrical_glcm = true;

  // radstudy keys for IBSI processing that PyRadiomics lacks.
  ResampleGrid resample_grid = ResampleGrid::PyRadiomics;
  DiscretisationConvention discretisation = DiscretisationConvention::PyRadiomics;
  Interpolator mask_interpolator = Interpolator::Nearest;
  double mask_partial_volume = 0.5;
  bool intensity_rounding = false;
  std::optional<double> resegment_outlier_sigma;  // IBSI outlier filtering, applied after the range
  std::optional<double> ivh_bin_width;            // IBSI intensity-volume histogram discretisation
  std::optional<int> ivh_bin_count;
  // PyRadiomics resamples into the image's stored pixel type (int16 CT gets truncated values);
  // resampledPixelType: float32 keeps the interpolated values as float32 instead.
  bool resample_to_float = false;
  std::vector<std::string>
      texture_aggregation;  // IBSI aggregation methods; empty: all that fit the dimensionality

  // Regions of each case (empty: the segmentation alone). With several, columns start with the region's name.
  std::vector<RegionSettings> regions;

  std::string source;  // the file these settings came from, for messages and diagnostics
  // Filter keys of `setting:` (sigma, wavelet, ...): already merged into each image type's options.
  std::map<std::string, FilterOption> general_filter_options;

  bool class_enabled(const std::string& feature_class) const;
  // Echo of every setting as "key=value" pairs, for the diagnostics columns.
  std::vector<std::pair<std::string, std::string>> describe() const;
};

// Parses a PyRadiomics YAML parameter file (or radstudy's superset). Unknown keys, wrong types and
// values outside a key's domain (every number finite) throw ConfigError naming the file, the key, the
// value and the domain. load_extraction_settings also refuses a path that is a directory or unreadable.
ExtractionSettings load_extraction_settings(const std::string& path);
ExtractionSettings parse_extraction_settings(const std::string& yaml_text, const std::string& source_name);
// PyRadiomics' defaults: Original image, every default feature class.
ExtractionSettings default_extraction_settings();
// The settings the features of one image type are computed with: `settings` with the image type's
// setting_overrides applied (validated as in `setting:`).
ExtractionSettings settings_for_image_type(const ExtractionSettings& settings,
                                           const ImageTypeSettings& image_type);

}  // namespace radstudy::settings
