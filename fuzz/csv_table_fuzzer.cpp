// libFuzzer entry point: csv table inputs through radstudy::fuzz::csv_table (fuzz_targets.hpp).
#include "fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  radstudy::fuzz::csv_table(data, size);
  return 0;
}
