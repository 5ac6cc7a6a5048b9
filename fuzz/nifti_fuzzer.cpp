// libFuzzer entry point: nifti inputs through radstudy::fuzz::nifti_reader (fuzz_targets.hpp).
#include "fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  radstudy::fuzz::nifti_reader(data, size);
  return 0;
}
