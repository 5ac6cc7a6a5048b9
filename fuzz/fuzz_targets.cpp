#include "fuzz_targets.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/csv.hpp"
#include "core/data_table.hpp"
#include "core/errors.hpp"
#include "io/image_io.hpp"
#include "io/rtstruct.hpp"
#include "settings/extraction_settings.hpp"

namespace radstudy::fuzz {
namespace {

namespace fs = std::filesystem;

// A folder of this process for the inputs written as files (the readers take paths).
const fs::path& scratch_folder() {
  static const fs::path folder = [] {
    fs::path path = fs::temp_directory_path() / ("radstudy-fuzz-" + std::to_string(::getpid()));
    fs::create_directories(path);
    return path;
  }();
  return folder;
}

std::string written(const std::uint8_t* data, std::size_t size, const fs::path& relative) {
  const fs::path path = scratch_folder() / relative;
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return path.string();
}

template <typename Work>
void expecting_radstudy_errors(Work&& work) {
  try {
    work();
  } catch (const InputError&) {
  } catch (const ConfigError&) {
  } catch (const NumericalError&) {
  }
}

void read_as_image_and_mask(const std::string& path) {
  expecting_radstudy_errors([&] { io::read_image(path); });
  expecting_radstudy_errors([&] { io::read_label_mask(path, 1); });
}

std::string text_of(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

}  // namespace

void nifti_reader(const std::uint8_t* data, std::size_t size) {
  read_as_image_and_mask(written(data, size, "input.nii.gz"));
}

void nrrd_reader(const std::uint8_t* data, std::size_t size) {
  read_as_image_and_mask(written(data, size, "input.nrrd"));
}

void meta_image_reader(const std::uint8_t* data, std::size_t size) {
  read_as_image_and_mask(written(data, size, "input.mha"));
}

void dicom_reader(const std::uint8_t* data, std::size_t size) {
  const std::string slice = written(data, size, "series/slice.dcm");
  expecting_radstudy_errors([&] { io::read_image(fs::path(slice).parent_path().string()); });
}

void rtstruct_reader(const std::uint8_t* data, std::size_t size) {
  const std::string path = written(data, size, "rtstruct.dcm");
  for (const char* roi : {"GTV-1", "GTV_Mass_CT"})
    expecting_radstudy_errors([&] { io::read_rtstruct_contours(path, roi); });
}

void parameter_file(const std::uint8_t* data, std::size_t size) {
  expecting_radstudy_errors([&] { settings::parse_extraction_settings(text_of(data, size), "fuzz.yaml"); });
}

void csv_table(const std::uint8_t* data, std::size_t size) {
  const std::string text = text_of(data, size);
  expecting_radstudy_errors([&] { core::parse_csv(text, "fuzz.csv"); });
  expecting_radstudy_errors([&] {
    const auto table = core::DataTable::from_csv(text, "fuzz.csv", "id");
    for (const auto& column : table.columns()) expecting_radstudy_errors([&] { table.numbers(column.name); });
  });
}

const std::vector<NamedTarget>& all_targets() {
  static const std::vector<NamedTarget> targets = {
      {"nifti", nifti_reader}, {"nrrd", nrrd_reader},         {"meta_image", meta_image_reader},
      {"dicom", dicom_reader}, {"rtstruct", rtstruct_reader}, {"parameter_file", parameter_file},
      {"csv_table", csv_table}};
  return targets;
}

}  // namespace radstudy::fuzz
