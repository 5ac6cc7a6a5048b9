// libFuzzer entry point: rtstruct inputs through radstudy::fuzz::rtstruct_reader (fuzz_targets.hpp).
#include "fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  radstudy::fuzz::rtstruct_reader(data, size);
  return 0;
}
