#pragma once
#include <string>

#include "core/image.hpp"

namespace radstudy::io {

// Reads the one DICOM image series held by `directory` (its regular files; sub-directories, hidden files
// and DICOMDIR are ignored, as are non-image DICOM objects such as an RTSTRUCT) as a float image in LPS
// patient coordinates: slices sorted by position along the slice normal (row x column cosines), the
// rescale slope and intercept of each slice applied, the in-plane orientation kept.
// Throws InputError naming the directory (and the file, when one is at fault) when: it holds no DICOM
// image; a file is not DICOM or is corrupt (unparsable, truncated pixel data, undecodable); it mixes
// series (the message lists them); slices differ in size, pixel spacing or orientation; two slices share a
// position; slices are missing or their spacing is not uniform; the slices are not stacked along their
// normal (gantry tilt); an image is multi-frame.
core::IntensityImage read_dicom_series(const std::string& directory);

}  // namespace radstudy::io
