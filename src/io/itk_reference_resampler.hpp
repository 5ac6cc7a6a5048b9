#pragma once
#include <string>
#include <vector>

#include "core/geometry.hpp"

namespace radstudy::io {

enum class ItkInterpolator { Nearest, Linear, BSpline };

// Test oracle: reads the image at `path` in its stored pixel type (as SimpleITK does) and resamples
// it onto `output` with itk::ResampleImageFilter (identity transform, default value 0, output in
// the stored pixel type, interpolator precision double; B-spline of order 3), as PyRadiomics'
// sitk.ResampleImageFilter call does. Returns the output voxels, x fastest.
std::vector<double> itk_resample_file(const std::string& path, const core::Geometry& output,
                                      ItkInterpolator interpolator);

}  // namespace radstudy::io
