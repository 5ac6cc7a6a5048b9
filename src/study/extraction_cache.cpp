#include "study/extraction_cache.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>

#include "core/atomic_output.hpp"
#include "core/content_hash.hpp"
#include "core/csv.hpp"
#include "core/errors.hpp"
#include "core/seeded_random.hpp"
#include "core/text.hpp"

namespace radstudy::study {
namespace fs = std::filesystem;
using core::ContentHash;
namespace {

// Every field of ExtractionSettings must be in canonical_settings_text, or a changed setting would
// read back features extracted with the old one. This size changes when a field is added.
static_assert(sizeof(settings::ExtractionSettings) == 512,
              "settings::ExtractionSettings changed: add the new field to canonical_settings_text "
              "(study/extraction_cache.cpp), then update this size");

// The value of the first of `names` in a header's lines (`separator` between name and value, blanks in
// names ignored), trimmed; empty if absent.
// Stops at the header's end: a blank line (NRRD) or 64 KB.
std::string header_field(const fs::path& path, const std::vector<std::string>& names, char separator) {
  std::ifstream in(path, std::ios::binary);
  std::string line;
  std::size_t bytes = 0;
  while (std::getline(in, line) && bytes < (1u << 16)) {
    bytes += line.size() + 1;
    if (line.empty() || line == "\r") break;
    const auto at = line.find(separator);
    if (at == std::string::npos) continue;
    std::string name = core::lowercase(line.substr(0, at));
    name.erase(std::remove(name.begin(), name.end(), ' '), name.end());
    for (const auto& wanted : names)
      if (name == wanted) return core::one_line(line.substr(at + 1));
  }
  return {};
}

// The files whose bytes make an image or mask: the path itself (or a folder's files in name order),
// and the data file a header names. nullopt when a data file cannot be told (a list or a pattern).
std::optional<std::vector<fs::path>> content_files(const fs::path& path) {
  std::error_code error;
  if (fs::is_directory(path, error)) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(path, error))
      if (entry.is_regular_file()) files.push_back(entry.path());
    if (error) return std::nullopt;
    std::sort(files.begin(), files.end());
    return files;
  }
  std::vector<fs::path> files{path};
  const std::string name = core::lowercase(path.filename().string());
  auto add_data_file = [&](const std::string& data_file) {
    if (data_file.empty() || core::lowercase(data_file) == "local") return true;
    if (data_file.find('%') != std::string::npos || data_file.starts_with("LIST") ||
        data_file.find(' ') != std::string::npos)
      return false;
    const fs::path data(data_file);
    files.push_back(data.is_absolute() ? data : path.parent_path() / data);
    return true;
  };
  if (name.ends_with(".hdr")) {
    for (const char* extension : {".img", ".img.gz"}) {
      const fs::path image = path.parent_path() / (path.stem().string() + extension);
      if (fs::exists(image, error)) files.push_back(image);
    }
  } else if (name.ends_with(".nhdr") || name.ends_with(".nrrd")) {
    if (!add_data_file(header_field(path, {"datafile"}, ':'))) return std::nullopt;
  } else if (name.ends_with(".mhd") || name.ends_with(".mha")) {
    if (!add_data_file(header_field(path, {"elementdatafile"}, '='))) return std::nullopt;
  }
  return files;
}

bool add_content(ContentHash& hash, const std::string& path) {
  const auto files = content_files(path);
  if (!files) return false;
  hash.add_word(files->size());
  for (const auto& file : *files) {
    hash.add_text(file.filename().string());
    if (!hash.add_file(file)) return false;
  }
  return true;
}

std::string interpolator_name(settings::Interpolator interpolator) {
  static const char* names[] = {"None", "nearest", "linear", "bspline"};
  return names[static_cast<int>(interpolator)];
}

template <typename Value>
std::string optional_text(const std::optional<Value>& value) {
  if (!value) return "None";
  if constexpr (std::is_floating_point_v<Value>)
    return core::csv_number(*value);
  else
    return fmt::format("{}", *value);
}

std::string numbers_text(const std::vector<double>& values) {
  std::vector<std::string> texts;
  for (const double value : values) texts.push_back(core::csv_number(value));
  return fmt::format("[{}]", fmt::join(texts, ";"));
}

std::string filter_options_text(const std::map<std::string, settings::FilterOption>& options) {
  std::string text;
  for (const auto& [name, option] : options)
    text += fmt::format("{}={}|{}|{};", name, numbers_text(option.numbers), fmt::join(option.words, ";"),
                        option.from_image_type ? 1 : 0);
  return text;
}

// The case's row read back from its cache file; nullopt when the file is absent or not a valid row of
// these columns for this case.
std::optional<CaseResult> read_cached_row(const std::string& path, const std::string& id,
                                          const std::vector<FeatureColumn>& columns) {
  std::error_code error;
  if (!fs::is_regular_file(path, error)) return std::nullopt;
  core::CsvTable table;
  try {
    table = core::read_csv(path, "extraction cache file");
  } catch (const std::exception&) {
    return std::nullopt;
  }
  if (table.rows.size() != 1 || table.header.size() != columns.size() + 2 || table.header.front() != "id" ||
      table.header.back() != "error")
    return std::nullopt;
  for (std::size_t k = 0; k < columns.size(); ++k)
    if (table.header[k + 1] != columns[k].name) return std::nullopt;
  const auto& row = table.rows.front();
  if (row.front() != id) return std::nullopt;
  CaseResult result;
  result.id = id;
  result.error = row.back();
  if (!result.error.empty()) {
    for (std::size_t k = 1; k + 1 < row.size(); ++k)
      if (!row[k].empty()) return std::nullopt;
    result.input_error = true;
    return result;
  }
  result.values.reserve(columns.size());
  for (std::size_t k = 1; k + 1 < row.size(); ++k) {
    const std::string& text = row[k];
    double value = 0;
    const auto [end, status] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || status != std::errc() || end != text.data() + text.size() || std::isinf(value))
      return std::nullopt;
    result.values.push_back(value);
  }
  return result;
}

// Checks the ids and makes the folder; the keys of every case (reading every file once).
std::vector<std::optional<CaseCacheKeys>> prepare_cache(const std::vector<CaseSpec>& cases,
                                                        const settings::ExtractionSettings& settings,
                                                        const std::vector<FeatureColumn>& columns,
                                                        const std::string& cache_dir, int jobs) {
  std::set<std::string> ids;
  for (const auto& spec : cases)
    if (!ids.insert(spec.id).second)
      throw InputError(fmt::format("case {}: the id appears twice; give every case its own id", spec.id));
  std::error_code error;
  fs::create_directories(cache_dir, error);
  if (error || !fs::is_directory(cache_dir))
    throw InputError(
        fmt::format("{}: cannot make the extraction cache folder ({}); check the path and its "
                    "permissions",
                    cache_dir, error ? error.message() : "a file has that name"));
  std::vector<std::optional<CaseCacheKeys>> keys(cases.size());
  tbb::task_arena arena(std::max(1, jobs));
  arena.execute([&] {
    tbb::parallel_for(std::size_t{0}, cases.size(),
                      [&](std::size_t k) { keys[k] = case_cache_keys(cases[k], settings, columns); });
  });
  return keys;
}

// A case's row from the cache: a good row under the values key, or an input failure under the failure key.
std::optional<CaseResult> read_cached_case(const std::string& cache_dir, const std::string& id,
                                           const CaseCacheKeys& keys,
                                           const std::vector<FeatureColumn>& columns) {
  auto cached = read_cached_row(cache_file_path(cache_dir, id, keys.values), id, columns);
  if (cached && !cached->error.empty()) cached.reset();  // the values key holds good rows only
  if (!cached) {
    cached = read_cached_row(cache_file_path(cache_dir, id, keys.failure), id, columns);
    if (cached && cached->error.empty()) cached.reset();
  }
  return cached;
}

// Writes a good row or an input failure (a failure of the settings' limits or of the machine is not kept);
// a write that fails adds one note.
void write_cached_case(const std::string& cache_dir, const CaseResult& result, const CaseCacheKeys& keys,
                       const std::vector<FeatureColumn>& columns, std::vector<std::string>& notes) {
  const bool cacheable = result.error.empty() || (result.input_error && !result.settings_error);
  if (!cacheable) return;
  const auto& key = result.error.empty() ? keys.values : keys.failure;
  try {
    core::write_file_atomically(cache_file_path(cache_dir, result.id, key),
                                feature_table_csv({result}, columns, false));
  } catch (const InputError& write_error) {
    if (notes.empty())
      notes.push_back(
          fmt::format("extraction cache not written ({}); the next run extracts those cases again",
                      core::one_line(write_error.what())));
  }
}

// The keys of a perturbed extraction of a case: the case's keys with the perturbation and the seed added.
CaseCacheKeys perturbed_keys(const CaseCacheKeys& keys, const preprocess::Perturbation& perturbation,
                             std::uint64_t seed) {
  CaseCacheKeys derived;
  for (const auto* source : {&keys.values, &keys.failure}) {
    ContentHash hash;
    hash.add_text("radstudy perturbed extraction 1");
    hash.add_text(*source);
    hash.add_text(perturbation.name);
    hash.add_word(static_cast<std::uint64_t>(perturbation.kind));
    hash.add_text(perturbation.amount ? core::csv_number(*perturbation.amount) : "default");
    hash.add_word(seed);
    (source == &keys.values ? derived.values : derived.failure) = hash.hex();
  }
  return derived;
}

}  // namespace

std::string canonical_settings_text(const settings::ExtractionSettings& s) {
  std::string text = "radstudy extraction settings 1\n";
  auto line = [&](const std::string& key, const std::string& value) { text += key + "=" + value + "\n"; };
  for (const auto& type : s.image_types) {
    std::string overrides;
    for (const auto& [key, value] : type.setting_overrides) overrides += key + ":" + value + ";";
    line("imageType." + type.name, filter_options_text(type.options) + "|" + overrides);
  }
  for (const auto& [name, features] : s.feature_classes)
    line("featureClass." + name, fmt::format("[{}]", fmt::join(features, ";")));
  line("binWidth", optional_text(s.bin_width));
  line("binCount", optional_text(s.bin_count));
  line("resampledPixelSpacing", numbers_text(s.resampled_pixel_spacing));
  line("interpolator", interpolator_name(s.interpolator));
  line("padDistance", std::to_string(s.pad_distance));
  line("label", std::to_string(s.label));
  line("resegmentRange", numbers_text(s.resegment_range));
  line("resegmentMode", std::to_string(static_cast<int>(s.resegment_mode)));
  line("normalize", std::to_string(s.normalize));
  line("normalizeScale", core::csv_number(s.normalize_scale));
  line("removeOutliers", optional_text(s.remove_outliers));
  line("force2D", std::to_string(s.force_2d));
  line("force2Ddimension", std::to_string(s.force_2d_dimension));
  line("distances", fmt::format("[{}]", fmt::join(s.distances, ";")));
  line("voxelArrayShift", core::csv_number(s.voxel_array_shift));
  line("preCrop", std::to_string(s.pre_crop));
  line("minimumROIDimensions", std::to_string(s.minimum_roi_dimensions));
  line("minimumROISize", optional_text(s.minimum_roi_size));
  line("gldm_a", core::csv_number(s.gldm_a));
  line("weightingNorm", s.weighting_norm);
  line("correctMask", std::to_string(s.correct_mask));
  line("additionalInfo", std::to_string(s.additional_info));
  line("geometryTolerance", core::csv_number(s.geometry_tolerance));
  line("symmetricalGLCM", std::to_string(s.symmetrical_glcm));
  line("resampleGrid", std::to_string(static_cast<int>(s.resample_grid)));
  line("discretisation", std::to_string(static_cast<int>(s.discretisation)));
  line("maskInterpolator", interpolator_name(s.mask_interpolator));
  line("maskPartialVolume", core::csv_number(s.mask_partial_volume));
  line("intensityRounding", std::to_string(s.intensity_rounding));
  line("resegmentOutlierSigma", optional_text(s.resegment_outlier_sigma));
  line("ivhBinWidth", optional_text(s.ivh_bin_width));
  line("ivhBinCount", optional_text(s.ivh_bin_count));
  line("resampledPixelType", s.resample_to_float ? "float32" : "stored");
  line("textureAggregation", fmt::format("[{}]", fmt::join(s.texture_aggregation, ";")));
  for (const auto& region : s.regions)
    line("region." + region.name, fmt::format("ring={}|range={}", core::csv_number(region.ring_mm),
                                              numbers_text(region.intensity_range)));
  line("generalFilterOptions", filter_options_text(s.general_filter_options));
  return text;
}

std::optional<CaseCacheKeys> case_cache_keys(const CaseSpec& spec,
                                             const settings::ExtractionSettings& settings,
                                             const std::vector<FeatureColumn>& columns) {
  ContentHash hash;
  hash.add_text("radstudy extraction cache 1");
  hash.add_text(RADSTUDY_VERSION);
  hash.add_text(canonical_settings_text(settings));
  hash.add_word(columns.size());
  for (const auto& column : columns) hash.add_text(column.name);
  hash.add_text(spec.id);
  hash.add_text(spec.roi);
  hash.add_text(spec.label ? std::to_string(*spec.label) : "settings");
  if (!add_content(hash, spec.image) || !add_content(hash, spec.mask)) return std::nullopt;
  CaseCacheKeys keys;
  keys.values = hash.hex();
  hash.add_text(spec.image);
  hash.add_text(spec.mask);
  keys.failure = hash.hex();
  return keys;
}

std::string case_file_stem(const std::string& id) {
  std::string name = id.substr(0, 100);
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') c = '_';
  if (name.empty() || name.front() == '.') name.insert(name.begin(), '_');
  return name;
}

std::string cache_file_path(const std::string& cache_dir, const std::string& id, const std::string& key) {
  return (fs::path(cache_dir) / (case_file_stem(id) + "-" + key + ".csv")).string();
}

CachedExtraction extract_cases_cached(const std::vector<CaseSpec>& cases,
                                      const settings::ExtractionSettings& settings,
                                      const std::vector<FeatureColumn>& columns, const std::string& cache_dir,
                                      int jobs, const CachedCaseProgress& progress) {
  const auto keys = prepare_cache(cases, settings, columns, cache_dir, jobs);
  CachedExtraction extraction;
  extraction.results.resize(cases.size());
  std::vector<std::size_t> missing;
  std::size_t done = 0;
  for (std::size_t k = 0; k < cases.size(); ++k) {
    auto cached = keys[k] ? read_cached_case(cache_dir, cases[k].id, *keys[k], columns) : std::nullopt;
    if (!cached) {
      missing.push_back(k);
      continue;
    }
    extraction.results[k] = std::move(*cached);
    ++extraction.reused;
    ++done;
    if (progress) progress(extraction.results[k], true, done);
  }

  std::vector<CaseSpec> to_extract;
  std::map<std::string, std::size_t> position_of;
  for (const auto k : missing) {
    to_extract.push_back(cases[k]);
    position_of[cases[k].id] = k;
  }
  // Each finished case is written to the cache at once (extract_cases serialises this callback).
  auto on_case_done = [&](const CaseResult& result, std::size_t) {
    const std::size_t k = position_of.at(result.id);
    if (keys[k]) write_cached_case(cache_dir, result, *keys[k], columns, extraction.notes);
    ++done;
    if (progress) progress(result, false, done);
  };
  if (!to_extract.empty()) {
    auto extracted = extract_cases(to_extract, settings, columns, jobs, on_case_done, false);
    for (std::size_t m = 0; m < missing.size(); ++m) extraction.results[missing[m]] = std::move(extracted[m]);
  }
  extraction.extracted = to_extract.size();
  return extraction;
}

PerturbedExtraction extract_cases_perturbed_cached(const std::vector<CaseSpec>& cases,
                                                   const settings::ExtractionSettings& settings,
                                                   const std::vector<FeatureColumn>& columns,
                                                   const std::vector<preprocess::Perturbation>& perturbations,
                                                   std::uint64_t seed, const std::string& cache_dir, int jobs,
                                                   const CachedCaseProgress& progress) {
  const auto keys = prepare_cache(cases, settings, columns, cache_dir, jobs);
  PerturbedExtraction extraction;
  extraction.original.resize(cases.size());
  extraction.perturbed.assign(perturbations.size(), std::vector<CaseResult>(cases.size()));
  extraction.records.assign(perturbations.size(), std::vector<preprocess::PerturbationRecord>(cases.size()));
  std::vector<std::size_t> missing;
  std::size_t done = 0;
  for (std::size_t k = 0; k < cases.size(); ++k) {
    bool found = false;
    if (keys[k]) {
      auto original = read_cached_case(cache_dir, cases[k].id, *keys[k], columns);
      found = original.has_value();
      if (found) extraction.original[k] = std::move(*original);
      for (std::size_t p = 0; found && p < perturbations.size(); ++p) {
        auto row = read_cached_case(cache_dir, cases[k].id, perturbed_keys(*keys[k], perturbations[p], seed),
                                    columns);
        found = row.has_value();
        if (found) extraction.perturbed[p][k] = std::move(*row);
      }
    }
    if (!found) {
      missing.push_back(k);
      continue;
    }
    ++done;
    if (progress) progress(extraction.original[k], true, done);
  }
  std::vector<std::string> notes;
  const std::size_t batch = static_cast<std::size_t>(std::max(1, jobs)) * 2;
  for (std::size_t first = 0; first < missing.size(); first += batch) {
    std::vector<CaseSpec> to_extract;
    const std::size_t last = std::min(missing.size(), first + batch);
    for (std::size_t m = first; m < last; ++m) to_extract.push_back(cases[missing[m]]);
    auto extracted =
        extract_cases_perturbed(to_extract, settings, columns, perturbations, seed, jobs, nullptr, false);
    for (std::size_t m = first; m < last; ++m) {
      const std::size_t k = missing[m], e = m - first;
      extraction.original[k] = std::move(extracted.original[e]);
      if (keys[k]) write_cached_case(cache_dir, extraction.original[k], *keys[k], columns, notes);
      for (std::size_t p = 0; p < perturbations.size(); ++p) {
        extraction.perturbed[p][k] = std::move(extracted.perturbed[p][e]);
        extraction.records[p][k] = extracted.records[p][e];
        if (keys[k])
          write_cached_case(cache_dir, extraction.perturbed[p][k],
                            perturbed_keys(*keys[k], perturbations[p], seed), columns, notes);
      }
      ++done;
      if (progress) progress(extraction.original[k], false, done);
    }
  }
  return extraction;
}

}  // namespace radstudy::study
