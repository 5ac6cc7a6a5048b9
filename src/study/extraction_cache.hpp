#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "settings/extraction_settings.hpp"
#include "study/case_extraction.hpp"

// A per-case cache of extraction results, so that a study run again with other model settings extracts
// nothing and an interrupted run resumes: one file per case, CACHE/<id>-<key>.csv, holding the case's row
// of the feature table (id, the feature columns, error), numbers written as the shortest text that reads
// back to the same double.
namespace radstudy::study {

// Every setting of `settings` as text, in a fixed order, without the file it came from: two settings
// that extract the same features give the same text whatever their file's layout or comments.
std::string canonical_settings_text(const settings::ExtractionSettings& settings);

// The keys of a case, 32 hex digits each (128 bits):
// - values: the bytes of the image and the mask (a DICOM series folder: every file's name and bytes, in
//   name order; a header file: its data file too), the ROI, the label, the case id, the feature columns,
//   the canonical settings text and radstudy's version. Paths are left out: moving the data keeps the cache.
// - failure: values plus the image and mask paths, since an error message names the files.
// nullopt when a file cannot be read (the case is extracted, its error reported, nothing cached).
struct CaseCacheKeys {
  std::string values;
  std::string failure;
};
std::optional<CaseCacheKeys> case_cache_keys(const CaseSpec& spec,
                                             const settings::ExtractionSettings& settings,
                                             const std::vector<FeatureColumn>& columns);

// A case id as a file name: its first 100 characters, each other than letters, digits, '.', '_' and '-'
// replaced by '_', and '_' before a leading dot.
std::string case_file_stem(const std::string& id);

// The cache file of a case for a key: `cache_dir`/<case_file_stem(id)>-<key>.csv.
std::string cache_file_path(const std::string& cache_dir, const std::string& id, const std::string& key);

struct CachedExtraction {
  std::vector<CaseResult> results;  // in the order of the cases; read back or extracted
  std::size_t reused = 0;           // cases read from the cache
  std::size_t extracted = 0;        // cases extracted now
  std::vector<std::string> notes;   // e.g. a cache file that could not be written
};

// Called (serialised) for each case: first every case read from the cache, then each extracted case as
// it finishes; `done` counts both.
using CachedCaseProgress = std::function<void(const CaseResult& result, bool from_cache, std::size_t done)>;

// extract_cases (without diagnostics) through the cache in `cache_dir` (created when missing): a case
// whose cache file for its key exists and holds a valid row is read back (bit-identical values; its
// `seconds` is 0), every other case is extracted with up to `jobs` at a time and its file written
// atomically as soon as it finishes, so that an interrupted run keeps what was done. A failed case is
// cached (under its failure key) only when the failure is the input's (InputError, NumericalError); a
// failure of the settings' limits or of the machine is extracted again next time. InputError for
// duplicate ids or a cache folder that cannot be made.
CachedExtraction extract_cases_cached(const std::vector<CaseSpec>& cases,
                                      const settings::ExtractionSettings& settings,
                                      const std::vector<FeatureColumn>& columns, const std::string& cache_dir,
                                      int jobs, const CachedCaseProgress& progress);

// extract_cases_perturbed through the cache: each case's original row as extract_cases_cached keeps it,
// and one file per (case, perturbation) under a key that adds the perturbation's name, kind and amount
// and the seed to the case's key. Cases with a row missing are extracted again whole (original and every
// perturbation, reading the image once), a few at a time, each batch written before the next starts, so
// that an interrupted run keeps what was done. `records` are left empty for cases read from the cache.
PerturbedExtraction extract_cases_perturbed_cached(const std::vector<CaseSpec>& cases,
                                                   const settings::ExtractionSettings& settings,
                                                   const std::vector<FeatureColumn>& columns,
                                                   const std::vector<preprocess::Perturbation>& perturbations,
                                                   std::uint64_t seed, const std::string& cache_dir, int jobs,
                                                   const CachedCaseProgress& progress);

}  // namespace radstudy::study
