#pragma once
#include <cstddef>
#include <string>

#include "core/geometry.hpp"

namespace radstudy::io {

// Verifies a NRRD file (.nrrd, or a .nhdr with a detached data file) before ITK reads it: the header's
// type, dimension and sizes (three axes at most, scalar voxels), and all the voxel data the header
// implies present; gzip data inflated with its CRC-32 checked (ITK's reader stops before the
// checksum, so a damaged stream would otherwise be read as different voxels). Throws InputError
// naming the file and the problem.
void check_nrrd_file(const std::string& path);

// The same for a MetaImage (.mha, or a .mhd with its data file): NDims, DimSize, ElementType,
// ElementNumberOfChannels, and the data present (zlib-compressed data inflated with its Adler-32 checked).
void check_meta_image_file(const std::string& path);

// Throws InputError naming the file when the geometry a reader gives is not a usable voxel grid:
// a size of zero, spacing not finite and positive, origin not finite, or a direction matrix whose
// columns are not orthonormal.
void check_geometry(const std::string& path, const core::Geometry& geometry);

// Helpers shared by the checks.
namespace detail {
// Bytes per voxel of an integer or float type named as NRRD or MetaImage name it, 0 when unknown.
std::size_t bytes_of_named_type(const std::string& name);
}  // namespace detail

}  // namespace radstudy::io
