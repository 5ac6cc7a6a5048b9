// libFuzzer entry point: nrrd inputs through radstudy::fuzz::nrrd_reader (fuzz_targets.hpp).
#include "fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  radstudy::fuzz::nrrd_reader(data, size);
  return 0;
}
