#include "io/image_io.hpp"

#include <fmt/format.h>
#include <itkImage.h>
#include <itkImageFileReader.h>
#include <itkImageFileWriter.h>
#include <itkImageIOFactory.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/errors.hpp"
#include "core/text.hpp"
#include "io/dicom_series.hpp"
#include "io/image_file_checks.hpp"
#include "io/itk_factories.hpp"
#include "io/itk_pixel_type.hpp"
#include "io/nifti_file.hpp"
#include "io/rtstruct.hpp"

namespace radstudy::io {
namespace {

template <typename T>
using ItkImage = itk::Image<T, 3>;

template <typename T>
core::Geometry geometry_of(const ItkImage<T>* image) {
  core::Geometry geometry;
  const auto region = image->GetLargestPossibleRegion();
  for (unsigned axis = 0; axis < 3; ++axis) {
    geometry.size[axis] = region.GetSize()[axis];
    geometry.spacing[axis] = image->GetSpacing()[axis];
    geometry.origin[axis] = image->GetOrigin()[axis];
    for (unsigned column = 0; column < 3; ++column)
      geometry.direction[axis * 3 + column] = image->GetDirection()[axis][column];
  }
  return geometry;
}

template <typename T>
void set_geometry(ItkImage<T>* image, const core::Geometry& geometry) {
  typename ItkImage<T>::RegionType region;
  typename ItkImage<T>::SpacingType spacing;
  typename ItkImage<T>::PointType origin;
  typename ItkImage<T>::DirectionType direction;
  for (unsigned axis = 0; axis < 3; ++axis) {
    region.SetSize(axis, geometry.size[axis]);
    region.SetIndex(axis, 0);
    spacing[axis] = geometry.spacing[axis];
    origin[axis] = geometry.origin[axis];
    for (unsigned column = 0; column < 3; ++column)
      direction[axis][column] = geometry.direction[axis * 3 + column];
  }
  image->SetRegions(region);
  image->SetSpacing(spacing);
  image->SetOrigin(origin);
  image->SetDirection(direction);
  image->Allocate();
}

template <typename ItkPixel, typename CorePixel>
core::Image<CorePixel> to_core(const ItkImage<ItkPixel>* image) {
  core::Image<CorePixel> result;
  result.geometry() = geometry_of(image);
  const ItkPixel* buffer = image->GetBufferPointer();
  result.voxels().assign(buffer, buffer + result.geometry().voxel_count());
  return result;
}

std::string quoted_list(const std::vector<std::string>& names) {
  if (names.empty()) return "none";
  std::string text;
  for (const auto& name : names) text += (text.empty() ? "'" : ", '") + name + "'";
  return text;
}

// The format a file's name announces, for messages.
std::string format_of(const std::string& path) {
  const std::string name = core::lowercase(path);
  if (is_nifti_path(path)) return "NIfTI";
  if (name.ends_with(".nrrd") || name.ends_with(".nhdr")) return "NRRD";
  if (name.ends_with(".mha") || name.ends_with(".mhd")) return "MetaImage";
  return "an image";
}

// ITK's own text of an error, on one line and without class names and addresses: its readers (NRRD's teem)
// stack several lines of "[library] function: problem", of which the last is the most specific.
std::string itk_detail(const itk::ExceptionObject& error) {
  const std::string text = error.GetDescription();
  std::string last;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = core::one_line(text.substr(start, end - start));
    if (!line.empty()) last = line;
    start = end + 1;
  }
  if (last.starts_with("[")) last = last.substr(std::min(last.size(), last.find("] ") + 2));
  if (const auto colon = last.find(": ");
      colon != std::string::npos && last.substr(0, colon).find(' ') == std::string::npos)
    last = last.substr(colon + 2);
  // "itk::ERROR: NrrdImageIO(0x55...): problem", "ITK ERROR: Image(0x55...): problem"
  for (const char* prefix : {"itk::ERROR", "ITK ERROR"})
    if (const auto object = last.find("): "); last.starts_with(prefix) && object != std::string::npos)
      last = last.substr(object + 3);
  return last;
}

// Why ITK could not read `path`, as "<path>: <problem>; <what to do>", with ITK's text as a short detail.
std::string itk_reading_problem(const std::string& path, const itk::ExceptionObject& error) {
  const std::string detail = itk_detail(error);
  const std::string lower = core::lowercase(detail);
  const auto mentions = [&](const char* word) { return lower.find(word) != std::string::npos; };
  std::string problem;
  if (mentions("spacing"))
    problem = "the header gives a voxel spacing of 0 or an invalid one";
  else if (mentions("space dimension") || mentions("space direction") || mentions("space origin"))
    problem = "the header's space directions or space origin do not fit its dimension";
  else if (mentions("direction"))
    problem = "the header's direction (orientation) is not valid";
  else if (mentions("compress") || mentions("inflate") || mentions("zlib") || mentions("gzip"))
    problem = "its compressed voxel data cannot be read (damaged or truncated)";
  else if (mentions("read") && !mentions("header"))
    problem = "its voxel data cannot be read (damaged or truncated)";
  else
    problem = "its header cannot be read";
  const std::string format = format_of(path);
  return fmt::format(
      "{}: not a readable {} file: {}{}; check the file, or export the image again (NIfTI .nii.gz is "
      "checked most strictly)",
      path, format == "an image" ? "image" : format, problem,
      detail.empty() ? std::string() : " (ITK: " + detail + ")");
}

// Verifies the file before ITK reads it (ITK's readers zero-fill missing voxels, skip gzip checksums,
// and abort on some headers). Returns the loaded NIfTI file, whose voxels can then be read directly.
std::optional<NiftiFile> verify_before_reading(const std::string& path, const std::string& kind) {
  if (std::filesystem::is_directory(path))
    throw InputError(fmt::format(
        "{}: is a directory, not a file; give the path of the {} file{}", path, kind,
        kind == "label image" ? " (a folder holding a DICOM series is an image, not a mask)" : ""));
  if (!std::filesystem::exists(path))
    throw InputError(fmt::format("{}: no such file; check the path of the {} file", path, kind));
  if (is_nifti_path(path)) return NiftiFile::load(path);
  const std::string name = core::lowercase(path);
  if (name.ends_with(".nrrd") || name.ends_with(".nhdr"))
    check_nrrd_file(path);
  else if (name.ends_with(".mha") || name.ends_with(".mhd"))
    check_meta_image_file(path);
  return std::nullopt;
}

template <typename T>
typename ItkImage<T>::Pointer read_checked(const std::string& path) {
  ensure_itk_io_factories();
  auto reader = itk::ImageFileReader<ItkImage<T>>::New();
  reader->SetFileName(path);
  try {
    reader->Update();
  } catch (const itk::ExceptionObject& error) {
    throw InputError(itk_reading_problem(path, error));
  }
  return reader->GetOutput();
}

// What the file's header says about its pixels.
struct StoredPixels {
  itk::IOComponentEnum component = itk::IOComponentEnum::UNKNOWNCOMPONENTTYPE;
  unsigned components = 0;
};

StoredPixels stored_pixels_of(const std::string& path) {
  ensure_itk_io_factories();
  itk::ImageIOBase::Pointer image_io =
      itk::ImageIOFactory::CreateImageIO(path.c_str(), itk::CommonEnums::IOFileMode::ReadMode);
  if (!image_io) {
    if (const auto rois = rtstruct_roi_names(path))
      throw InputError(fmt::format(
          "{}: is a DICOM RTSTRUCT (contours), not an image; give the image (a DICOM series folder or an "
          "image file) as the image and this file as the mask with an ROI name (its ROIs: {})",
          path, quoted_list(*rois)));
    throw InputError(fmt::format(
        "{}: not an image file radstudy reads; give a NIfTI (.nii/.nii.gz), NRRD (.nrrd/.nhdr) or "
        "MetaImage (.mha/.mhd) file, or the folder that holds a DICOM series",
        path));
  }
  try {
    image_io->SetFileName(path);
    image_io->ReadImageInformation();
  } catch (const itk::ExceptionObject& error) {
    throw InputError(itk_reading_problem(path, error));
  }
  return {image_io->GetComponentType(), image_io->GetNumberOfComponents()};
}

// The component type the file stores (SimpleITK reads it as that type; PyRadiomics resamples into it).
core::PixelType stored_pixel_type_of(const StoredPixels& stored) {
  return detail::pixel_type_of(stored.component);
}

// Calls read(T{}) with the C++ type of a scalar file's integer (up to 32 bits) or float
// components, whose values convert exactly to double; returns false for other files.
template <typename Read>
bool with_exact_component_type(const StoredPixels& stored, Read&& read) {
  if (stored.components != 1) return false;
  using Component = itk::IOComponentEnum;
  switch (stored.component) {
    case Component::CHAR:
      read(static_cast<signed char>(0));
      return true;
    case Component::UCHAR:
      read(static_cast<unsigned char>(0));
      return true;
    case Component::SHORT:
      read(static_cast<short>(0));
      return true;
    case Component::USHORT:
      read(static_cast<unsigned short>(0));
      return true;
    case Component::INT:
      read(0);
      return true;
    case Component::UINT:
      read(0U);
      return true;
    case Component::FLOAT:
      read(0.0F);
      return true;
    case Component::DOUBLE:
      read(0.0);
      return true;
    default:
      return false;
  }
}

// Helpers compiled on their own, where the compiler vectorises their loops (inlined into the
// readers, whose switch over component types makes them look rarely taken, the loops stay scalar).
template <typename T>
[[gnu::noinline]] void assign_as_float(std::vector<float>& target, const T* source, std::size_t count) {
  target.assign(source, source + count);
}

// Sets inside[k] to whether source[k] equals `wanted` (compared as Wanted); returns whether any does.
template <typename T, typename Wanted>
[[gnu::noinline]] bool select_equal(const T* __restrict source, std::size_t count, Wanted wanted,
                                    std::uint8_t* __restrict inside) {
  std::uint8_t any_inside = 0;
  for (std::size_t k = 0; k < count; ++k) {
    const std::uint8_t equal = static_cast<Wanted>(source[k]) == wanted;
    inside[k] = equal;
    any_inside |= equal;
  }
  return any_inside != 0;
}

// The NIfTI datatype ITK reads as the component type T.
template <typename T>
NiftiDatatype nifti_datatype_of() {
  if constexpr (std::is_same_v<T, signed char>) return NiftiDatatype::Int8;
  if constexpr (std::is_same_v<T, unsigned char>) return NiftiDatatype::UInt8;
  if constexpr (std::is_same_v<T, short>) return NiftiDatatype::Int16;
  if constexpr (std::is_same_v<T, unsigned short>) return NiftiDatatype::UInt16;
  if constexpr (std::is_same_v<T, int>) return NiftiDatatype::Int32;
  if constexpr (std::is_same_v<T, unsigned>) return NiftiDatatype::UInt32;
  if constexpr (std::is_same_v<T, float>) return NiftiDatatype::Float32;
  if constexpr (std::is_same_v<T, double>) return NiftiDatatype::Float64;
}

// The geometry ITK gives the image, from its header alone.
template <typename T>
std::optional<core::Geometry> itk_geometry_of(const std::string& path) {
  auto reader = itk::ImageFileReader<ItkImage<T>>::New();
  reader->SetFileName(path);
  try {
    reader->UpdateOutputInformation();
  } catch (const itk::ExceptionObject&) {
    return std::nullopt;
  }
  return geometry_of(reader->GetOutput());
}

// Hands consume(geometry, voxels) the image as ITK reads it in its component type T: from the verified
// NIfTI file when its voxels are exactly ITK's, otherwise through ITK.
template <typename T, typename Consume>
void read_voxels(const std::string& path, const std::optional<NiftiFile>& nifti,
                 NiftiVoxelReading voxel_reading, Consume&& consume) {
  if (voxel_reading == NiftiVoxelReading::Direct && nifti && nifti->readable_directly() &&
      nifti->datatype() == nifti_datatype_of<T>()) {
    if (const auto geometry = itk_geometry_of<T>(path); geometry && geometry->size == nifti->size()) {
      check_geometry(path, *geometry);
      consume(*geometry, nifti->template voxels<T>());
      return;
    }
  }
  const auto image = read_checked<T>(path);
  const core::Geometry geometry = geometry_of(image.GetPointer());
  check_geometry(path, geometry);
  consume(geometry, image->GetBufferPointer());
}

}  // namespace

core::IntensityImage read_image(const std::string& path, NiftiVoxelReading voxel_reading) {
  if (std::filesystem::is_directory(path)) {
    if (format_of(path) != "an image")  // a folder named image.nii.gz
      throw InputError(
          fmt::format("{}: is a directory, not a file; give the path of the {} image file, or a "
                      "folder that holds a DICOM series",
                      path, format_of(path)));
    core::IntensityImage series = read_dicom_series(path);
    check_geometry(path, series.geometry());
    return series;
  }
  const std::optional<NiftiFile> nifti = verify_before_reading(path, "image");
  if (nifti && nifti->non_finite_voxels() > 0)
    throw InputError(
        fmt::format("{}: the image contains {} NaN or infinite values", path, nifti->non_finite_voxels()));
  core::IntensityImage result;
  // Read in the file's component type and convert once (as ITK would: static_cast to float).
  const StoredPixels stored = stored_pixels_of(path);
  bool integer_voxels = false;
  const bool read = with_exact_component_type(stored, [&](auto zero) {
    using Component = decltype(zero);
    read_voxels<Component>(path, nifti, voxel_reading,
                           [&](const core::Geometry& geometry, const Component* voxels) {
                             result.geometry() = geometry;
                             assign_as_float(result.voxels(), voxels, geometry.voxel_count());
                           });
    integer_voxels = std::is_integral_v<Component>;
  });
  if (!read) {
    result = to_core<float, float>(read_checked<float>(path).GetPointer());
    check_geometry(path, result.geometry());
  }
  result.set_stored_pixel_type(stored_pixel_type_of(stored));
  if (!integer_voxels) {
    const auto non_finite = static_cast<std::size_t>(std::count_if(
        result.voxels().begin(), result.voxels().end(), [](float value) { return !std::isfinite(value); }));
    if (non_finite > 0)
      throw InputError(fmt::format("{}: the image contains {} NaN or infinite values", path, non_finite));
  }
  return result;
}

core::Mask read_label_mask(const std::string& path, int label, NiftiVoxelReading voxel_reading) {
  const std::optional<NiftiFile> nifti = verify_before_reading(path, "label image");
  core::Mask mask;
  bool found = false;
  auto select = [&](const core::Geometry& geometry, const auto* buffer) {
    using Component = std::remove_cv_t<std::remove_pointer_t<decltype(buffer)>>;
    mask.geometry() = geometry;
    auto& voxels = mask.voxels();
    voxels.resize(mask.geometry().voxel_count());
    if constexpr (std::is_integral_v<Component>) {
      // Integer components equal the label exactly when they do as doubles; a label outside the
      // component's range matches nothing.
      if (!std::in_range<Component>(label)) return;
      found = select_equal(buffer, voxels.size(), static_cast<Component>(label), voxels.data());
    } else {
      found = select_equal(buffer, voxels.size(), static_cast<double>(label), voxels.data());
    }
  };
  const StoredPixels stored = stored_pixels_of(path);
  const bool read = with_exact_component_type(
      stored, [&](auto zero) { read_voxels<decltype(zero)>(path, nifti, voxel_reading, select); });
  if (!read) {
    const auto image = read_checked<double>(path);
    check_geometry(path, geometry_of(image.GetPointer()));
    select(geometry_of(image.GetPointer()), image->GetBufferPointer());
  }
  if (!found)
    throw InputError(
        fmt::format("{}: label {} is absent from the mask; give the label the region has in this "
                    "file",
                    path, label));
  return mask;
}

template <typename T>
void write_core(const core::Image<T>& image, const std::string& path) {
  ensure_itk_io_factories();
  auto output = ItkImage<T>::New();
  set_geometry(output.GetPointer(), image.geometry());
  std::copy(image.voxels().begin(), image.voxels().end(), output->GetBufferPointer());
  auto writer = itk::ImageFileWriter<ItkImage<T>>::New();
  writer->SetFileName(path);
  writer->SetInput(output);
  writer->SetUseCompression(true);
  try {
    writer->Update();
  } catch (const itk::ExceptionObject& error) {
    throw InputError(
        fmt::format("{}: cannot write the image (ITK: {}); check that its folder exists and is "
                    "writable",
                    path, itk_detail(error)));
  }
}

void write_image(const core::IntensityImage& image, const std::string& path) {
  write_core(image, path);
}
void write_mask(const core::Mask& mask, const std::string& path) {
  write_core(mask, path);
}

}  // namespace radstudy::io
