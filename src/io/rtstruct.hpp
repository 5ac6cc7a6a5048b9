#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/image.hpp"

namespace radstudy::io {

// One closed planar contour of an RTSTRUCT ROI, in patient (LPS) millimetres.
struct Contour {
  std::vector<core::Vec3> points;
};

// Reads the contours of the ROI named `roi_name` from a DICOM RTSTRUCT file. Throws InputError
// naming the file when it cannot be read, and listing the ROI names present when `roi_name` is absent.
std::vector<Contour> read_rtstruct_contours(const std::string& rtstruct_path, const std::string& roi_name);

// The ROI names of `path` when it is a DICOM RTSTRUCT (Modality RTSTRUCT or the RT Structure Set SOP
// class), nullopt for any other file (an image file, a folder, a DICOM image, anything else). Reads only
// files that carry the DICOM magic ("DICM" at byte 128) and are not named as NIfTI, NRRD or MetaImage.
std::optional<std::vector<std::string>> rtstruct_roi_names(const std::string& path);

}  // namespace radstudy::io
