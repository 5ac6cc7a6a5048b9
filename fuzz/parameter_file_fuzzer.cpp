// libFuzzer entry point: parameter file inputs through radstudy::fuzz::parameter_file (fuzz_targets.hpp).
#include "fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  radstudy::fuzz::parameter_file(data, size);
  return 0;
}
