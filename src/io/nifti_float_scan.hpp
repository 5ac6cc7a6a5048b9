#pragma once
#include <string>

namespace radstudy::io {

// Counts the NaN and infinite voxels of a float32/float64 NIfTI file (.nii or .nii.gz) by reading
// its raw data. Needed because the NIfTI library behind ITK silently replaces them with 0.
// Returns 0 for integer data and for files that are not NIfTI.
std::size_t count_non_finite_nifti_voxels(const std::string& path);

}  // namespace radstudy::io
