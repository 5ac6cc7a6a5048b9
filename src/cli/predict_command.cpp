#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "core/atomic_output.hpp"
#include "core/csv.hpp"
#include "core/data_table.hpp"
#include "core/errors.hpp"
#include "settings/extraction_settings.hpp"
#include "study/case_extraction.hpp"
#include "study/feature_table.hpp"
#include "study/model_evaluation.hpp"

namespace radstudy::cli {
namespace {

struct PredictOptions {
  std::string model, features, image, mask, roi, params, id = "id", case_id, out;
  bool drop_failed = false;
};

struct Cases {
  std::vector<std::string> ids;
  Eigen::MatrixXd values;
};

Cases cases_from_table(const PredictOptions& options, const study::SavedModel& model) {
  const auto read = study::read_feature_table(options.features, options.id, options.drop_failed);
  for (const auto& note : read.notes) std::cerr << "note: " << note << "\n";
  const auto& table = read.table;
  Cases cases{table.ids(), Eigen::MatrixXd(static_cast<Eigen::Index>(table.row_count()),
                                           static_cast<Eigen::Index>(model.features().size()))};
  for (std::size_t j = 0; j < model.features().size(); ++j) {
    const auto& name = model.features()[j];
    if (!table.has(name))
      throw InputError(fmt::format("{}: the model needs feature '{}', which the table does not have",
                                   options.features, name));
    const auto& values = table.numbers(name);  // InputError naming a non-numeric case
    for (std::size_t row = 0; row < table.row_count(); ++row) {
      if (std::isnan(values[row]))
        throw InputError(
            fmt::format("{}: feature '{}' is missing for {}", options.features, name, table.ids()[row]));
      cases.values(static_cast<Eigen::Index>(row), static_cast<Eigen::Index>(j)) = values[row];
    }
  }
  return cases;
}

Cases case_from_image(const PredictOptions& options, const study::SavedModel& model) {
  settings::ExtractionSettings settings;
  if (!options.params.empty()) {
    settings = settings::load_extraction_settings(options.params);
  } else {
    const auto& saved = model.json().at("extraction_settings");
    if (saved.is_null())
      throw ConfigError(
          fmt::format("{}: the model holds no extraction settings (it was saved without --params): give "
                      "--params FILE, the parameter file the training features were extracted with",
                      options.model));
    settings = settings::parse_extraction_settings(saved.at("text").get<std::string>(),
                                                   options.model + " (extraction_settings)");
  }
  const auto columns = study::feature_columns(settings);
  study::CaseSpec spec;
  spec.id =
      options.case_id.empty() ? std::filesystem::path(options.image).filename().string() : options.case_id;
  spec.image = options.image;
  spec.mask = options.mask;
  spec.roi = options.roi;
  const auto result = study::extract_case(spec, settings, columns, false);
  if (!result.error.empty())
    throw InputError(fmt::format("{}: extraction failed: {}", options.image, result.error));
  std::vector<std::string> names;
  for (const auto& column : columns) names.push_back(column.name);
  Cases cases{{spec.id}, model.row_from_extraction(names, result.values, options.image)};
  return cases;
}

int run_predict(const PredictOptions& options) {
  const bool from_table = !options.features.empty(), from_image = !options.image.empty();
  if (from_table == from_image)
    throw ConfigError(
        from_table ? "--features and --image both given; give one: a table of cases, or one case's image"
                   : "nothing to score; give --features F.csv, or --image IMG --mask MASK");
  if (from_image && options.mask.empty())
    throw ConfigError("--image needs its segmentation; add --mask MASK");
  core::check_outputs({{"--out", options.out, core::OutputKind::kFile}}, {{"--model", options.model},
                                                                          {"--features", options.features},
                                                                          {"--image", options.image},
                                                                          {"--mask", options.mask},
                                                                          {"--params", options.params}});
  const auto model = study::SavedModel::read(options.model);
  const auto cases = from_table ? cases_from_table(options, model) : case_from_image(options, model);
  const auto predictions = model.predict(cases.ids, cases.values);
  core::write_file_atomically(options.out, study::predictions_table_csv(predictions));
  return kAllDone;
}

}  // namespace

Command add_predict_command(CLI::App& app) {
  auto options = std::make_shared<PredictOptions>();
  auto* command =
      app.add_subcommand("predict", "Score new cases with a model saved by `radstudy model --save`");
  command->add_option("--model", options->model, "Model JSON written by radstudy model --save")
      ->type_name(kFileValue)
      ->required();
  command->add_option("--features", options->features, "Feature table CSV of the new cases")
      ->type_name(kFileValue);
  add_id_column(*command, options->id, "--features");
  command
      ->add_option("--image", options->image,
                   "Image of one new case (features extracted with the saved settings)")
      ->type_name(kFileValue);
  command
      ->add_option("--mask", options->mask,
                   "Mask of that case: a label image, or a DICOM RTSTRUCT with --roi")
      ->type_name(kFileValue);
  command->add_option("--roi", options->roi, "RTSTRUCT ROI name (when --mask is an RTSTRUCT)")
      ->type_name("NAME");
  command->add_option("--case-id", options->case_id, "Id of the --image case in the output")
      ->type_name("NAME")
      ->default_str("the image file name");
  command->add_option("--params", options->params, "Extraction parameter file")
      ->type_name(kFileValue)
      ->default_str("the one saved in the model");
  add_drop_failed(*command, options->drop_failed);
  command
      ->add_option(
          "--out", options->out,
          "Output CSV: id,model,probability,predicted,score (score: the classifier's decision value)")
      ->type_name(kFileValue)
      ->required();
  set_examples(
      *command,
      "  radstudy predict --model model.json --image new.nii.gz --mask new_mask.nii.gz --out new.csv\n"
      "  radstudy predict --model model.json --features new_features.csv --out predictions.csv");
  return {command, [options] { return run_predict(*options); }};
}

}  // namespace radstudy::cli
