#pragma once
#include <filesystem>
#include <fstream>

#include "io/image_io.hpp"
#include "study/synthetic_cohort.hpp"

namespace radstudy::testing {

struct SyntheticCaseFiles {
  std::filesystem::path image, mask;
};

// A small synthetic case (48 x 48 x 16 voxels, the region spans several slices) written to
// `directory`/image.nii.gz and mask.nii.gz; `edit(image, mask)` may change it before it is written.
template <typename Edit>
SyntheticCaseFiles write_synthetic_case(const std::filesystem::path& directory, Edit edit, int index = 0) {
  study::SyntheticCohortOptions options;
  options.size = {48, 48, 16};
  auto patient = study::make_synthetic_case(index, options);
  edit(patient.image, patient.mask);
  std::filesystem::create_directories(directory);
  SyntheticCaseFiles files{directory / "image.nii.gz", directory / "mask.nii.gz"};
  io::write_image(patient.image, files.image.string());
  io::write_mask(patient.mask, files.mask.string());
  return files;
}
inline SyntheticCaseFiles write_synthetic_case(const std::filesystem::path& directory, int index = 0) {
  return write_synthetic_case(
      directory, [](auto&, auto&) {}, index);
}

inline constexpr const char* kFirstOrderParams = "featureClass:\n  firstorder:\nsetting:\n  binWidth: 25\n";

// `directory`/params.yaml: first-order features, bin width 25.
inline std::filesystem::path write_first_order_params(const std::filesystem::path& directory) {
  const auto path = directory / "params.yaml";
  std::ofstream(path) << kFirstOrderParams;
  return path;
}

}  // namespace radstudy::testing
