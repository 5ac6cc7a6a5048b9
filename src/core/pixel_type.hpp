#pragma once
#include <cmath>
#include <cstdint>
#include <limits>
#include <string_view>

namespace radstudy::core {

// The pixel type an image was stored with on disk. Intensities are held as float, but
// PyRadiomics (SimpleITK) resamples into the stored type, so the tag travels with the image.
enum class PixelType { Float32, Float64, Int8, UInt8, Int16, UInt16, Int32, UInt32 };

constexpr bool is_integer(PixelType type) { return type != PixelType::Float32 && type != PixelType::Float64; }

// What ITK's ResampleImageFilter stores for an interpolated value: integer types clamp to their
// range and truncate toward zero (static_cast); float types round to the type.
inline double cast_to_pixel_type(double value, PixelType type) {
  auto clamp_truncate = [value](auto lowest) {
    using T = decltype(lowest);
    const double low = static_cast<double>(std::numeric_limits<T>::lowest());
    const double high = static_cast<double>(std::numeric_limits<T>::max());
    if (value <= low) return low;
    if (value >= high) return high;
    return static_cast<double>(static_cast<T>(value));
  };
  switch (type) {
    case PixelType::Float32: return static_cast<double>(static_cast<float>(value));
    case PixelType::Float64: return value;
    case PixelType::Int8: return clamp_truncate(std::int8_t{});
    case PixelType::UInt8: return clamp_truncate(std::uint8_t{});
    case PixelType::Int16: return clamp_truncate(std::int16_t{});
    case PixelType::UInt16: return clamp_truncate(std::uint16_t{});
    case PixelType::Int32: return clamp_truncate(std::int32_t{});
    case PixelType::UInt32: return clamp_truncate(std::uint32_t{});
  }
  return value;
}

inline std::string_view pixel_type_name(PixelType type) {
  switch (type) {
    case PixelType::Float32: return "float32";
    case PixelType::Float64: return "float64";
    case PixelType::Int8: return "int8";
    case PixelType::UInt8: return "uint8";
    case PixelType::Int16: return "int16";
    case PixelType::UInt16: return "uint16";
    case PixelType::Int32: return "int32";
    case PixelType::UInt32: return "uint32";
  }
  return "unknown";
}

}  // namespace radstudy::core
