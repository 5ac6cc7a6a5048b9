#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/data_table.hpp"
#include "preprocess/region_perturbation.hpp"
#include "settings/extraction_settings.hpp"
#include "stats/intraclass_correlation.hpp"
#include "study/case_extraction.hpp"
#include "study/model_evaluation.hpp"

// The study file of `radstudy run STUDY.yaml`: the whole study as one YAML file. Every path in it is
// taken from the study file's folder unless absolute. Every setting has a default written here.
namespace radstudy::study {

struct StudyCohort {
  std::string manifest;  // required: id,image,mask[,roi][,label][,mask2]
  std::string clinical;  // required: one row per case
  std::string id = "id";
  std::string outcome;  // required: 0/1, 1 = the event to predict
  std::string time;     // survival time; empty (with event) when the study has no survival analysis
  std::string event;    // 1 = event, 0 = censored
  std::vector<std::string> clinical_variables;  // default: none
};

enum class ReproducibilityMethod { kPerturbation, kSecondMask, kNone };

struct StudyReproducibility {
  ReproducibilityMethod method = ReproducibilityMethod::kNone;
  stats::IccType icc = stats::IccType::icc2;
  double threshold = 0.9;  // features with ICC >= threshold are kept
  // method perturbation: radstudy extract --perturb's items (erode, dilate, shift[:MM], noise[:SD]).
  std::vector<std::string> perturbation_items{"erode", "dilate", "shift", "noise"};
  std::vector<preprocess::Perturbation> perturbations;  // the items parsed
};

struct StudySelection {
  std::string method = "lasso";
  std::size_t n = 10;
  SelectionScope scope = SelectionScope::kFold;
};

struct StudyValidation {
  int folds = 5;
  int repeats = 10;
  std::uint64_t seed = 1;
  int permutations = 200;  // permutation test of the cross-validated AUC; 0: none
};

struct StudySurvival {
  double entry_p = 0.1;  // univariate Cox p below which a variable enters the multivariate model
};

struct ExternalCohort {
  std::string name;  // letters, digits, '_' and '-' (it names output files)
  std::string manifest;
  std::string clinical;
};

struct StudyFile {
  std::string path;    // the study file, as given
  std::string folder;  // the folder its relative paths are taken from
  StudyCohort cohort;
  std::string params;  // features.params; empty: PyRadiomics' default set
  StudyReproducibility reproducibility;
  StudySelection selection;
  std::vector<std::string> models;  // default "all": every classifier in models::classifier_names() order
  StudyValidation validation;
  StudySurvival survival;
  std::vector<ExternalCohort> external;
};

// Reads and checks the study file's own content: YAML syntax, unknown keys at any level (with the
// closest known key), types, ranges and missing required keys. ConfigError, one line:
// `<file>: <key>: <problem>; <what to do>`. InputError when the file cannot be read.
StudyFile read_study_file(const std::string& path);
StudyFile parse_study_file(const std::string& yaml_text, const std::string& path);

// The data of an external cohort, checked.
struct ExternalCohortData {
  ExternalCohort cohort;
  std::vector<CaseSpec> cases;
  core::DataTable clinical;
};

// What check_study read, for the run to use without reading it again.
struct CheckedStudy {
  StudyFile study;
  std::vector<CaseSpec> cases;              // the manifest
  std::vector<CaseSpec> second_mask_cases;  // reproducibility second_mask: the cases with mask2 as mask
  core::DataTable clinical;                 // rows in the manifest's order
  settings::ExtractionSettings settings;
  std::vector<FeatureColumn> columns;
  std::vector<ExternalCohortData> external;
};

// Everything that can be checked before any work, each refusal one line naming the study file and the
// key or file: missing files (manifest, clinical, params, external files), a manifest or clinical table
// that does not parse, ids of the manifest missing from the clinical table and the reverse, the outcome
// (present, 0/1, no missing value, both classes, at least validation.folds cases of each), time and
// event (present, no missing value, time >= 0, event 0/1), clinical variables present, a mask2 column
// for reproducibility second_mask, the parameter file's settings and the models' limits. InputError for
// data and files, ConfigError for settings.
CheckedStudy check_study(const StudyFile& study);

// read_study_file, then check_study.
CheckedStudy load_study(const std::string& path);

std::string reproducibility_method_name(ReproducibilityMethod method);

}  // namespace radstudy::study
