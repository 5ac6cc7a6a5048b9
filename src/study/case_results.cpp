#include "study/case_results.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "core/atomic_output.hpp"
#include "core/content_hash.hpp"
#include "core/csv.hpp"
#include "core/errors.hpp"
#include "core/text.hpp"
#include "study/extraction_cache.hpp"

namespace radstudy::study {
namespace fs = std::filesystem;
namespace {

constexpr const char* kCaseFormat = "radstudy case result 1";
constexpr const char* kCasesFolder = "cases";

std::string columns_file_path(const std::string& results_dir, const std::string& settings_hash) {
  return (fs::path(results_dir) / fmt::format("columns-{}.csv", settings_hash)).string();
}

std::optional<std::string> read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return text.str();
}

// A case file as written by write_case_file; nullopt when absent or not such a file.
struct CaseFile {
  std::string settings_hash, version, key, id, image, mask, roi, state, error, row;
  std::optional<int> label;
};

// The path as compared across runs: absolute and normalised, so that a manifest given as cases.csv or as
// /data/cases.csv names the same files.
std::string normal_path(const std::string& path) {
  if (path.empty()) return path;
  std::error_code error;
  const auto absolute = fs::absolute(path, error);
  return (error ? fs::path(path) : absolute).lexically_normal().string();
}

// A case file as written by write_case_file; nullopt when absent or not such a file. Its first line (the
// case, the settings, the state) is all that `with_row` false reads.
std::optional<CaseFile> read_case_file(const std::string& path, bool with_row) {
  std::error_code error;
  if (!fs::is_regular_file(path, error)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  std::string first, second;
  if (!std::getline(in, first)) return std::nullopt;
  if (with_row && !std::getline(in, second)) return std::nullopt;
  try {
    const auto json = nlohmann::json::parse(first);
    if (json.at("format").get<std::string>() != kCaseFormat) return std::nullopt;
    CaseFile file;
    file.settings_hash = json.at("settings").get<std::string>();
    file.version = json.at("radstudy_version").get<std::string>();
    file.key = json.at("key").get<std::string>();
    file.id = json.at("id").get<std::string>();
    file.image = json.at("image").get<std::string>();
    file.mask = json.at("mask").get<std::string>();
    file.roi = json.at("roi").get<std::string>();
    if (!json.at("label").is_null()) file.label = json.at("label").get<int>();
    file.state = json.at("state").get<std::string>();
    file.error = json.at("error").get<std::string>();
    if (file.state != "done" && file.state != "failed" && file.state != "retry") return std::nullopt;
    if (with_row) {
      file.row = nlohmann::json::parse(second).at("row").get<std::string>();
      if (file.row.find('\n') != std::string::npos || !file.row.starts_with(core::csv_field(file.id) + ","))
        return std::nullopt;
    }
    return file;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

CaseResultStatus status_of(const std::optional<CaseFile>& file, const CaseSpec& spec,
                           const std::string& settings_hash) {
  if (!file) return {CaseResultState::kMissing, "no result file"};
  if (file->id != spec.id) return {CaseResultState::kStale, fmt::format("the file is case {}'s", file->id)};
  if (file->settings_hash != settings_hash)
    return {CaseResultState::kStale, fmt::format("extracted with other settings or radstudy {} (settings {})",
                                                 file->version, file->settings_hash.substr(0, 12))};
  if (file->image != normal_path(spec.image) || file->mask != normal_path(spec.mask) ||
      file->roi != spec.roi || file->label != spec.label)
    return {CaseResultState::kStale, "extracted from other files (the manifest's row changed)"};
  if (file->state == "done") return {CaseResultState::kDone, ""};
  if (file->state == "failed") return {CaseResultState::kFailed, file->error};
  return {CaseResultState::kRetry, file->error};
}

void write_case_file(const std::string& results_dir, const CaseSpec& spec, const CaseResult& result,
                     const std::string& settings_hash, const std::string& key, const std::string& row) {
  nlohmann::ordered_json json;
  json["format"] = kCaseFormat;
  json["radstudy_version"] = RADSTUDY_VERSION;
  json["settings"] = settings_hash;
  json["key"] = key;
  json["id"] = spec.id;
  json["image"] = normal_path(spec.image);
  json["mask"] = normal_path(spec.mask);
  json["roi"] = spec.roi;
  json["label"] = spec.label ? nlohmann::ordered_json(*spec.label) : nlohmann::ordered_json(nullptr);
  const bool kept_failure = result.input_error && !result.settings_error;
  json["state"] = result.error.empty() ? "done" : kept_failure ? "failed" : "retry";
  json["error"] = result.error;
  json["seconds"] = result.seconds;
  nlohmann::ordered_json row_json;
  row_json["row"] = row;
  core::write_file_atomically(case_result_path(results_dir, spec.id),
                              json.dump() + "\n" + row_json.dump() + "\n");
}

// The row line of a one-case feature table (without its newline).
std::string row_line(const CaseResult& result, const std::vector<FeatureColumn>& columns, bool diagnostics) {
  const std::string table = feature_table_csv({result}, columns, diagnostics);
  const auto header_end = table.find('\n');
  return table.substr(header_end + 1, table.size() - header_end - 2);
}

void check_ids(const std::vector<CaseSpec>& cases) {
  std::set<std::string> ids;
  std::map<std::string, std::string> id_of_stem;
  for (const auto& spec : cases) {
    if (!ids.insert(spec.id).second)
      throw InputError(fmt::format("case {}: the id appears twice; give every case its own id", spec.id));
    const auto [at, inserted] = id_of_stem.emplace(case_file_stem(spec.id), spec.id);
    if (!inserted)
      throw InputError(fmt::format(
          "cases {} and {}: both ids give the result file {}.jsonl; make them differ in letters, digits, "
          "'.', '_' or '-'",
          at->second, spec.id, at->first));
  }
}

}  // namespace

std::string results_settings_hash(const settings::ExtractionSettings& settings,
                                  const std::vector<FeatureColumn>& columns, bool diagnostics) {
  core::ContentHash hash;
  hash.add_text("radstudy results settings 1");
  hash.add_text(RADSTUDY_VERSION);
  hash.add_text(canonical_settings_text(settings));
  hash.add_word(columns.size());
  for (const auto& column : columns) hash.add_text(column.name);
  hash.add_word(diagnostics ? 1 : 0);
  return hash.hex();
}

std::string case_result_path(const std::string& results_dir, const std::string& id) {
  return (fs::path(results_dir) / kCasesFolder / (case_file_stem(id) + ".jsonl")).string();
}

const char* state_name(CaseResultState state) {
  switch (state) {
    case CaseResultState::kDone:
      return "done";
    case CaseResultState::kFailed:
      return "failed";
    case CaseResultState::kRetry:
      return "to retry";
    case CaseResultState::kStale:
      return "stale";
    case CaseResultState::kMissing:
      return "missing";
  }
  return "missing";
}

std::vector<CaseResultStatus> case_result_states(const std::string& results_dir,
                                                 const std::vector<CaseSpec>& cases,
                                                 const std::string& settings_hash) {
  std::vector<CaseResultStatus> states;
  states.reserve(cases.size());
  for (const auto& spec : cases)
    states.push_back(
        status_of(read_case_file(case_result_path(results_dir, spec.id), false), spec, settings_hash));
  return states;
}

void prepare_results_folder(const std::string& results_dir, const std::string& settings_hash,
                            const std::string& header_line) {
  const fs::path folder(results_dir);
  std::error_code error;
  if (fs::exists(folder, error) && !fs::is_directory(folder, error))
    throw InputError(fmt::format("{}: is a file, not a folder; give --results a folder", results_dir));
  if (fs::is_directory(folder, error) && !fs::exists(folder / kResultsMarker, error) &&
      !fs::is_empty(folder, error))
    throw InputError(fmt::format(
        "{}: holds files but is not a radstudy results folder (no {}); give a new or empty folder",
        results_dir, kResultsMarker));
  fs::create_directories(folder / kCasesFolder, error);
  if (error)
    throw InputError(
        fmt::format("{}: cannot make the results folder ({}); check the path and its permissions",
                    results_dir, error.message()));
  if (!fs::exists(folder / kResultsMarker, error))
    core::write_file_atomically(
        (folder / kResultsMarker).string(),
        "radstudy per-case extraction results: cases/<id>.json, one per case; radstudy merge --results "
        "this folder --manifest CASES.csv --out features.csv makes the feature table.\n");
  const std::string columns_path = columns_file_path(results_dir, settings_hash);
  const auto existing = read_text(columns_path);
  if (!existing || *existing != header_line + "\n")
    core::write_file_atomically(columns_path, header_line + "\n");
}

ResultsExtraction extract_cases_to_results(const std::vector<CaseSpec>& cases,
                                           const settings::ExtractionSettings& settings,
                                           const std::vector<FeatureColumn>& columns,
                                           const std::string& results_dir, int jobs, bool diagnostics,
                                           const ResultsProgress& progress) {
  check_ids(cases);
  const std::string settings_hash = results_settings_hash(settings, columns, diagnostics);
  const std::string table_header = feature_table_csv({}, columns, diagnostics);
  prepare_results_folder(results_dir, settings_hash, table_header.substr(0, table_header.size() - 1));

  ResultsExtraction extraction;
  extraction.results.resize(cases.size());
  std::vector<std::optional<CaseCacheKeys>> keys(cases.size());
  std::vector<std::size_t> to_extract_rows;
  std::size_t done = 0;
  for (std::size_t k = 0; k < cases.size(); ++k) {
    const auto file = read_case_file(case_result_path(results_dir, cases[k].id), false);
    const auto status = status_of(file, cases[k], settings_hash);
    const bool candidate = status.state == CaseResultState::kDone || status.state == CaseResultState::kFailed;
    if (candidate) keys[k] = case_cache_keys(cases[k], settings, columns);
    // A failure whose files could not be read then (no key) is kept while they still cannot be read.
    const bool same_files =
        candidate &&
        (keys[k] ? file->key == (status.state == CaseResultState::kDone ? keys[k]->values : keys[k]->failure)
                 : status.state == CaseResultState::kFailed && file->key.empty());
    if (!same_files) {
      to_extract_rows.push_back(k);
      continue;
    }
    extraction.results[k].id = cases[k].id;
    extraction.results[k].error = file->error;
    ++extraction.kept;
    ++done;
    if (progress) progress(extraction.results[k], true, done);
  }

  std::vector<CaseSpec> to_extract;
  std::map<std::string, std::size_t> row_of;
  for (const auto k : to_extract_rows) {
    to_extract.push_back(cases[k]);
    row_of[cases[k].id] = k;
  }
  auto on_case_done = [&](const CaseResult& result, std::size_t) {
    const std::size_t k = row_of.at(result.id);
    // The key is of the files as they are after extraction (read again, from the page cache): a file
    // changed meanwhile gives a key that will not match next time, so the case is extracted again.
    const auto case_keys = case_cache_keys(cases[k], settings, columns);
    const std::string key = !case_keys             ? std::string()
                            : result.error.empty() ? case_keys->values
                                                   : case_keys->failure;
    try {
      write_case_file(results_dir, cases[k], result, settings_hash, key,
                      row_line(result, columns, diagnostics));
    } catch (const InputError& write_error) {
      extraction.notes.push_back(core::one_line(write_error.what()));
    }
    ++done;
    if (progress) progress(result, false, done);
  };
  if (!to_extract.empty()) {
    auto extracted = extract_cases(to_extract, settings, columns, jobs, on_case_done, diagnostics);
    for (std::size_t m = 0; m < to_extract_rows.size(); ++m)
      extraction.results[to_extract_rows[m]] = std::move(extracted[m]);
  }
  extraction.extracted = to_extract.size();
  if (!extraction.notes.empty())
    throw InputError(fmt::format("{} case file(s) not written to {}: {}", extraction.notes.size(),
                                 results_dir, extraction.notes.front()));
  return extraction;
}

MergedResults merge_case_results(const std::string& results_dir, const std::vector<CaseSpec>& cases,
                                 const std::string& settings_hash, bool missing_as_errors,
                                 const std::string& out) {
  check_ids(cases);
  std::error_code error;
  if (!fs::is_directory(results_dir, error) || !fs::exists(fs::path(results_dir) / kResultsMarker, error))
    throw InputError(fmt::format(
        "{}: not a radstudy results folder (no {}); give the folder of radstudy extract --results",
        results_dir, kResultsMarker));
  // First the states, from each file's first line; then the rows, streamed to the output.
  std::vector<std::optional<CaseFile>> files;
  files.reserve(cases.size());
  for (const auto& spec : cases)
    files.push_back(read_case_file(case_result_path(results_dir, spec.id), false));

  MergedResults merged;
  merged.settings_hash = settings_hash;
  if (merged.settings_hash.empty()) {
    std::map<std::string, std::size_t> count_of_hash;
    for (std::size_t k = 0; k < cases.size(); ++k)
      if (files[k] && files[k]->id == cases[k].id) ++count_of_hash[files[k]->settings_hash];
    if (count_of_hash.empty())
      throw InputError(
          fmt::format("{}: holds no result for any case of the manifest; extract them with "
                      "radstudy extract --manifest CASES.csv --results {}",
                      results_dir, results_dir));
    if (count_of_hash.size() > 1) {
      std::vector<std::string> counts;
      for (const auto& [hash, count] : count_of_hash)
        counts.push_back(fmt::format("{} case(s) with settings {}", count, hash.substr(0, 12)));
      throw InputError(fmt::format(
          "{}: the cases were extracted with different settings ({}); give --params (and --diagnostics if "
          "used) to merge those of one parameter file",
          results_dir, fmt::join(counts, ", ")));
    }
    merged.settings_hash = count_of_hash.begin()->first;
  }
  const auto header = read_text(columns_file_path(results_dir, merged.settings_hash));
  if (!header || header->empty() || header->back() != '\n' || !header->starts_with("id,"))
    throw InputError(
        fmt::format("{}: no columns file for settings {} ({}); extract the cases again with "
                    "radstudy extract --results",
                    results_dir, merged.settings_hash.substr(0, 12),
                    columns_file_path(results_dir, merged.settings_hash)));
  std::vector<CaseResultStatus> states;
  for (std::size_t k = 0; k < cases.size(); ++k) {
    states.push_back(status_of(files[k], cases[k], merged.settings_hash));
    switch (states.back().state) {
      case CaseResultState::kDone:
        ++merged.done;
        break;
      case CaseResultState::kFailed:
      case CaseResultState::kRetry:
        merged.failed.push_back(cases[k].id);
        break;
      default:
        merged.missing.push_back(fmt::format("{}: {}", cases[k].id, states.back().detail));
    }
  }
  if ((!merged.missing.empty() && !missing_as_errors) || merged.done == 0) return merged;

  const std::size_t commas = static_cast<std::size_t>(std::count(header->begin(), header->end(), ','));
  core::write_file_atomically_with(out, ".csv", [&](const std::string& temporary) {
    std::ofstream stream(temporary, std::ios::binary);
    stream << *header;
    for (std::size_t k = 0; k < cases.size(); ++k) {
      const auto state = states[k].state;
      if (state == CaseResultState::kStale || state == CaseResultState::kMissing) {
        stream << core::csv_field(cases[k].id) << std::string(commas - 1, ',') << ','
               << core::csv_field(fmt::format("not extracted: {} in {}", states[k].detail, results_dir))
               << '\n';
        continue;
      }
      const auto file = read_case_file(case_result_path(results_dir, cases[k].id), true);
      if (!file || status_of(file, cases[k], merged.settings_hash).state != state)
        throw InputError(
            fmt::format("{}: case {}'s result changed while it was merged (a task still running?); "
                        "merge again when the extraction has ended",
                        results_dir, cases[k].id));
      stream << file->row << '\n';
    }
    stream.flush();
    if (!stream) throw InputError(fmt::format("{}: cannot be written (disk full?)", out));
  });
  merged.written = true;
  return merged;
}

}  // namespace radstudy::study
