#pragma once
#include <string>

#include "core/image.hpp"

namespace radstudy::io {

// How the voxels of a NIfTI file are read: Direct reads them without ITK (io/nifti_gzip_reader.hpp)
// where that gives exactly ITK's voxels, ThroughItk always through ITK (to compare the two). The
// header and geometry are always ITK's.
enum class NiftiVoxelReading { Direct, ThroughItk };

// Reads a scalar image (NIfTI, NRRD, MHA/MHD, or a directory holding one DICOM CT series) as
// 32-bit float intensities in LPS patient coordinates. Throws InputError naming the path.
core::IntensityImage read_image(const std::string& path,
                                NiftiVoxelReading voxel_reading = NiftiVoxelReading::Direct);

// Reads a label image and keeps the voxels equal to `label`. Throws InputError when the file
// cannot be read or the label is absent.
core::Mask read_label_mask(const std::string& path, int label,
                           NiftiVoxelReading voxel_reading = NiftiVoxelReading::Direct);

// Writes an image; the format follows the extension (.nii.gz, .nrrd, .mha).
void write_image(const core::IntensityImage& image, const std::string& path);
void write_mask(const core::Mask& mask, const std::string& path);

}  // namespace radstudy::io
