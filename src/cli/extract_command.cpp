#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/output_directory.hpp"
#include "core/atomic_output.hpp"
#include "core/csv.hpp"
#include "core/errors.hpp"
#include "settings/extraction_settings.hpp"
#include "study/case_extraction.hpp"
#include "study/case_results.hpp"
#include "study/manifest_shard.hpp"
#include "study/perturbation_study.hpp"

namespace radstudy::cli {
namespace {

struct ExtractOptions {
  std::string image, mask, roi, params, id, manifest, out, results, shard;
  int label = 0;
  int jobs = 1;
  bool diagnostics = false;
  std::string perturb, perturb_out, perturb_icc = "ICC1";
  std::uint64_t perturb_seed = 1;
  double perturb_threshold = 0.9;
};

void print_progress(const study::CaseResult& result, std::size_t done, std::size_t total) {
  std::cerr << fmt::format("[{}/{}] {} {} {:.3f} s{}\n", done, total, result.id,
                           result.error.empty() ? "ok" : "FAILED", result.seconds,
                           result.error.empty() ? "" : ": " + result.error);
}

std::size_t count_failed(const std::vector<study::CaseResult>& results) {
  return static_cast<std::size_t>(
      std::count_if(results.begin(), results.end(), [](const auto& r) { return !r.error.empty(); }));
}

// The cases of --shard I/N (all of them without it), in the manifest's order.
std::vector<study::CaseSpec> cases_of_shard(std::vector<study::CaseSpec> cases,
                                            const std::string& shard_text) {
  if (shard_text.empty()) return cases;
  const auto shard = study::parse_shard(shard_text);
  std::vector<study::CaseSpec> selected;
  for (const auto row : study::shard_rows(cases.size(), shard)) selected.push_back(std::move(cases[row]));
  return selected;
}

// --results: each case's row to its own file, kept cases not extracted again, then --out (when given)
// merged from those files. Failed cases are rows of the results, so a batch with failures exits 3 even
// when every case failed (a cluster task is done when its cases have their files).
int run_results_extract(const ExtractOptions& options, const settings::ExtractionSettings& settings,
                        const std::vector<study::FeatureColumn>& columns,
                        const std::vector<study::CaseSpec>& cases) {
  const std::size_t total = cases.size();
  const auto extraction = study::extract_cases_to_results(
      cases, settings, columns, options.results, options.jobs, options.diagnostics,
      [&](const study::CaseResult& result, bool kept, std::size_t done) {
        if (kept)
          std::cerr << fmt::format("[{}/{}] {} kept ({} in {})\n", done, total, result.id,
                                   result.error.empty() ? "done" : "failed", options.results);
        else
          print_progress(result, done, total);
      });
  std::cerr << fmt::format("radstudy extract: {} case(s) extracted, {} kept from {}\n", extraction.extracted,
                           extraction.kept, options.results);
  const auto failed = count_failed(extraction.results);
  if (!options.out.empty()) {
    const auto merged = study::merge_case_results(
        options.results, cases, study::results_settings_hash(settings, columns, options.diagnostics), false,
        options.out);
    if (!merged.missing.empty())
      throw InputError(fmt::format("{}: {} case(s) have no result file (e.g. {}); {} was not written",
                                   options.results, merged.missing.size(), merged.missing.front(),
                                   options.out));
    if (!merged.written)
      std::cerr << fmt::format("radstudy extract: every case failed (errors above); {} was not written\n",
                               options.out);
  }
  if (failed == 0) return kAllDone;
  std::cerr << fmt::format("radstudy extract: {} of {} cases failed; their rows carry the error\n", failed,
                           cases.size());
  return kSomeFailed;
}

std::string default_perturbation_directory(const std::string& out) {
  std::filesystem::path path(out);
  if (path.extension() == ".csv") path.replace_extension();
  return path.string() + "_perturbations";
}

// The outputs in the order they are written: the table, then the perturbation folder.
std::vector<core::OutputPath> extract_outputs(const ExtractOptions& options) {
  std::vector<core::OutputPath> outputs;
  if (!options.out.empty()) outputs.push_back({"--out", options.out, core::OutputKind::kFile});
  if (!options.perturb.empty())
    outputs.push_back(
        {options.perturb_out.empty() ? "--perturb-out (default)" : "--perturb-out",
         options.perturb_out.empty() ? default_perturbation_directory(options.out) : options.perturb_out,
         core::OutputKind::kFolder});
  return outputs;
}

// A table of error rows only never replaces an earlier output: the errors are on stderr.
int report_all_failed(const ExtractOptions& options, std::size_t cases) {
  std::cerr << fmt::format(
      "radstudy extract: all {} case(s) failed (errors above); {} was not written{}\n", cases, options.out,
      std::filesystem::exists(options.out) ? ", the earlier file is kept as it was" : "");
  return kNothingDone;
}

int run_perturbed_extract(const ExtractOptions& options, const settings::ExtractionSettings& settings,
                          const std::vector<study::FeatureColumn>& columns,
                          const std::vector<study::CaseSpec>& cases) {
  const auto perturbations = preprocess::parse_perturbations(options.perturb);
  const std::string directory =
      options.perturb_out.empty() ? default_perturbation_directory(options.out) : options.perturb_out;
  const std::size_t total = cases.size();
  const auto extraction = study::extract_cases_perturbed(
      cases, settings, columns, perturbations, options.perturb_seed, options.jobs,
      [&](const study::CaseResult& result, std::size_t done) { print_progress(result, done, total); },
      options.diagnostics);

  std::vector<std::pair<std::string, std::string>> files;
  for (std::size_t p = 0; p < perturbations.size(); ++p)
    files.emplace_back(perturbations[p].name + ".csv",
                       study::feature_table_csv(extraction.perturbed[p], columns, options.diagnostics));
  files.emplace_back("perturbations.csv", study::perturbation_log_csv(extraction, perturbations));
  bool icc_done = true;
  try {
    study::IccAnalysisOptions icc_options;
    icc_options.type = stats::icc_type_from_name(options.perturb_icc);
    icc_options.threshold = options.perturb_threshold;
    const auto icc = study::perturbation_icc(extraction, columns, perturbations, icc_options);
    files.insert(files.end(), icc.files.begin(), icc.files.end());
    std::string notes;
    for (const auto& note : icc.notes) notes += note + "\n";
    files.emplace_back("icc_notes.txt", notes);
    for (const auto& note : icc.notes) std::cerr << "note: " << note << "\n";
  } catch (const InputError& error) {
    icc_done = false;
    std::cerr << "radstudy extract: no ICC: " << error.what() << "\n";
  }
  if (count_failed(extraction.original) == extraction.original.size())
    return report_all_failed(options, extraction.original.size());
  core::write_file_atomically(options.out,
                              study::feature_table_csv(extraction.original, columns, options.diagnostics));
  write_output_files(directory, files);

  std::size_t failed = count_failed(extraction.original), rows = extraction.original.size();
  for (const auto& results : extraction.perturbed) {
    failed += count_failed(results);
    rows += results.size();
  }
  if (failed == 0 && icc_done) return kAllDone;
  if (failed > 0)
    std::cerr << fmt::format(
        "radstudy extract: {} of {} rows failed (original and perturbed); their rows carry the error\n",
        failed, rows);
  return kSomeFailed;
}

int run_extract(const ExtractOptions& options, const CLI::App& command) {
  const auto settings = options.params.empty() ? settings::default_extraction_settings()
                                               : settings::load_extraction_settings(options.params);
  const auto columns = study::feature_columns(settings);
  const auto outputs = extract_outputs(options);
  core::check_outputs(outputs, {{"--params", options.params},
                                {"--manifest", options.manifest},
                                {"--image", options.image},
                                {"--mask", options.mask}});
  const bool label_given = command.count("--label") > 0;

  std::vector<study::CaseResult> results;
  if (!options.manifest.empty()) {
    auto cases = cases_of_shard(study::read_manifest(options.manifest), options.shard);
    std::vector<core::InputPath> case_files;
    for (const auto& spec : cases) {
      case_files.push_back({fmt::format("the image of case {} in --manifest", spec.id), spec.image});
      case_files.push_back({fmt::format("the mask of case {} in --manifest", spec.id), spec.mask});
    }
    core::check_outputs(outputs, case_files);
    if (label_given)
      for (auto& spec : cases)
        if (!spec.label) spec.label = options.label;
    if (!options.perturb.empty()) return run_perturbed_extract(options, settings, columns, cases);
    if (!options.results.empty()) return run_results_extract(options, settings, columns, cases);
    const std::size_t total = cases.size();
    results = study::extract_cases(
        cases, settings, columns, options.jobs,
        [&](const study::CaseResult& result, std::size_t done) { print_progress(result, done, total); },
        options.diagnostics);
  } else {
    // Without --case-id the row is named after the image (as predict does) and an error names the file only.
    study::CaseSpec spec{options.id, options.image, options.mask, options.roi,
                         label_given ? std::optional<int>(options.label) : std::nullopt};
    results.push_back(study::extract_case(spec, settings, columns, options.diagnostics));
    if (!results.front().error.empty()) {
      std::cerr << "radstudy extract: " << results.front().error << "\n";
      return results.front().settings_error ? kUsage : kNothingDone;
    }
    if (options.id.empty()) results.front().id = std::filesystem::path(options.image).filename().string();
  }
  const auto failed = count_failed(results);
  if (failed == results.size()) return report_all_failed(options, results.size());
  core::write_file_atomically(options.out, study::feature_table_csv(results, columns, options.diagnostics));
  if (failed == 0) return kAllDone;
  std::cerr << fmt::format("radstudy extract: {} of {} cases failed; their rows carry the error\n", failed,
                           results.size());
  return kSomeFailed;
}

}  // namespace

Command add_extract_command(CLI::App& app) {
  auto options = std::make_shared<ExtractOptions>();
  auto* command =
      app.add_subcommand("extract", "Extract radiomic features from one case or a manifest of cases");
  auto* image =
      command->add_option("--image", options->image, "Image: NIfTI, NRRD, MHA, or a DICOM series folder")
          ->type_name(kFileValue);
  auto* mask =
      command->add_option("--mask", options->mask, "Mask: a label image, or a DICOM RTSTRUCT with --roi")
          ->type_name(kFileValue);
  auto* roi = command->add_option("--roi", options->roi, "RTSTRUCT ROI name")->type_name("NAME");
  add_mask_label(*command, options->label);
  command->add_option("--params", options->params, "PyRadiomics-style YAML parameter file")
      ->type_name(kFileValue)
      ->default_str("PyRadiomics' defaults");
  auto* case_id = command->add_option("--case-id", options->id, "Id of the case in the output row")
                      ->type_name("NAME")
                      ->default_str("the image file name");
  add_old_spelling(*command, "--id", case_id, options->id);
  auto* manifest =
      command->add_option("--manifest", options->manifest, "CSV with columns id,image,mask[,roi][,label]")
          ->type_name(kFileValue);
  auto* out = command->add_option("--out", options->out, "Output CSV, one row per case")
                  ->type_name(kFileValue)
                  ->default_str("none with --results, else required");
  auto* results =
      command
          ->add_option("--results", options->results,
                       "Folder of per-case results (made when missing): each case's row in its own file, "
                       "written as soon as the case is done; a case whose file holds a row for the same "
                       "settings and files is not extracted again; radstudy merge makes the table")
          ->type_name(kFolderValue);
  auto* shard = command
                    ->add_option("--shard", options->shard,
                                 "Only the manifest's data rows I, I+N, I+2N, ... (shard I of N, from 1), "
                                 "e.g. one cluster task's share")
                    ->type_name("I/N");
  add_jobs(*command, options->jobs, "Cases extracted at the same time (the output does not depend on it)");
  command->add_flag("--diagnostics", options->diagnostics,
                    "Add diagnostics columns (settings, versions, sizes)");
  auto* perturb =
      command
          ->add_option("--perturb", options->perturb,
                       "Robustness without a second segmentation: also extract each case once per "
                       "perturbation, e.g. erode,dilate,shift,noise (erode/dilate/shift[:MM] default one "
                       "voxel, noise[:SD] default 10); writes one table per perturbation, "
                       "perturbations.csv and icc.csv (original and perturbations) into --perturb-out")
          ->type_name("LIST");
  command->add_option("--perturb-out", options->perturb_out, "Folder of the perturbed tables")
      ->type_name(kFolderValue)
      ->default_str("OUT_perturbations")
      ->needs(perturb);
  command->add_option("--perturb-seed", options->perturb_seed, "Seed of the shift directions and the noise")
      ->check(unsigned_seed())
      ->needs(perturb)
      ->capture_default_str();
  command
      ->add_option("--perturb-icc", options->perturb_icc,
                   "ICC type over the perturbations (ICC1 = one-way random)")
      ->needs(perturb)
      ->check(CLI::IsMember({"ICC1", "ICC2", "ICC3"}))
      ->capture_default_str();
  command
      ->add_option("--perturb-threshold", options->perturb_threshold,
                   "Features with ICC >= threshold are kept")
      ->needs(perturb)
      ->check(CLI::Range(-1.0, 1.0))
      ->capture_default_str();
  perturb->needs(manifest);
  results->needs(manifest)->excludes(perturb);
  shard->needs(manifest);
  manifest->excludes(image)->excludes(mask);
  image->needs(mask);
  mask->needs(image);
  command->callback([manifest, image, case_id, roi, out, results, shard, command] {
    if (manifest->count() == 0 && image->count() == 0)
      throw CLI::ValidationError("give one case with --image and --mask, or many with --manifest");
    if (out->count() == 0 && results->count() == 0)
      throw CLI::ValidationError("--out is required (or --results, a folder of per-case results)");
    if (shard->count() > 0) {
      try {
        study::parse_shard(shard->as<std::string>());
      } catch (const ConfigError& error) {
        throw CLI::ValidationError(error.what());
      }
    }
    if (manifest->count() > 0 && (case_id->count() > 0 || roi->count() > 0 || command->count("--id") > 0))
      throw CLI::ValidationError(
          fmt::format("{} names one case; with --manifest give each case's id and roi in the manifest's id "
                      "and roi columns",
                      roi->count() > 0 ? "--roi" : "--case-id"));
  });
  set_examples(
      *command,
      "  radstudy extract --image ct.nii.gz --mask tumour.nii.gz --params params.yaml --out features.csv\n"
      "  radstudy extract --image ct_series/ --mask rtstruct.dcm --roi GTV --out features.csv\n"
      "  radstudy extract --manifest cases.csv --params params.yaml --jobs 2 --out features.csv\n"
      "  radstudy extract --manifest cases.csv --params params.yaml --shard 3/8 --results results/");
  return {command, [options, command] { return run_extract(*options, *command); }};
}

}  // namespace radstudy::cli
