#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "core/csv.hpp"
#include "core/errors.hpp"
#include "settings/extraction_settings.hpp"
#include "study/case_extraction.hpp"

namespace radstudy::cli {
namespace {

struct ExtractOptions {
  std::string image, mask, roi, params, id, manifest, out;
  int label = 0;
  int jobs = 1;
  bool diagnostics = false;
};

int run_extract(const ExtractOptions& options, const CLI::App& command) {
  const auto settings = options.params.empty() ? settings::default_extraction_settings()
                                               : settings::load_extraction_settings(options.params);
  const auto columns = study::feature_columns(settings);
  const bool label_given = command.count("--label") > 0;

  std::vector<study::CaseResult> results;
  if (!options.manifest.empty()) {
    auto cases = study::read_manifest(options.manifest);
    if (label_given)
      for (auto& spec : cases)
        if (!spec.label) spec.label = options.label;
    const std::size_t total = cases.size();
    results = study::extract_cases(cases, settings, columns, options.jobs,
                                   [&](const study::CaseResult& result, std::size_t done) {
                                     std::cerr << fmt::format("[{}/{}] {} {} {:.3f} s{}\n", done, total, result.id,
                                                              result.error.empty() ? "ok" : "FAILED", result.seconds,
                                                              result.error.empty() ? "" : ": " + result.error);
                                   },
                                   options.diagnostics);
  } else {
    study::CaseSpec spec{options.id.empty() ? std::string("case") : options.id, options.image, options.mask,
                         options.roi, label_given ? std::optional<int>(options.label) : std::nullopt};
    results.push_back(study::extract_case(spec, settings, columns, options.diagnostics));
    if (!results.front().error.empty()) {
      std::cerr << "radstudy extract: " << results.front().error << "\n";
      return kNothingDone;
    }
  }
  core::write_file_atomically(options.out, study::feature_table_csv(results, columns, options.diagnostics));
  const auto failed = std::count_if(results.begin(), results.end(), [](const auto& r) { return !r.error.empty(); });
  if (failed == 0) return kAllDone;
  std::cerr << fmt::format("radstudy extract: {} of {} cases failed; their rows carry the error\n", failed,
                           results.size());
  return failed == static_cast<long>(results.size()) ? kNothingDone : kSomeFailed;
}

}  // namespace

Command add_extract_command(CLI::App& app) {
  auto options = std::make_shared<ExtractOptions>();
  auto* command = app.add_subcommand("extract", "Extract radiomic features from one case or a manifest of cases");
  auto* image = command->add_option("--image", options->image, "Image: NIfTI, NRRD, MHA, or a DICOM series directory");
  auto* mask = command->add_option("--mask", options->mask, "Mask: a label image, or a DICOM RTSTRUCT with --roi");
  command->add_option("--roi", options->roi, "RTSTRUCT ROI name");
  command->add_option("--label", options->label, "Label value of the region (default: the parameter file's, else 1)");
  command->add_option("--params", options->params, "PyRadiomics-style YAML parameter file");
  command->add_option("--id", options->id, "Case identifier for the output row");
  auto* manifest = command->add_option("--manifest", options->manifest, "CSV with columns id,image,mask[,roi][,label]");
  command->add_option("--out", options->out, "Output CSV")->required();
  command->add_option("--jobs", options->jobs, "Cases extracted at the same time")->check(CLI::Range(1, 256));
  command->add_flag("--diagnostics", options->diagnostics, "Add diagnostics columns (settings, versions, sizes)");
  manifest->excludes(image)->excludes(mask);
  image->needs(mask);
  mask->needs(image);
  command->callback([command, manifest, image] {
    if (manifest->count() == 0 && image->count() == 0)
      throw CLI::ValidationError("extract", "give --image and --mask, or --manifest");
  });
  return {command, [options, command] { return run_extract(*options, *command); }};
}

}  // namespace radstudy::cli
