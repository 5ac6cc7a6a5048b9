#pragma once
#include <functional>
#include <string>

#include "study/manifest_shard.hpp"
#include "study/study_file.hpp"
#include "study/study_results.hpp"

// `radstudy run`: the whole study of a checked study file, as numbers (StudyResults).
namespace radstudy::study {

struct StudyRunOptions {
  std::string cache_dir;  // the per-case extraction cache (study/extraction_cache.hpp)
  int jobs = 1;
  // One line per step and per extracted case (serialised).
  std::function<void(const std::string& line)> progress;
  std::size_t bootstrap_replicates = 2000;
};

// Extraction (through the cache), reproducibility, Table 1, univariate screening, the LASSO, nested
// cross-validation of every model, the permutation test, calibration, bootstrap intervals, the final
// model, survival, decision curves and the external cohorts. The same study file and seed give the same
// results, bit for bit, whatever `jobs`. Cases whose extraction fails are left out with a note (an
// InputError when too few remain for the folds); InputError, ConfigError or NumericalError for what
// makes the study impossible, naming the step.
StudyResults run_study(const CheckedStudy& study, const StudyRunOptions& options);

// The extractions run_study needs, for one shard of the cases (study/manifest_shard.hpp: the rows I, I+N,
// ... of the manifest and of each external cohort's manifest): each case, then its perturbations or its
// second mask, into options.cache_dir, from which run_study reads them back. The shards of a study can so
// be extracted by separate processes (radstudy run --extract-shard, the array of --executor slurm).
struct StudyExtractionSummary {
  std::size_t cases = 0;      // of the shard, external cohorts included
  std::size_t extracted = 0;  // cases extracted now (with their perturbations or second mask)
  std::size_t failed = 0;
};
StudyExtractionSummary extract_study_shard(const CheckedStudy& study, const StudyRunOptions& options,
                                           const Shard& shard);

}  // namespace radstudy::study
