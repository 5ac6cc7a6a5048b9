#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "core/atomic_output.hpp"
#include "core/csv.hpp"
#include "filters/filter_registry.hpp"
#include "settings/extraction_settings.hpp"
#include "study/case_extraction.hpp"

namespace radstudy::cli {
namespace {

struct FeaturesOptions {
  std::string params, format = "csv", out;
  bool image_types = false;
};

void write_text(const FeaturesOptions& options, const std::string& text) {
  if (options.out.empty())
    std::cout << text;
  else
    core::write_file_atomically(options.out, text);
}

int run_features(const FeaturesOptions& options) {
  core::check_outputs({{"--out", options.out, core::OutputKind::kFile}}, {{"--params", options.params}});
  if (options.image_types) {
    std::string text = "image_type,description\n";
    for (const auto& type : filters::filter_registry())
      text += core::csv_field(type.name) + "," + core::csv_field(type.description) + "\n";
    write_text(options, text);
    return kAllDone;
  }
  const auto settings = options.params.empty() ? settings::default_extraction_settings()
                                               : settings::load_extraction_settings(options.params);
  std::string text = "name,image_type,family,feature,ibsi_key,ibsi_aggregation\n";
  for (const auto& column : study::feature_columns(settings))
    text += core::csv_field(column.name) + "," + column.image_type + "," + column.family + "," +
            core::csv_field(column.description.feature) + "," + core::csv_field(column.description.ibsi_key) +
            "," + core::csv_field(column.description.ibsi_aggregation) + "\n";
  write_text(options, text);
  return kAllDone;
}

}  // namespace

Command add_features_command(CLI::App& app) {
  auto options = std::make_shared<FeaturesOptions>();
  auto* command = app.add_subcommand("features", "List the feature columns a parameter file produces");
  command->add_option("--params", options->params, "PyRadiomics-style YAML parameter file")
      ->type_name(kFileValue)
      ->default_str("PyRadiomics' defaults");
  command->add_option("--format", options->format, "Output format")
      ->check(CLI::IsMember({"csv"}))
      ->capture_default_str();
  command->add_option("--out", options->out, "Output CSV")
      ->type_name(kFileValue)
      ->default_str("standard output");
  command->add_flag(
      "--image-types", options->image_types,
      "List the image types (filters) a parameter file's imageType may name, instead of the columns");
  set_examples(
      *command,
      "  radstudy features --params paper.yaml --out columns.csv\n  radstudy features --image-types");
  return {command, [options] { return run_features(*options); }};
}

}  // namespace radstudy::cli
