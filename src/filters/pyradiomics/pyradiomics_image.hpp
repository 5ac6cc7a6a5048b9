#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "core/image.hpp"

// Small helpers shared by the PyRadiomics image types (src/filters/pyradiomics/*_filter.cpp).
namespace radstudy::filters {

namespace pyradiomics {

// An image on `image`'s grid, every voxel 0, tagged with the pixel type PyRadiomics' filtered image has.
inline core::IntensityImage blank_like(const core::IntensityImage& image, core::PixelType type) {
  core::IntensityImage result(image.geometry(), 0.0f);
  result.set_stored_pixel_type(type);
  return result;
}

// max(|x|) over the whole image, as PyRadiomics scales Square, SquareRoot, Logarithm and Exponential.
inline double largest_magnitude(const core::IntensityImage& image) {
  double largest = 0;
  for (float value : image.voxels()) largest = std::max(largest, std::abs(static_cast<double>(value)));
  return largest;
}

// What numpy stores when a float64 value is assigned into an array of `type` (PyRadiomics writes LBP 2D
// codes into the image's own array): float types round, integer types truncate toward zero as C's cast
// does on x86-64 (a value out of the 32-bit range or NaN becomes 0x80000000, of which 8- and 16-bit
// types keep the low bits; unsigned 32-bit goes through a 64-bit conversion).
inline double numpy_cast(double value, core::PixelType type) {
  using core::PixelType;
  if (type == PixelType::Float32) return static_cast<float>(value);
  if (type == PixelType::Float64) return value;
  const bool fits_int32 = std::isfinite(value) && value > -2147483649.0 && value < 2147483648.0;
  const std::int32_t as_int32 =
      fits_int32 ? static_cast<std::int32_t>(value) : std::numeric_limits<std::int32_t>::min();
  switch (type) {
    case PixelType::Int8:
      return static_cast<std::int8_t>(static_cast<std::uint8_t>(as_int32 & 0xff));
    case PixelType::UInt8:
      return static_cast<std::uint8_t>(as_int32 & 0xff);
    case PixelType::Int16:
      return static_cast<std::int16_t>(static_cast<std::uint16_t>(as_int32 & 0xffff));
    case PixelType::UInt16:
      return static_cast<std::uint16_t>(as_int32 & 0xffff);
    case PixelType::Int32:
      return as_int32;
    case PixelType::UInt32: {
      const bool fits_int64 = std::isfinite(value) && std::abs(value) < 9.2e18;
      const std::int64_t as_int64 = fits_int64 ? static_cast<std::int64_t>(value) : INT64_MIN;
      return static_cast<std::uint32_t>(static_cast<std::uint64_t>(as_int64) & 0xffffffffu);
    }
    default:
      return value;
  }
}

// What scipy.ndimage stores for an interpolated value in an output array of `type`: integers round
// half away from zero and clamp to the type's range, floats round to the type.
inline double scipy_interpolation_cast(double value, core::PixelType type) {
  using core::PixelType;
  auto round_clamp = [value](double lowest, double highest) {
    double rounded = value > 0 ? value + 0.5 : value - 0.5;
    rounded = std::clamp(rounded, lowest, highest);
    return std::trunc(rounded);
  };
  switch (type) {
    case PixelType::Float32:
      return static_cast<float>(value);
    case PixelType::Float64:
      return value;
    case PixelType::Int8:
      return round_clamp(-128, 127);
    case PixelType::UInt8:
      return value > 0 ? std::trunc(std::min(value + 0.5, 255.0)) : 0.0;
    case PixelType::Int16:
      return round_clamp(-32768, 32767);
    case PixelType::UInt16:
      return value > 0 ? std::trunc(std::min(value + 0.5, 65535.0)) : 0.0;
    case PixelType::Int32:
      return round_clamp(-2147483648.0, 2147483647.0);
    case PixelType::UInt32:
      return value > 0 ? std::trunc(std::min(value + 0.5, 4294967295.0)) : 0.0;
  }
  return value;
}

}  // namespace pyradiomics
}  // namespace radstudy::filters
