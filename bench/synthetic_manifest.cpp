// Writes a synthetic cohort of small cases (the demo's generator) for the shard/merge scale run:
// DIR/manifest.csv (id,image,mask), the images and masks as NIfTI, DIR/clinical.csv.
// Usage: build-bench/synthetic_manifest DIR CASES [SIDE]   (SIDE voxels in x and y, SIDE/3 slices; 24)
#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <string>

#include "study/synthetic_cohort.hpp"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: synthetic_manifest DIR CASES [SIDE]\n";
    return 2;
  }
  radstudy::study::SyntheticCohortOptions options;
  options.cases = std::atoi(argv[2]);
  const int side = argc > 3 ? std::atoi(argv[3]) : 24;
  if (options.cases < 1 || side < 12) {
    std::cerr << "synthetic_manifest: CASES must be at least 1 and SIDE at least 12\n";
    return 2;
  }
  const auto edge = static_cast<std::size_t>(side);
  options.size = {edge, edge, std::max<std::size_t>(4, edge / 3)};
  std::cout << radstudy::study::write_synthetic_cohort(argv[1], options) << "\n";
  return 0;
}
