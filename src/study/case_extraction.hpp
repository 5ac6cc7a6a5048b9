#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "features/feature_family.hpp"
#include "preprocess/region_perturbation.hpp"
#include "settings/extraction_settings.hpp"

namespace radstudy::study {

// One case to extract: an image (file or DICOM directory) and its region (a label image, or an
// RTSTRUCT with an ROI name).
struct CaseSpec {
  std::string id;
  std::string image;
  std::string mask;
  std::string roi;           // RTSTRUCT ROI name; empty for a label image
  std::optional<int> label;  // overrides settings.label
};

// A column of the feature table, with where it comes from.
struct FeatureColumn {
  std::string name;        // e.g. original_glcm_Contrast, or ring5mm_original_glcm_Contrast with regions
  std::string image_type;  // e.g. original
  std::string family;      // e.g. glcm
  features::FeatureDescription description;
};

// The feature columns the settings produce, in output order. Throws ConfigError for an image
// type that is not available or a feature name a class does not have.
std::vector<FeatureColumn> feature_columns(const settings::ExtractionSettings& settings);

// The diagnostics columns (behind --diagnostics), in output order.
std::vector<std::string> diagnostics_columns();

struct CaseResult {
  std::string id;
  std::vector<double> values;            // one per feature column; empty when the case failed
  std::vector<std::string> diagnostics;  // one per diagnostics column; empty when the case failed
  std::string error;                     // empty for a good case
  bool settings_error = false;  // the error is the settings' (ConfigError: on this case they cost too much)
  // The error is radstudy's verdict on this case's files (InputError, NumericalError): the same files fail
  // the same way again. False for a failure of the machine (memory, a system error).
  bool input_error = false;
  double seconds = 0.0;
};

// Reads, preprocesses and extracts one case. Never throws for bad input: the error is in the result.
// The diagnostics (which read the whole original image again) are left empty without `with_diagnostics`.
CaseResult extract_case(const CaseSpec& spec, const settings::ExtractionSettings& settings,
                        const std::vector<FeatureColumn>& columns, bool with_diagnostics = true);

// Reads a manifest (id,image,mask[,roi][,label]); relative paths are taken from the manifest's folder.
std::vector<CaseSpec> read_manifest(const std::string& path);

// Extracts every case with up to `jobs` cases at a time (extract_cases_perturbed without perturbations);
// results keep the manifest's order.
// `on_case_done` is called (serialised) after each case with the number done so far.
std::vector<CaseResult> extract_cases(
    const std::vector<CaseSpec>& cases, const settings::ExtractionSettings& settings,
    const std::vector<FeatureColumn>& columns, int jobs,
    const std::function<void(const CaseResult&, std::size_t done)>& on_case_done,
    bool with_diagnostics = true);

// Every case extracted as it is and once per perturbation (preprocess/region_perturbation.hpp), each case's
// image and mask read once. The random choices of a perturbation depend on the seed, the case id and the
// perturbation's name only, so the output is the same whatever `jobs` and the order of the manifest.
// A perturbation that fails for a case (e.g. erosion empties the region) is an error in that table's row.
struct PerturbedExtraction {
  std::vector<CaseResult> original;                                  // per case
  std::vector<std::vector<CaseResult>> perturbed;                    // [perturbation][case]
  std::vector<std::vector<preprocess::PerturbationRecord>> records;  // [perturbation][case]
};

std::uint64_t perturbation_seed(std::uint64_t seed, const std::string& case_id,
                                const std::string& perturbation);

PerturbedExtraction extract_cases_perturbed(
    const std::vector<CaseSpec>& cases, const settings::ExtractionSettings& settings,
    const std::vector<FeatureColumn>& columns, const std::vector<preprocess::Perturbation>& perturbations,
    std::uint64_t seed, int jobs,
    const std::function<void(const CaseResult&, std::size_t done)>& on_case_done,
    bool with_diagnostics = false);

// The feature table as CSV text: id, features, [diagnostics], error.
std::string feature_table_csv(const std::vector<CaseResult>& results,
                              const std::vector<FeatureColumn>& columns, bool with_diagnostics);

}  // namespace radstudy::study
