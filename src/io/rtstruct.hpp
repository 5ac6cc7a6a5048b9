#pragma once
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

}  // namespace radstudy::io
