#include "preprocess/peritumoral_ring.hpp"

#include <cmath>
#include <limits>

namespace radstudy::preprocess {
namespace {

// One line of the transform: f holds squared distances along the line (infinity where unknown); on return
// it holds min over q of (f[q] + (spacing * (p - q))^2). Lower envelope of parabolas, O(n).
void transform_line(std::vector<double>& f, double spacing, std::vector<double>& output,
                    std::vector<long>& vertices, std::vector<double>& boundaries) {
  const long n = static_cast<long>(f.size());
  const double weight = spacing * spacing;
  constexpr double infinity = std::numeric_limits<double>::infinity();
  vertices.assign(static_cast<std::size_t>(n), 0);
  boundaries.assign(static_cast<std::size_t>(n) + 1, 0);
  long count = -1;  // index of the last parabola in the envelope
  for (long q = 0; q < n; ++q) {
    if (f[static_cast<std::size_t>(q)] == infinity) continue;
    double boundary = -infinity;
    while (count >= 0) {
      const long v = vertices[static_cast<std::size_t>(count)];
      // Where the parabola of q overtakes the parabola of v (in index units).
      boundary = ((f[static_cast<std::size_t>(q)] + weight * static_cast<double>(q * q)) -
                  (f[static_cast<std::size_t>(v)] + weight * static_cast<double>(v * v))) /
                 (2.0 * weight * static_cast<double>(q - v));
      if (boundary > boundaries[static_cast<std::size_t>(count)]) break;
      --count;
    }
    ++count;
    vertices[static_cast<std::size_t>(count)] = q;
    boundaries[static_cast<std::size_t>(count)] = count == 0 ? -infinity : boundary;
    boundaries[static_cast<std::size_t>(count) + 1] = infinity;
  }
  output.assign(static_cast<std::size_t>(n), infinity);
  if (count < 0) return;
  long k = 0;
  for (long p = 0; p < n; ++p) {
    while (boundaries[static_cast<std::size_t>(k) + 1] < static_cast<double>(p)) ++k;
    const long v = vertices[static_cast<std::size_t>(k)];
    const double offset = spacing * static_cast<double>(p - v);
    output[static_cast<std::size_t>(p)] = f[static_cast<std::size_t>(v)] + offset * offset;
  }
}

}  // namespace

std::vector<double> squared_distance_to_region_mm(const core::Mask& mask) {
  const auto& size = mask.size();
  const std::size_t nx = size[0], ny = size[1], nz = size[2];
  std::vector<double> distance(mask.voxel_count());
  for (std::size_t k = 0; k < distance.size(); ++k)
    distance[k] = mask.voxels()[k] ? 0.0 : std::numeric_limits<double>::infinity();
  std::vector<double> line, output, boundaries;
  std::vector<long> vertices;
  const std::size_t strides[3] = {1, nx, nx * ny};
  const std::size_t lengths[3] = {nx, ny, nz};
  for (int axis = 0; axis < 3; ++axis) {
    const std::size_t length = lengths[axis], stride = strides[axis];
    if (length == 0) return distance;
    line.resize(length);
    for (std::size_t start = 0; start < distance.size(); ++start) {
      // `start` runs over the voxels whose coordinate on this axis is 0.
      if ((start / stride) % length != 0) continue;
      for (std::size_t i = 0; i < length; ++i) line[i] = distance[start + i * stride];
      transform_line(line, mask.spacing()[axis], output, vertices, boundaries);
      for (std::size_t i = 0; i < length; ++i) distance[start + i * stride] = output[i];
    }
  }
  return distance;
}

core::Mask peritumoral_ring(const core::Mask& mask, double width_mm, const core::IntensityImage& image,
                            const std::vector<double>& intensity_range) {
  const auto distance = squared_distance_to_region_mm(mask);
  // Centres at exactly the width (a 5 mm ring on a 1 mm grid) belong to the ring, whatever the rounding.
  const double limit = width_mm * width_mm * (1 + 1e-12);
  core::Mask ring(mask.geometry());
  const bool restricted = intensity_range.size() == 2;
  for (std::size_t k = 0; k < distance.size(); ++k) {
    if (mask.voxels()[k] || !(distance[k] <= limit)) continue;
    if (restricted) {
      const double value = image.voxels()[k];
      if (value < intensity_range[0] || value > intensity_range[1]) continue;
    }
    ring.voxels()[k] = 1;
  }
  return ring;
}

}  // namespace radstudy::preprocess
