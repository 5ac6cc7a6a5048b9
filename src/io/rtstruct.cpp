#include "io/rtstruct.hpp"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcitem.h>
#include <dcmtk/dcmdata/dcsequen.h>
#include <dcmtk/dcmdata/dcvrds.h>
#include <fmt/format.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string_view>

#include "core/errors.hpp"
#include "core/text.hpp"
#include "io/dcmtk_support.hpp"

namespace radstudy::io {
namespace {

// Contour Offset Vector (3006,0045), retired but still honoured: it is subtracted from the points.
const DcmTagKey kContourOffsetVector(0x3006, 0x0045);
// RT Structure Set Storage.
constexpr const char* kRtStructureSetSopClass = "1.2.840.10008.5.1.4.1.1.481.3";

std::string trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

std::optional<std::string> string_of(DcmItem& item, const DcmTagKey& tag) {
  OFString value;
  if (item.findAndGetOFStringArray(tag, value).bad()) return std::nullopt;
  return trimmed(value.c_str());
}

std::optional<long> integer_of(DcmItem& item, const DcmTagKey& tag) {
  Sint32 value = 0;
  if (item.findAndGetSint32(tag, value).bad()) return std::nullopt;
  return value;
}

// The items of a sequence, or an empty list when it is absent.
std::vector<DcmItem*> items_of(DcmItem& parent, const DcmTagKey& tag) {
  std::vector<DcmItem*> items;
  DcmSequenceOfItems* sequence = nullptr;
  if (parent.findAndGetSequence(tag, sequence).bad() || sequence == nullptr) return items;
  for (unsigned long k = 0; k < sequence->card(); ++k) items.push_back(sequence->getItem(k));
  return items;
}

std::vector<double> decimals_of(DcmItem& item, const DcmTagKey& tag) {
  std::vector<double> values;
  DcmElement* element = nullptr;
  if (item.findAndGetElement(tag, element).bad() || element == nullptr) return values;
  auto* decimal_string = dynamic_cast<DcmDecimalString*>(element);
  if (decimal_string == nullptr) return values;
  OFVector<Float64> parsed;
  if (decimal_string->getFloat64Vector(parsed).bad()) return values;
  values.assign(parsed.begin(), parsed.end());
  return values;
}

}  // namespace

std::vector<Contour> read_rtstruct_contours(const std::string& rtstruct_path, const std::string& roi_name) {
  if (std::filesystem::is_directory(rtstruct_path))
    throw InputError(
        fmt::format("{}: is a directory, not a file; give the path of the RTSTRUCT file (a .dcm "
                    "file of Modality RTSTRUCT)",
                    rtstruct_path));
  if (!std::filesystem::exists(rtstruct_path))
    throw InputError(fmt::format("{}: no such RTSTRUCT file; check the path", rtstruct_path));
  detail::silence_dcmtk_logging();
  DcmFileFormat file;
  const OFCondition status =
      file.loadFile(rtstruct_path.c_str(), EXS_Unknown, EGL_noChange, DCM_MaxReadLength, ERM_autoDetect);
  if (status.bad())
    throw InputError(
        fmt::format("{}: not a DICOM file, or a damaged one (DCMTK: {}); give the DICOM RTSTRUCT "
                    "file that holds the contours",
                    rtstruct_path, core::one_line(status.text())));
  DcmDataset& dataset = *file.getDataset();
  const std::string modality = string_of(dataset, DCM_Modality).value_or("");
  if (modality != "RTSTRUCT")
    throw InputError(
        fmt::format("{}: not a DICOM RTSTRUCT (Modality is {}); with an ROI name, the mask is "
                    "the RTSTRUCT file that holds the contours",
                    rtstruct_path, modality.empty() ? "absent" : "'" + modality + "'"));

  // Structure Set ROI Sequence: ROI number -> name.
  std::optional<long> roi_number;
  std::vector<std::string> names_present;
  const std::string wanted = trimmed(roi_name);
  for (DcmItem* roi : items_of(dataset, DCM_StructureSetROISequence)) {
    const std::string name = string_of(*roi, DCM_ROIName).value_or("");
    names_present.push_back(name);
    if (name == wanted && !roi_number) {
      roi_number = integer_of(*roi, DCM_ROINumber);
      if (!roi_number)
        throw InputError(fmt::format("{}: ROI '{}' has no ROINumber", rtstruct_path, roi_name));
    }
  }
  if (!roi_number) {
    std::string listed;
    for (const auto& name : names_present) listed += (listed.empty() ? "'" : ", '") + name + "'";
    throw InputError(fmt::format(
        "{}: no ROI named '{}'; the RTSTRUCT holds {}", rtstruct_path, roi_name,
        names_present.empty() ? std::string("no ROI") : "the ROIs " + listed + ": name one of them"));
  }

  // ROI Contour Sequence: the contours of that ROI.
  std::vector<Contour> contours;
  std::size_t other_geometry = 0;
  bool roi_found = false;
  for (DcmItem* roi_contour : items_of(dataset, DCM_ROIContourSequence)) {
    if (integer_of(*roi_contour, DCM_ReferencedROINumber) != roi_number) continue;
    roi_found = true;
    for (DcmItem* contour_item : items_of(*roi_contour, DCM_ContourSequence)) {
      if (string_of(*contour_item, DCM_ContourGeometricType).value_or("") != "CLOSED_PLANAR") {
        ++other_geometry;
        continue;
      }
      const std::vector<double> data = decimals_of(*contour_item, DCM_ContourData);
      if (data.size() % 3 != 0)
        throw InputError(fmt::format("{}: ROI '{}' has ContourData with {} values, not a multiple of 3",
                                     rtstruct_path, roi_name, data.size()));
      if (const auto declared = integer_of(*contour_item, DCM_NumberOfContourPoints);
          declared && static_cast<std::size_t>(*declared) != data.size() / 3)
        throw InputError(fmt::format("{}: ROI '{}' has a contour declaring {} points but holding {}",
                                     rtstruct_path, roi_name, *declared, data.size() / 3));
      const std::vector<double> offset = decimals_of(*contour_item, kContourOffsetVector);
      Contour contour;
      contour.points.reserve(data.size() / 3);
      for (std::size_t k = 0; k + 2 < data.size(); k += 3) {
        core::Vec3 point{data[k], data[k + 1], data[k + 2]};
        if (offset.size() == 3)
          for (int axis = 0; axis < 3; ++axis) point[axis] -= offset[axis];
        contour.points.push_back(point);
      }
      if (contour.points.size() >= 3) contours.push_back(std::move(contour));
    }
  }
  if (!roi_found)
    throw InputError(fmt::format("{}: ROI '{}' is declared but has no entry in the ROIContourSequence",
                                 rtstruct_path, roi_name));
  if (contours.empty())
    throw InputError(
        fmt::format("{}: ROI '{}' has no CLOSED_PLANAR contour{}", rtstruct_path, roi_name,
                    other_geometry ? fmt::format(" ({} contours of other types)", other_geometry) : ""));
  return contours;
}

std::optional<std::vector<std::string>> rtstruct_roi_names(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code error;
  if (!fs::is_regular_file(path, error)) return std::nullopt;
  const std::string name = core::lowercase(fs::path(path).filename().string());
  for (const char* image_suffix :
       {".nii", ".nii.gz", ".hdr", ".img", ".img.gz", ".nrrd", ".nhdr", ".mha", ".mhd"})
    if (name.ends_with(image_suffix)) return std::nullopt;
  char preamble[132] = {};
  std::ifstream stream(path, std::ios::binary);
  if (!stream.read(preamble, sizeof preamble) || std::memcmp(preamble + 128, "DICM", 4) != 0)
    return std::nullopt;
  detail::silence_dcmtk_logging();
  DcmFileFormat file;
  if (file.loadFile(path.c_str(), EXS_Unknown, EGL_noChange, DCM_MaxReadLength, ERM_autoDetect).bad())
    return std::nullopt;
  DcmDataset& dataset = *file.getDataset();
  if (string_of(dataset, DCM_Modality).value_or("") != "RTSTRUCT" &&
      string_of(dataset, DCM_SOPClassUID).value_or("") != kRtStructureSetSopClass)
    return std::nullopt;
  std::vector<std::string> names;
  for (DcmItem* roi : items_of(dataset, DCM_StructureSetROISequence))
    names.push_back(string_of(*roi, DCM_ROIName).value_or(""));
  return names;
}

}  // namespace radstudy::io
