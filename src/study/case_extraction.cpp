#include "study/case_extraction.hpp"

#include <fmt/format.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <set>

#include "core/csv.hpp"
#include "core/errors.hpp"
#include "core/seeded_random.hpp"
#include "core/text.hpp"
#include "features/texture/texture_cost.hpp"
#include "filters/filter_registry.hpp"
#include "io/image_io.hpp"
#include "preprocess/bounding_box.hpp"
#include "preprocess/intensity_operations.hpp"
#include "preprocess/peritumoral_ring.hpp"
#include "preprocess/region_preparation.hpp"
#include "study/filter_response.hpp"
#include "study/rtstruct_mask.hpp"

namespace radstudy::study {
namespace {

// Shape classes describe the region, not the intensities: PyRadiomics computes them once, from the
// original image, whatever the image types.
bool is_shape_family(const std::string& family) {
  return family == "shape" || family == "shape2D";
}

std::string join_numbers(const auto& values) {
  std::vector<std::string> parts;
  for (auto value : values) parts.push_back(core::csv_number(static_cast<double>(value)));
  return "(" + fmt::format("{}", fmt::join(parts, "; ")) + ")";
}

struct ImageSummary {
  double mean = 0, minimum = 0, maximum = 0;
};

ImageSummary summarise(const core::IntensityImage& image) {
  ImageSummary summary;
  if (image.voxels().empty()) return summary;
  double sum = 0;
  summary.minimum = summary.maximum = image.voxels().front();
  for (float value : image.voxels()) {
    sum += value;
    summary.minimum = std::min<double>(summary.minimum, value);
    summary.maximum = std::max<double>(summary.maximum, value);
  }
  summary.mean = sum / static_cast<double>(image.voxel_count());
  return summary;
}

std::size_t count_voxels(const core::Mask& mask) {
  return static_cast<std::size_t>(
      std::count_if(mask.voxels().begin(), mask.voxels().end(), [](auto v) { return v != 0; }));
}

std::string settings_summary(const settings::ExtractionSettings& settings) {
  std::vector<std::string> parts;
  for (const auto& [key, value] : settings.describe()) parts.push_back(key + "=" + value);
  return fmt::format("{}", fmt::join(parts, "; "));
}

// The columns of one family for one image (prefix: "original", "wavelet-LLH", ...).
void add_family_columns(const features::FeatureFamily& family, const std::vector<std::string>& wanted,
                        const settings::ExtractionSettings& settings, const std::string& prefix,
                        const std::string& source, std::vector<FeatureColumn>& columns) {
  const auto descriptions = family.describe(settings);
  for (const auto& name : wanted) {
    const bool known = std::any_of(descriptions.begin(), descriptions.end(),
                                   [&](const auto& description) { return description.feature == name; });
    if (!known)
      throw ConfigError(
          fmt::format("{}: featureClass '{}': unknown feature '{}'", source, family.name, name));
  }
  for (const auto& description : descriptions) {
    if (!wanted.empty() && std::find(wanted.begin(), wanted.end(), description.feature) == wanted.end())
      continue;
    columns.push_back({prefix + "_" + description.name, prefix, family.name, description});
  }
}

bool has_original_image(const settings::ExtractionSettings& settings) {
  return std::any_of(settings.image_types.begin(), settings.image_types.end(),
                     [](const auto& type) { return type.name == "Original"; });
}

}  // namespace

std::vector<FeatureColumn> feature_columns(const settings::ExtractionSettings& settings) {
  const std::string source = settings.source.empty() ? std::string("default settings") : settings.source;
  std::vector<FeatureColumn> columns;
  for (const auto& [class_name, features] : settings.feature_classes)
    if (!features::find_family(class_name))
      throw ConfigError(fmt::format("{}: featureClass '{}' is not available yet", source, class_name));
  // Without the Original image type, the shape classes still come first, from the original image.
  if (!has_original_image(settings))
    for (const auto& family : features::feature_registry()) {
      auto enabled = settings.feature_classes.find(family.name);
      if (enabled != settings.feature_classes.end() && is_shape_family(family.name))
        add_family_columns(family, enabled->second, settings, "original", source, columns);
    }
  for (const auto& image_type : settings.image_types) {
    const auto filter = filters::make_filter(image_type, settings);
    const auto type_settings = settings::settings_for_image_type(settings, image_type);
    for (const auto& prefix : filter->image_names())
      for (const auto& family : features::feature_registry()) {
        auto enabled = settings.feature_classes.find(family.name);
        if (enabled == settings.feature_classes.end()) continue;
        if (is_shape_family(family.name) && image_type.name != "Original") continue;
        add_family_columns(family, enabled->second, type_settings, prefix, source, columns);
      }
  }
  if (settings.regions.size() > 1) {
    std::vector<FeatureColumn> per_region;
    for (const auto& region : settings.regions)
      for (auto column : columns) {
        column.name = region.name + "_" + column.name;
        per_region.push_back(std::move(column));
      }
    columns = std::move(per_region);
  }
  std::set<std::string> names;
  for (const auto& column : columns)
    if (!names.insert(column.name).second)
      throw ConfigError(
          fmt::format("{}: column '{}' would be written twice (an image type is listed twice with "
                      "the same options?)",
                      source, column.name));
  return columns;
}

std::vector<std::string> diagnostics_columns() {
  return {"diagnostics_Versions_radstudy",         "diagnostics_Configuration_Settings",
          "diagnostics_Image-original_Size",       "diagnostics_Image-original_Spacing",
          "diagnostics_Image-original_Mean",       "diagnostics_Image-original_Minimum",
          "diagnostics_Image-original_Maximum",    "diagnostics_Mask-original_VoxelNum",
          "diagnostics_Mask-original_BoundingBox", "diagnostics_Image-prepared_Size",
          "diagnostics_Image-prepared_Spacing",    "diagnostics_Mask-prepared_VoxelNum",
          "diagnostics_Mask-resegmented_VoxelNum"};
}

namespace {

struct CaseInputs {
  core::IntensityImage image;
  core::Mask mask;
  int label = 1;
};

CaseInputs read_case_inputs(const CaseSpec& spec, const settings::ExtractionSettings& settings) {
  CaseInputs inputs;
  inputs.image = io::read_image(spec.image);
  inputs.label = spec.label.value_or(settings.label);
  inputs.mask = read_region_mask(spec.mask, spec.roi, inputs.label, inputs.image, spec.image, settings);
  return inputs;
}

// One region of the case on the prepared grid, and the prefix its columns carry.
struct RegionMasks {
  std::string column_prefix;  // "" or "<region>_"
  const core::Mask* morphological;
  const core::Mask* intensity;
};

// Voxels of the prepared grid a ring of `ring_mm` spans, plus padDistance beyond it (the crop PyRadiomics
// would give the ring as a region of its own).
int ring_padding(const std::vector<settings::RegionSettings>& regions, const core::Vec3& spacing,
                 const settings::ExtractionSettings& settings) {
  double widest = 0;
  for (const auto& region : regions) widest = std::max(widest, region.ring_mm);
  if (widest == 0) return 0;
  const double finest = std::min({spacing[0], spacing[1], spacing[2]});
  return static_cast<int>(std::ceil(widest / finest)) + 1 + settings.pad_distance;
}

void extract_features(const CaseInputs& inputs, const settings::ExtractionSettings& settings,
                      const std::vector<FeatureColumn>& columns, bool with_diagnostics, CaseResult& result) {
  settings::ExtractionSettings case_settings = settings;
  case_settings.label = inputs.label;
  std::vector<std::unique_ptr<filters::ImageFilter>> image_filters;
  for (const auto& image_type : case_settings.image_types)
    image_filters.push_back(filters::make_filter(image_type, case_settings));
  const int ring_voxels =
      ring_padding(case_settings.regions, prepared_spacing(inputs.image, case_settings), case_settings);
  const int padding = std::max(filter_margin(image_filters, inputs.image, case_settings), ring_voxels);
  // The image is prepared (resampled, cropped) once for every region; rings are drawn on its grid.
  const auto region =
      preprocess::prepare_region(inputs.image, inputs.mask, case_settings, padding, ring_voxels);
  std::vector<RegionMasks> regions;
  std::vector<std::unique_ptr<core::Mask>> ring_masks;
  const bool prefixed = case_settings.regions.size() > 1;
  if (case_settings.regions.empty())
    regions.push_back({"", &region.morphological_mask, &region.intensity_mask});
  for (const auto& region_settings : case_settings.regions) {
    const std::string prefix = prefixed ? region_settings.name + "_" : "";
    if (region_settings.ring_mm == 0) {
      regions.push_back({prefix, &region.morphological_mask, &region.intensity_mask});
      continue;
    }
    auto ring = std::make_unique<core::Mask>(preprocess::peritumoral_ring(
        region.morphological_mask, region_settings.ring_mm, region.image, region_settings.intensity_range));
    auto intensity = std::make_unique<core::Mask>(*ring);
    if (!case_settings.resegment_range.empty())
      preprocess::resegment_by_range(region.image, *intensity, case_settings.resegment_range,
                                     case_settings.resegment_mode);
    const std::size_t voxels = count_voxels(*intensity);
    if (voxels < 2)
      throw InputError(
          fmt::format("region {}: the ring of {} mm{} holds {} voxel(s); features need more",
                      region_settings.name, region_settings.ring_mm,
                      region_settings.intensity_range.empty()
                          ? std::string()
                          : fmt::format(" within intensities [{}, {}]", region_settings.intensity_range[0],
                                        region_settings.intensity_range[1]),
                      voxels));
    regions.push_back({prefix, ring.get(), intensity.get()});
    ring_masks.push_back(std::move(ring));
    ring_masks.push_back(std::move(intensity));
  }

  std::map<std::string, double> computed;
  // Which families each image prefix needs (the same for every region).
  std::map<std::string, std::set<std::string>> families_needed;
  for (const auto& column : columns) families_needed[column.image_type].insert(column.family);
  auto compute_families = [&](const std::string& prefix, const core::IntensityImage& image,
                              const settings::ExtractionSettings& image_settings, bool shape_only,
                              bool with_shape) {
    const auto needed = families_needed.find(prefix);
    if (needed == families_needed.end()) return;
    std::set<std::string> families;
    for (const auto& family : needed->second)
      if (is_shape_family(family) ? with_shape : !shape_only) families.insert(family);
    for (const auto& masks : regions) {
      const features::RegionData data{image, *masks.morphological, *masks.intensity, image_settings};
      features::texture::check_texture_cost(data, families);
      for (const auto& family : features::feature_registry()) {
        if (!families.count(family.name)) continue;
        for (auto& value : family.compute(data))
          computed[masks.column_prefix + prefix + "_" + value.name] = value.value;
      }
    }
  };
  if (!has_original_image(case_settings))
    compute_families("original", region.image, case_settings, true, true);
  for (std::size_t k = 0; k < image_filters.size(); ++k) {
    const auto& image_type = case_settings.image_types[k];
    const auto type_settings = settings::settings_for_image_type(case_settings, image_type);
    const bool is_original = image_type.name == "Original";
    image_filters[k]->apply(region.image, region.morphological_mask,
                            [&](const std::string& prefix, const core::IntensityImage& image) {
                              compute_families(prefix, image, type_settings, false, is_original);
                            });
  }
  result.values.reserve(columns.size());
  for (const auto& column : columns) {
    auto found = computed.find(column.name);
    const double value = found == computed.end() ? std::nan("") : found->second;
    // NaN is written for an undefined feature; an infinite value is an overflow, never written.
    if (std::isinf(value))
      throw NumericalError(
          fmt::format("feature {} is {}: the computation overflowed (intensities or "
                      "voxelArrayShift too large for it)",
                      column.name, value > 0 ? "infinite" : "-infinite"));
    result.values.push_back(value);
  }

  if (with_diagnostics) {  // full passes over the original image and mask
    const auto& image = inputs.image;
    const auto& mask = inputs.mask;
    const auto summary = summarise(image);
    const auto box = preprocess::find_bounding_box(mask);
    result.diagnostics = {RADSTUDY_VERSION,
                          settings_summary(case_settings),
                          join_numbers(image.size()),
                          join_numbers(image.spacing()),
                          core::csv_number(summary.mean),
                          core::csv_number(summary.minimum),
                          core::csv_number(summary.maximum),
                          std::to_string(count_voxels(mask)),
                          fmt::format("({}; {}; {}; {}; {}; {})", box.lower[0], box.lower[1], box.lower[2],
                                      box.extent(0), box.extent(1), box.extent(2)),
                          join_numbers(region.image.size()),
                          join_numbers(region.image.spacing()),
                          std::to_string(count_voxels(region.morphological_mask)),
                          std::to_string(count_voxels(region.intensity_mask))};
  }
}

// Runs `body` for the case: the time it took, and any exception as the case's error.
template <typename Body>
CaseResult guarded_case(const std::string& id, Body&& body) {
  const auto start = std::chrono::steady_clock::now();
  CaseResult result;
  result.id = id;
  try {
    body(result);
  } catch (const std::exception& error) {
    result.values.clear();
    result.diagnostics.clear();
    result.error = id.empty() ? error.what() : fmt::format("case {}: {}", id, error.what());
    result.error = core::one_line(result.error);  // a table field, a line of stderr
    result.settings_error = dynamic_cast<const ConfigError*>(&error) != nullptr;
    result.input_error =
        dynamic_cast<const InputError*>(&error) || dynamic_cast<const NumericalError*>(&error);
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace

CaseResult extract_case(const CaseSpec& spec, const settings::ExtractionSettings& settings,
                        const std::vector<FeatureColumn>& columns, bool with_diagnostics) {
  return guarded_case(spec.id, [&](CaseResult& result) {
    extract_features(read_case_inputs(spec, settings), settings, columns, with_diagnostics, result);
  });
}

std::uint64_t perturbation_seed(std::uint64_t seed, const std::string& case_id,
                                const std::string& perturbation) {
  return core::mixed_seed(core::mixed_seed(seed ^ core::text_hash(case_id)) ^ core::text_hash(perturbation));
}

PerturbedExtraction extract_cases_perturbed(
    const std::vector<CaseSpec>& cases, const settings::ExtractionSettings& settings,
    const std::vector<FeatureColumn>& columns, const std::vector<preprocess::Perturbation>& perturbations,
    std::uint64_t seed, int jobs,
    const std::function<void(const CaseResult&, std::size_t done)>& on_case_done, bool with_diagnostics) {
  PerturbedExtraction extraction;
  extraction.original.resize(cases.size());
  extraction.perturbed.assign(perturbations.size(), std::vector<CaseResult>(cases.size()));
  extraction.records.assign(perturbations.size(), std::vector<preprocess::PerturbationRecord>(cases.size()));
  std::mutex progress_mutex;
  std::size_t done = 0;
  tbb::task_arena arena(std::max(1, jobs));
  arena.execute([&] {
    tbb::parallel_for(std::size_t{0}, cases.size(), [&](std::size_t k) {
      const auto& spec = cases[k];
      std::optional<CaseInputs> inputs;
      extraction.original[k] = guarded_case(spec.id, [&](CaseResult& result) {
        inputs = read_case_inputs(spec, settings);
        extract_features(*inputs, settings, columns, with_diagnostics, result);
      });
      double seconds = extraction.original[k].seconds;
      for (std::size_t p = 0; p < perturbations.size(); ++p) {
        const auto& perturbation = perturbations[p];
        extraction.perturbed[p][k] = guarded_case(spec.id, [&](CaseResult& result) {
          if (!inputs) throw InputError("not extracted: the case could not be read");
          CaseInputs perturbed = *inputs;
          extraction.records[p][k] =
              preprocess::apply_perturbation(perturbation, perturbed.image, perturbed.mask,
                                             perturbation_seed(seed, spec.id, perturbation.name));
          extract_features(perturbed, settings, columns, with_diagnostics, result);
        });
        seconds += extraction.perturbed[p][k].seconds;
      }
      CaseResult summary = extraction.original[k];
      summary.seconds = seconds;
      std::lock_guard lock(progress_mutex);
      ++done;
      if (on_case_done) on_case_done(summary, done);
    });
  });
  return extraction;
}

std::vector<CaseSpec> read_manifest(const std::string& path) {
  const core::CsvTable table = core::read_csv(path, "manifest (CSV)");
  const int id_column = table.column("id");
  const int image_column = table.column("image");
  const int mask_column = table.column("mask");
  const int roi_column = table.column("roi");
  const int label_column = table.column("label");
  if (id_column < 0 || image_column < 0 || mask_column < 0)
    throw InputError(fmt::format("{}: the manifest needs the columns id, image and mask", path));
  const std::filesystem::path base = std::filesystem::path(path).parent_path();
  auto resolve = [&](const std::string& entry) {
    const std::filesystem::path entry_path(entry);
    return entry_path.is_absolute() || entry.empty() ? entry : (base / entry_path).string();
  };
  std::vector<CaseSpec> cases;
  std::set<std::string> seen;
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const auto& row = table.rows[r];
    CaseSpec spec{row[id_column], resolve(row[image_column]), resolve(row[mask_column]), "", std::nullopt};
    if (spec.id.empty()) throw InputError(fmt::format("{}: line {} has no id", path, r + 2));
    if (!seen.insert(spec.id).second)
      throw InputError(fmt::format("{}: the id '{}' appears twice", path, spec.id));
    if (roi_column >= 0) spec.roi = row[roi_column];
    if (label_column >= 0 && !row[label_column].empty()) {
      const std::string& text = row[label_column];
      long long label = 0;
      const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), label);
      if (error == std::errc::invalid_argument || end != text.data() + text.size())
        throw InputError(fmt::format("{}: case {}: label '{}' is not a whole number; {}", path, spec.id, text,
                                     settings::label_domain()));
      if (error == std::errc::result_out_of_range || label < settings::kMinLabel ||
          label > settings::kMaxLabel)
        throw InputError(fmt::format("{}: case {}: label {} is out of range; {}", path, spec.id, text,
                                     settings::label_domain()));
      spec.label = static_cast<int>(label);
    }
    cases.push_back(std::move(spec));
  }
  if (cases.empty()) throw InputError(fmt::format("{}: the manifest lists no case", path));
  return cases;
}

std::vector<CaseResult> extract_cases(
    const std::vector<CaseSpec>& cases, const settings::ExtractionSettings& settings,
    const std::vector<FeatureColumn>& columns, int jobs,
    const std::function<void(const CaseResult&, std::size_t done)>& on_case_done, bool with_diagnostics) {
  return extract_cases_perturbed(cases, settings, columns, {}, 0, jobs, on_case_done, with_diagnostics)
      .original;
}

std::string feature_table_csv(const std::vector<CaseResult>& results,
                              const std::vector<FeatureColumn>& columns, bool with_diagnostics) {
  std::string text = "id";
  const auto diagnostics = diagnostics_columns();
  if (with_diagnostics)
    for (const auto& name : diagnostics) text += "," + core::csv_field(name);
  for (const auto& column : columns) text += "," + core::csv_field(column.name);
  text += ",error\n";
  for (const auto& result : results) {
    text += core::csv_field(result.id);
    if (with_diagnostics)
      for (std::size_t k = 0; k < diagnostics.size(); ++k)
        text +=
            "," + (k < result.diagnostics.size() ? core::csv_field(result.diagnostics[k]) : std::string());
    for (std::size_t k = 0; k < columns.size(); ++k)
      text += "," + (k < result.values.size() ? core::csv_number(result.values[k]) : std::string());
    text += "," + core::csv_field(result.error) + "\n";
  }
  return text;
}

}  // namespace radstudy::study
