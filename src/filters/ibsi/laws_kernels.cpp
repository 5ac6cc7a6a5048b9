#include "filters/ibsi/laws_kernels.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <stdexcept>

namespace radstudy::filters::ibsi {

std::vector<LawsKernel> parse_laws_kernels(const std::string& name) {
  static const std::map<std::string, std::pair<std::vector<double>, int>> table = {
      {"L3", {{1, 2, 1}, 1}},          {"E3", {{-1, 0, 1}, -1}},        {"S3", {{-1, 2, -1}, 1}},
      {"L5", {{1, 4, 6, 4, 1}, 1}},    {"E5", {{-1, -2, 0, 2, 1}, -1}}, {"S5", {{-1, 0, 2, 0, -1}, 1}},
      {"W5", {{-1, 2, 0, -2, 1}, -1}}, {"R5", {{1, -4, 6, -4, 1}, 1}},
  };
  if (name.empty() || name.size() % 2 != 0)
    throw std::invalid_argument("'" + name + "' is not a sequence of Laws kernels such as E5L5S5");
  std::vector<LawsKernel> kernels;
  for (std::size_t start = 0; start < name.size(); start += 2) {
    std::string part = name.substr(start, 2);
    std::transform(part.begin(), part.end(), part.begin(), [](unsigned char c) { return std::toupper(c); });
    const auto found = table.find(part);
    if (found == table.end())
      throw std::invalid_argument("'" + name.substr(start, 2) + "' in '" + name +
                                  "' is not a Laws kernel (L3 E3 S3 L5 E5 S5 W5 R5)");
    LawsKernel kernel{part, found->second.first, found->second.second};
    double norm = 0.0;
    for (double tap : kernel.taps) norm += tap * tap;
    for (double& tap : kernel.taps) tap /= std::sqrt(norm);
    kernels.push_back(std::move(kernel));
  }
  return kernels;
}

std::vector<LawsOrientation> laws_orientations(const std::vector<LawsKernel>& kernels,
                                               bool rotation_invariant) {
  const int dimensions = static_cast<int>(kernels.size());
  if (!rotation_invariant) return {LawsOrientation{}};
  std::vector<int> permutation(static_cast<std::size_t>(dimensions));
  for (int axis = 0; axis < dimensions; ++axis) permutation[static_cast<std::size_t>(axis)] = axis;
  std::vector<LawsOrientation> orientations;
  // What axis i receives, as compared between orientations: the kernel's name and, for an antisymmetric
  // kernel, whether it is reversed (a symmetric kernel reversed has the same taps).
  std::vector<std::vector<std::pair<std::string, bool>>> seen;
  do {
    int inversions = 0;
    for (int a = 0; a < dimensions; ++a)
      for (int b = a + 1; b < dimensions; ++b)
        if (permutation[static_cast<std::size_t>(a)] > permutation[static_cast<std::size_t>(b)]) ++inversions;
    for (int signs = 0; signs < (1 << dimensions); ++signs) {
      int negatives = 0;
      for (int axis = 0; axis < dimensions; ++axis) negatives += (signs >> axis) & 1;
      if ((inversions + negatives) % 2 != 0) continue;  // a reflection, not a rotation
      LawsOrientation orientation;
      std::vector<std::pair<std::string, bool>> taps;
      for (int axis = 0; axis < dimensions; ++axis) {
        const int source = permutation[static_cast<std::size_t>(axis)];
        const bool reversed = (signs >> axis) & 1;
        orientation.source[static_cast<std::size_t>(axis)] = source;
        orientation.reversed[static_cast<std::size_t>(axis)] = reversed;
        const auto& kernel = kernels[static_cast<std::size_t>(source)];
        taps.emplace_back(kernel.name, reversed && kernel.parity < 0);
      }
      if (std::find(seen.begin(), seen.end(), taps) != seen.end()) continue;
      seen.push_back(taps);
      orientations.push_back(orientation);
    }
  } while (std::next_permutation(permutation.begin(), permutation.end()));
  return orientations;
}

}  // namespace radstudy::filters::ibsi
