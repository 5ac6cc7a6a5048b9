#pragma once
// Internal to radstudy_io: the pixel type a file stores, as ITK names its component.
#include <itkCommonEnums.h>

#include "core/pixel_type.hpp"

namespace radstudy::io::detail {

// The core type of an ITK component type (SimpleITK reads a file in it; PyRadiomics resamples into it);
// float32 for the types radstudy has no exact counterpart for.
inline core::PixelType pixel_type_of(itk::IOComponentEnum component) {
  using Component = itk::IOComponentEnum;
  switch (component) {
    case Component::CHAR:
      return core::PixelType::Int8;
    case Component::UCHAR:
      return core::PixelType::UInt8;
    case Component::SHORT:
      return core::PixelType::Int16;
    case Component::USHORT:
      return core::PixelType::UInt16;
    case Component::INT:
      return core::PixelType::Int32;
    case Component::UINT:
      return core::PixelType::UInt32;
    case Component::DOUBLE:
      return core::PixelType::Float64;
    default:
      return core::PixelType::Float32;
  }
}

}  // namespace radstudy::io::detail
