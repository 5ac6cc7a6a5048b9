#include "io/image_io.hpp"

#include <itkGDCMImageIO.h>
#include <itkGDCMSeriesFileNames.h>
#include <itkImage.h>
#include <itkImageFileReader.h>
#include <itkImageFileWriter.h>
#include <itkImageSeriesReader.h>

#include <fmt/format.h>

#include <cmath>
#include <filesystem>

#include "core/errors.hpp"

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
    for (unsigned column = 0; column < 3; ++column) direction[axis][column] = geometry.direction[axis * 3 + column];
  }
  image->SetRegions(region);
  image->SetSpacing(spacing);
  image->SetOrigin(origin);
  image->SetDirection(direction);
  image->Allocate();
}

template <typename ItkPixel, typename CorePixel>
core::Image<CorePixel> to_core(const ItkImage<ItkPixel>* image) {
  core::Image<CorePixel> result(geometry_of(image));
  const ItkPixel* buffer = image->GetBufferPointer();
  auto& voxels = result.voxels();
  for (std::size_t k = 0; k < voxels.size(); ++k) voxels[k] = static_cast<CorePixel>(buffer[k]);
  return result;
}

template <typename T>
typename ItkImage<T>::Pointer read_file(const std::string& path) {
  if (std::filesystem::is_directory(path)) {
    auto names = itk::GDCMSeriesFileNames::New();
    names->SetUseSeriesDetails(true);
    names->SetDirectory(path);
    const auto series = names->GetSeriesUIDs();
    if (series.empty()) throw InputError(fmt::format("{}: the directory holds no DICOM image series", path));
    if (series.size() > 1)
      throw InputError(fmt::format("{}: the directory holds {} DICOM series; give the directory of one", path,
                                   series.size()));
    auto reader = itk::ImageSeriesReader<ItkImage<T>>::New();
    auto dicom_io = itk::GDCMImageIO::New();
    reader->SetImageIO(dicom_io);
    reader->SetFileNames(names->GetFileNames(series.front()));  // sorted by image position
    reader->Update();
    return reader->GetOutput();
  }
  auto reader = itk::ImageFileReader<ItkImage<T>>::New();
  reader->SetFileName(path);
  reader->Update();
  return reader->GetOutput();
}

template <typename T>
typename ItkImage<T>::Pointer read_checked(const std::string& path) {
  if (!std::filesystem::exists(path)) throw InputError(fmt::format("{}: no such file", path));
  try {
    return read_file<T>(path);
  } catch (const itk::ExceptionObject& error) {
    throw InputError(fmt::format("{}: cannot read the image: {}", path, error.GetDescription()));
  }
}

}  // namespace

core::IntensityImage read_image(const std::string& path) {
  auto image = read_checked<float>(path);
  auto result = to_core<float, float>(image.GetPointer());
  for (float value : result.voxels())
    if (!std::isfinite(value)) throw InputError(fmt::format("{}: the image contains NaN or infinite values", path));
  return result;
}

core::Mask read_label_mask(const std::string& path, int label) {
  auto image = read_checked<double>(path);
  core::Mask mask(geometry_of(image.GetPointer()));
  const double* buffer = image->GetBufferPointer();
  std::size_t count = 0;
  for (std::size_t k = 0; k < mask.voxel_count(); ++k) {
    const bool inside = buffer[k] == label;
    mask.voxels()[k] = inside ? 1 : 0;
    count += inside;
  }
  if (count == 0) throw InputError(fmt::format("{}: label {} is absent from the mask", path, label));
  return mask;
}

template <typename T>
void write_core(const core::Image<T>& image, const std::string& path) {
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
    throw InputError(fmt::format("{}: cannot write the image: {}", path, error.GetDescription()));
  }
}

void write_image(const core::IntensityImage& image, const std::string& path) { write_core(image, path); }
void write_mask(const core::Mask& mask, const std::string& path) { write_core(mask, path); }

}  // namespace radstudy::io
