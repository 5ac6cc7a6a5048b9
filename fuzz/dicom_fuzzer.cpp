// libFuzzer entry point: dicom inputs through radstudy::fuzz::dicom_reader (fuzz_targets.hpp).
#include "fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  radstudy::fuzz::dicom_reader(data, size);
  return 0;
}
