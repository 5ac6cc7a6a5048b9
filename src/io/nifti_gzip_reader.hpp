#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace radstudy::io {

// NIfTI-1 datatype codes of the components read directly.
enum class NiftiDatatype : std::int16_t {
  UInt8 = 2,
  Int16 = 4,
  Int32 = 8,
  Float32 = 16,
  Float64 = 64,
  Int8 = 256,
  UInt16 = 512,
  UInt32 = 768,
};

// The voxels of a NIfTI-1 file read without ITK: the whole (decompressed) file in one buffer.
struct NiftiVoxels {
  std::unique_ptr<std::byte[]> file;
  std::size_t voxel_offset = 0;  // vox_offset, a multiple of the component size
  NiftiDatatype datatype{};
  std::array<std::size_t, 3> size{};  // dim[1..3], 1 for axes beyond dim[0]
  std::size_t non_finite = 0;  // float voxels that were NaN or infinite, now 0 as NIfTI's library sets them

  std::size_t voxel_count() const { return size[0] * size[1] * size[2]; }
  template <typename T>
  const T* voxels() const {
    return reinterpret_cast<const T*>(file.get() + voxel_offset);
  }
};

// Reads the voxels of a single-file NIfTI-1 image (.nii, or .nii.gz with one or more gzip members,
// inflated with libdeflate) when they are exactly what NIfTI's library behind ITK reads: a native
// byte order header, no scaling (scl_slope 0 or 1, scl_inter 0), one of the datatypes above, no
// axes beyond the third of more than one voxel. Returns nullopt for anything else, including
// unreadable or damaged files: the caller then reads through ITK, which reports the error.
std::optional<NiftiVoxels> read_nifti_voxels(const std::string& path);

}  // namespace radstudy::io
