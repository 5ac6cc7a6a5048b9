#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace radstudy::fuzz {

// One input through one reader. radstudy's own errors (InputError, ConfigError, NumericalError) are the
// expected outcome of a bad input; anything else escapes, so that libFuzzer, or the regression test that
// replays kept inputs, reports it.
using FuzzTarget = void (*)(const std::uint8_t* data, std::size_t size);

void nifti_reader(const std::uint8_t* data, std::size_t size);  // as an image and as a label mask
void nrrd_reader(const std::uint8_t* data, std::size_t size);
void meta_image_reader(const std::uint8_t* data, std::size_t size);
void dicom_reader(const std::uint8_t* data, std::size_t size);  // a series of one slice
void rtstruct_reader(const std::uint8_t* data, std::size_t size);
void parameter_file(const std::uint8_t* data, std::size_t size);  // a PyRadiomics YAML parameter file
void csv_table(const std::uint8_t* data, std::size_t size);       // a clinical or feature table

struct NamedTarget {
  std::string name;  // the fuzzer's name without "_fuzzer", and its folder under fuzz/regressions/
  FuzzTarget run;
};
const std::vector<NamedTarget>& all_targets();

}  // namespace radstudy::fuzz
