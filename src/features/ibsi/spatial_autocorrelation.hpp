#pragma once
#include <utility>

#include "core/image.hpp"

namespace radstudy::features::ibsi {

// Moran's I and Geary's C of the intensities in `mask` (IBSI morph N365 and NPT7), weights the inverse
// Euclidean distance (mm) between voxel centres, over all pairs. NaN for fewer than 2 voxels or a
// constant region.
//
// With y the centred intensities on the mask (0 elsewhere), m the mask and K(d) = 1 / |d| (K(0) = 0):
//   W = sum_i (K * m)_i,  M = sum_i y_i (K * y)_i,  G = 2 sum_i y_i^2 (K * m)_i - 2 M,
//   I = N / W * M / sum y^2,  C = (N - 1) / (2 W) * G / sum y^2,
// the two convolutions by FFT (zero-padded, so linear) in O(B log B) for a bounding box of B voxels
// instead of the O(N^2) pair sum; the sums differ from the pair sum by rounding only.
std::pair<double, double> spatial_autocorrelation(const core::IntensityImage& image, const core::Mask& mask);

// The same by the direct sum over all pairs, O(N^2): the reference for tests.
std::pair<double, double> spatial_autocorrelation_by_pairs(const core::IntensityImage& image, const core::Mask& mask);

}  // namespace radstudy::features::ibsi
