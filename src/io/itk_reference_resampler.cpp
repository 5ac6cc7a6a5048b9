#include "io/itk_reference_resampler.hpp"

#include <fmt/format.h>
#include <itkBSplineInterpolateImageFunction.h>
#include <itkImage.h>
#include <itkImageFileReader.h>
#include <itkImageIOFactory.h>
#include <itkLinearInterpolateImageFunction.h>
#include <itkNearestNeighborInterpolateImageFunction.h>
#include <itkResampleImageFilter.h>

#include "core/errors.hpp"
#include "core/text.hpp"

namespace radstudy::io {
namespace {

template <typename Pixel>
std::vector<double> resample_as(const std::string& path, const core::Geometry& output,
                                ItkInterpolator interpolator) {
  using ImageType = itk::Image<Pixel, 3>;
  auto reader = itk::ImageFileReader<ImageType>::New();
  reader->SetFileName(path);
  reader->Update();
  auto filter = itk::ResampleImageFilter<ImageType, ImageType, double>::New();
  filter->SetInput(reader->GetOutput());
  typename ImageType::SizeType size;
  typename ImageType::SpacingType spacing;
  typename ImageType::PointType origin;
  typename ImageType::DirectionType direction;
  for (unsigned axis = 0; axis < 3; ++axis) {
    size[axis] = output.size[axis];
    spacing[axis] = output.spacing[axis];
    origin[axis] = output.origin[axis];
    for (unsigned column = 0; column < 3; ++column)
      direction[axis][column] = output.direction[axis * 3 + column];
  }
  filter->SetSize(size);
  filter->SetOutputSpacing(spacing);
  filter->SetOutputOrigin(origin);
  filter->SetOutputDirection(direction);
  filter->SetDefaultPixelValue(0);
  switch (interpolator) {
    case ItkInterpolator::Nearest:
      filter->SetInterpolator(itk::NearestNeighborInterpolateImageFunction<ImageType, double>::New());
      break;
    case ItkInterpolator::Linear:
      filter->SetInterpolator(itk::LinearInterpolateImageFunction<ImageType, double>::New());
      break;
    case ItkInterpolator::BSpline: {
      auto bspline = itk::BSplineInterpolateImageFunction<ImageType, double>::New();
      bspline->SetSplineOrder(3);
      filter->SetInterpolator(bspline);
      break;
    }
  }
  filter->Update();
  const Pixel* buffer = filter->GetOutput()->GetBufferPointer();
  std::vector<double> values(output.voxel_count());
  for (std::size_t k = 0; k < values.size(); ++k) values[k] = static_cast<double>(buffer[k]);
  return values;
}

}  // namespace

std::vector<double> itk_resample_file(const std::string& path, const core::Geometry& output,
                                      ItkInterpolator interpolator) {
  try {
    auto image_io = itk::ImageIOFactory::CreateImageIO(path.c_str(), itk::CommonEnums::IOFileMode::ReadMode);
    if (!image_io) throw InputError(fmt::format("{}: cannot read the image", path));
    image_io->SetFileName(path);
    image_io->ReadImageInformation();
    switch (image_io->GetComponentType()) {
      case itk::IOComponentEnum::SHORT:
        return resample_as<short>(path, output, interpolator);
      case itk::IOComponentEnum::UCHAR:
        return resample_as<unsigned char>(path, output, interpolator);
      case itk::IOComponentEnum::INT:
        return resample_as<int>(path, output, interpolator);
      case itk::IOComponentEnum::DOUBLE:
        return resample_as<double>(path, output, interpolator);
      default:
        return resample_as<float>(path, output, interpolator);
    }
  } catch (const itk::ExceptionObject& error) {
    throw InputError(fmt::format("{}: cannot be resampled by ITK ({}); check the file", path,
                                 core::one_line(error.GetDescription())));
  }
}

}  // namespace radstudy::io
