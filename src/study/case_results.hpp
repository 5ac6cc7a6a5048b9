#pragma once
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "settings/extraction_settings.hpp"
#include "study/case_extraction.hpp"

// A results folder: one file per case, so that extraction can be split over processes, machines and
// cluster tasks, resumed after a failure, and merged into the feature table a single run writes.
//
//   DIR/radstudy-results.txt         marks the folder as radstudy's (a folder without it is refused
//                                    unless empty)
//   DIR/columns-<settings>.csv       the feature table's header line for those settings
//   DIR/cases/<id>.jsonl             one case in two JSON lines: first the case's files, the settings hash,
//                                    radstudy's version, the content key and the state (done, failed,
//                                    retry) with the error; then {"row": its row of the feature table}
//
// Every file is written atomically (a temporary file renamed), so a killed process leaves a case's file
// whole or absent, never half-written.
namespace radstudy::study {

inline constexpr const char* kResultsMarker = "radstudy-results.txt";

// The hash of what a case file's row depends on besides the case: the canonical settings, the feature
// columns, diagnostics or not, radstudy's version (32 hex digits).
std::string results_settings_hash(const settings::ExtractionSettings& settings,
                                  const std::vector<FeatureColumn>& columns, bool diagnostics);

// A case's file in `results_dir`: cases/<case_file_stem(id)>.jsonl (study/extraction_cache.hpp).
std::string case_result_path(const std::string& results_dir, const std::string& id);

// What a results folder holds for a case, told from the files alone (no image is read).
enum class CaseResultState {
  kDone,     // a row of features, for these settings and these files
  kFailed,   // an error row that the same files give again (a bad input): kept, not extracted again
  kRetry,    // an error of the machine or of the settings' limits: extracted again next time
  kStale,    // a file for other settings, another radstudy version or other files of the case
  kMissing,  // no file (or one radstudy cannot read)
};
const char* state_name(CaseResultState state);

struct CaseResultStatus {
  CaseResultState state = CaseResultState::kMissing;
  std::string detail;  // why stale or missing, or the error of a failed case
};

// The state of each case of `cases` in `results_dir` for `settings_hash`.
std::vector<CaseResultStatus> case_result_states(const std::string& results_dir,
                                                 const std::vector<CaseSpec>& cases,
                                                 const std::string& settings_hash);

// Makes the folder (or checks an existing one is a results folder) and writes its columns file.
// InputError for a folder that holds other files, or that cannot be made or written.
void prepare_results_folder(const std::string& results_dir, const std::string& settings_hash,
                            const std::string& header_line);

struct ResultsExtraction {
  std::vector<CaseResult> results;  // in the order of the cases; those kept hold only id and error
  std::size_t kept = 0;             // cases whose file was already there for these settings and contents
  std::size_t extracted = 0;
  std::vector<std::string> notes;
};

// Called (serialised) for each case: first each kept one, then each extracted one as it finishes.
using ResultsProgress = std::function<void(const CaseResult& result, bool kept, std::size_t done)>;

// Extracts `cases` into `results_dir` with up to `jobs` at a time, each case's file written as soon as
// it is done. A case is kept (not extracted again) when its file holds a row for these settings whose
// content key equals the case's files' now (their bytes are read and hashed, as the extraction cache
// does); a failed row is kept when the failure is the input's. InputError for duplicate ids, two ids
// with the same file name, or a folder that cannot be used.
ResultsExtraction extract_cases_to_results(const std::vector<CaseSpec>& cases,
                                           const settings::ExtractionSettings& settings,
                                           const std::vector<FeatureColumn>& columns,
                                           const std::string& results_dir, int jobs, bool diagnostics,
                                           const ResultsProgress& progress);

// The feature table of `cases` from their files in `results_dir`, written to `out` (atomically, streamed: one
// case's row in memory at a time), byte for byte what `radstudy extract --manifest` writes for them.
struct MergedResults {
  bool written = false;
  std::string settings_hash;        // of the rows merged
  std::size_t done = 0;             // rows with features
  std::vector<std::string> failed;  // ids of error rows
  // Cases without a usable file: "id: reason" (missing or stale); with `missing_as_errors` they are error
  // rows of the table, else the table is not written.
  std::vector<std::string> missing;
};
// `settings_hash` empty: the settings of the case files found, which must agree (InputError otherwise,
// naming the hashes). InputError when no columns file exists for the settings, or a case file changes
// while it is merged. Nothing is written when no case has features.
MergedResults merge_case_results(const std::string& results_dir, const std::vector<CaseSpec>& cases,
                                 const std::string& settings_hash, bool missing_as_errors,
                                 const std::string& out);

}  // namespace radstudy::study
