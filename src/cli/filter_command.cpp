#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "core/atomic_output.hpp"
#include "core/errors.hpp"
#include "io/image_io.hpp"
#include "settings/extraction_settings.hpp"
#include "study/filter_response.hpp"

namespace radstudy::cli {
namespace {

struct FilterCommandOptions {
  std::string image, mask, roi, params, response, out;
  int label = 0;
};

std::string image_extension(const std::string& path) {
  const std::string name = std::filesystem::path(path).filename().string();
  for (const char* extension : {".nii.gz", ".nii", ".nrrd", ".nhdr", ".mha", ".mhd"})
    if (name.size() > std::string(extension).size() && name.ends_with(extension)) return extension;
  return "";
}

int run_filter(const FilterCommandOptions& options, const CLI::App& command) {
  const std::string extension = image_extension(options.out);
  if (extension.empty() || extension == ".nhdr" || extension == ".mhd")
    throw ConfigError(fmt::format(
        "--out {}: give a .nii.gz, .nii, .nrrd or .mha file name for the response map", options.out));
  auto settings = settings::load_extraction_settings(options.params);
  if (command.count("--label") > 0) settings.label = options.label;
  const auto names = study::response_names(settings);  // settings checked before any input is read
  core::check_outputs({{"--out", options.out, core::OutputKind::kFile}},
                      {{"--params", options.params}, {"--image", options.image}, {"--mask", options.mask}});
  const auto response =
      study::compute_filter_response({options.image, options.mask, options.roi, options.response}, settings);
  core::write_file_atomically_with(options.out, extension, [&](const std::string& temporary) {
    io::write_image(response.image, temporary);
  });
  std::cerr << fmt::format("radstudy filter: wrote {} ({} x {} x {} voxels, float32) to {}\n", response.name,
                           response.image.size()[0], response.image.size()[1], response.image.size()[2],
                           options.out);
  return kAllDone;
}

}  // namespace

Command add_filter_command(CLI::App& app) {
  auto options = std::make_shared<FilterCommandOptions>();
  auto* command = app.add_subcommand(
      "filter",
      "Write the response map of a filter (the parameter file's image type) on the processed image");
  command->add_option("--image", options->image, "Image: NIfTI, NRRD, MHA, or a DICOM series folder")
      ->type_name(kFileValue)
      ->required();
  command->add_option("--mask", options->mask, "Region: the map covers it plus the filter's margin")
      ->type_name(kFileValue)
      ->default_str("the whole image");
  command->add_option("--roi", options->roi, "RTSTRUCT ROI name when --mask is an RTSTRUCT")
      ->type_name("NAME");
  add_mask_label(*command, options->label);
  command->add_option("--params", options->params, "Parameter file whose imageType holds the filter")
      ->type_name(kFileValue)
      ->required();
  command
      ->add_option("--response", options->response,
                   "Which image of a filter that yields several, e.g. wavelet-LLH")
      ->type_name("NAME")
      ->default_str("the only one");
  command->add_option("--out", options->out, "Response map: .nii.gz, .nii, .nrrd or .mha (float32)")
      ->type_name(kFileValue)
      ->required();
  set_examples(*command,
               "  radstudy filter --image ct.nii.gz --mask tumour.nii.gz --params log.yaml --out log.nii.gz");
  return {command, [options, command] { return run_filter(*options, *command); }};
}

}  // namespace radstudy::cli
