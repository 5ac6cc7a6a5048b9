// libFuzzer entry point: meta image inputs through radstudy::fuzz::meta_image_reader (fuzz_targets.hpp).
#include "fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  radstudy::fuzz::meta_image_reader(data, size);
  return 0;
}
