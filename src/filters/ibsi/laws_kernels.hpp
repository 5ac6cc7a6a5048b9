#pragma once
#include <array>
#include <string>
#include <vector>

namespace radstudy::filters::ibsi {

// One of Laws' 1D kernels (IBSI 2, table 2.2), normalised to unit L2 norm as MIRP and the manual do.
// Every one of them is symmetric (L, S, R: parity +1) or antisymmetric (E, W: parity -1), so the kernel
// reversed is parity x the kernel.
struct LawsKernel {
  std::string name;  // L3 E3 S3 L5 E5 S5 W5 R5
  std::vector<double> taps;
  int parity = 1;
};

// The kernels named by a Laws filter name (E5L5S5: E5 along x, L5 along y, S5 along z); throws
// std::invalid_argument naming the unknown part. Names are case-insensitive.
std::vector<LawsKernel> parse_laws_kernels(const std::string& name);

// The filters a rotation-invariant Laws filter pools (MIRP's right-handed permutations): the 24 rotations
// of the cube in 3D (4 in 2D), each giving axis i the kernel of axis source[i], reversed when reversed[i].
// Rotations that give every axis the same taps are listed once, as MIRP drops duplicate filters.
struct LawsOrientation {
  std::array<int, 3> source{0, 1, 2};
  std::array<bool, 3> reversed{false, false, false};
};
std::vector<LawsOrientation> laws_orientations(const std::vector<LawsKernel>& kernels,
                                               bool rotation_invariant);

}  // namespace radstudy::filters::ibsi
