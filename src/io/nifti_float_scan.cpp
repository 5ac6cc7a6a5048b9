#include "io/nifti_float_scan.hpp"

#include <zlib.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

namespace radstudy::io {
namespace {

constexpr std::int16_t kFloat32 = 16;
constexpr std::int16_t kFloat64 = 64;

template <typename T>
T byte_swapped(T value) {
  unsigned char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  for (std::size_t k = 0; k < sizeof(T) / 2; ++k) std::swap(bytes[k], bytes[sizeof(T) - 1 - k]);
  std::memcpy(&value, bytes, sizeof(T));
  return value;
}

template <typename T>
T header_value(const unsigned char* header, std::size_t offset, bool swap) {
  T value;
  std::memcpy(&value, header + offset, sizeof(T));
  return swap ? byte_swapped(value) : value;
}

template <typename T>
std::size_t count_non_finite(gzFile file, std::size_t count, bool swap) {
  std::vector<T> buffer(65536);
  std::size_t found = 0;
  while (count > 0) {
    const std::size_t chunk = std::min(count, buffer.size());
    const int read = gzread(file, buffer.data(), static_cast<unsigned>(chunk * sizeof(T)));
    if (read <= 0) break;
    const std::size_t values = static_cast<std::size_t>(read) / sizeof(T);
    for (std::size_t k = 0; k < values; ++k) {
      const T value = swap ? byte_swapped(buffer[k]) : buffer[k];
      found += !std::isfinite(value);
    }
    count -= values;
  }
  return found;
}

}  // namespace

std::size_t count_non_finite_nifti_voxels(const std::string& path) {
  if (!path.ends_with(".nii") && !path.ends_with(".nii.gz")) return 0;
  gzFile file = gzopen(path.c_str(), "rb");
  if (!file) return 0;
  unsigned char header[352];
  std::size_t found = 0;
  if (gzread(file, header, sizeof header) == static_cast<int>(sizeof header)) {
    const bool swap = header_value<std::int32_t>(header, 0, false) != 348;
    const std::int16_t datatype = header_value<std::int16_t>(header, 70, swap);
    const float vox_offset = header_value<float>(header, 108, swap);
    std::size_t voxels = 1;
    const std::int16_t dimensions = header_value<std::int16_t>(header, 40, swap);
    for (int axis = 1; axis <= std::min<int>(dimensions, 7); ++axis)
      voxels *= static_cast<std::size_t>(std::max<std::int16_t>(1, header_value<std::int16_t>(header, 40 + 2 * axis, swap)));
    if ((datatype == kFloat32 || datatype == kFloat64) && vox_offset >= 352 &&
        gzseek(file, static_cast<z_off_t>(vox_offset), SEEK_SET) >= 0)
      found = datatype == kFloat32 ? count_non_finite<float>(file, voxels, swap)
                                   : count_non_finite<double>(file, voxels, swap);
  }
  gzclose(file);
  return found;
}

}  // namespace radstudy::io
