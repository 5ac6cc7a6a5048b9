#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace radstudy::io {

// NIfTI datatype codes of scalar components.
enum class NiftiDatatype : std::int16_t {
  UInt8 = 2,
  Int16 = 4,
  Int32 = 8,
  Float32 = 16,
  Float64 = 64,
  Int8 = 256,
  UInt16 = 512,
  UInt32 = 768,
  Int64 = 1024,
  UInt64 = 1280,
};

// Whether ITK would read `path` as NIfTI or Analyze (by its name: .nii, .nii.gz, .hdr, .img, .img.gz).
bool is_nifti_path(const std::string& path);

// A NIfTI-1, NIfTI-2 or Analyze 7.5 image (a single .nii/.nii.gz file or a .hdr/.img pair), loaded
// whole and verified before anything measures it: every gzip member inflated with its CRC-32 and
// length checked, the header's byte order, dimensions (3 axes at most: a 4D file is refused),
// datatype and bitpix, spacing (pixdim finite and > 0), scaling, vox_offset (inside the file, a
// multiple of 16 for single files) and orientation (qform and sform finite, sform invertible), and the
// voxel data the header implies all present. NIfTI's library behind ITK reads such damage silently
// (missing voxels as 0, bad spacing as 1 mm) or aborts (NaN in the sform): ITK reads a file only after
// this check. Throws InputError naming the file and the problem.
class NiftiFile {
 public:
  static NiftiFile load(const std::string& path);

  NiftiDatatype datatype() const { return datatype_; }
  const std::array<std::size_t, 3>& size() const { return size_; }
  std::size_t voxel_count() const { return size_[0] * size_[1] * size_[2]; }
  // Float voxels that are NaN or infinite (NIfTI's library silently sets them to 0).
  std::size_t non_finite_voxels() const { return non_finite_; }
  // Whether voxels<T>() are exactly what ITK reads: NIfTI-1 in native byte order, no scaling, one of
  // the datatypes up to 32 bits or float64.
  bool readable_directly() const { return readable_directly_; }
  template <typename T>
  const T* voxels() const {
    return reinterpret_cast<const T*>(data_.get() + voxel_offset_);
  }

 private:
  std::unique_ptr<std::byte[]> data_;  // the voxel data's file (decompressed), whole
  std::size_t voxel_offset_ = 0;
  NiftiDatatype datatype_{};
  std::array<std::size_t, 3> size_{1, 1, 1};
  std::size_t non_finite_ = 0;
  bool readable_directly_ = false;
};

}  // namespace radstudy::io
