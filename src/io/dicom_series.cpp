#include "io/dicom_series.hpp"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcxfer.h>
#include <fmt/format.h>
#include <itkGDCMImageIO.h>
#include <itkImage.h>
#include <itkImageFileReader.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <vector>

#include "core/errors.hpp"
#include "core/text.hpp"
#include "io/dcmtk_support.hpp"
#include "io/itk_pixel_type.hpp"

namespace radstudy::io {
namespace {

namespace fs = std::filesystem;

// The header fields of one DICOM image file that place it in the series.
struct SliceHeader {
  std::string path;
  std::string series_uid;
  std::string description;                // SeriesDescription, for messages
  core::Vec3 position{};                  // ImagePositionPatient
  std::array<double, 6> orientation{};    // ImageOrientationPatient: row cosines, then column cosines
  std::array<double, 2> pixel_spacing{};  // between rows (y), between columns (x)
  std::size_t rows = 0;
  std::size_t columns = 0;
  double slice_thickness = 0.0;
  double position_along_normal = 0.0;
};

std::string file_name(const std::string& path) {
  return fs::path(path).filename().string();
}

std::optional<std::string> string_of(DcmDataset& dataset, const DcmTagKey& tag) {
  OFString value;
  if (dataset.findAndGetOFStringArray(tag, value).bad()) return std::nullopt;
  return std::string(value.c_str());
}

template <std::size_t N>
std::array<double, N> doubles_of(DcmDataset& dataset, const DcmTagKey& tag, const std::string& path,
                                 const char* tag_name) {
  std::array<double, N> values{};
  for (std::size_t k = 0; k < N; ++k) {
    Float64 value = 0.0;
    if (dataset.findAndGetFloat64(tag, value, static_cast<unsigned long>(k)).bad())
      throw InputError(
          fmt::format("{}: the DICOM image lacks {} (or it has fewer than {} values)", path, tag_name, N));
    values[k] = value;
  }
  return values;
}

// Whether `path` is a DICOM file: the magic "DICM" at byte 128 or, for a file without the preamble, one
// DCMTK parses and that carries a SOP class or a modality. Other files in a series folder (notes, a PDF,
// Thumbs.db) are passed over.
bool is_dicom_file(const std::string& path) {
  char preamble[132] = {};
  std::ifstream stream(path, std::ios::binary);
  if (stream.read(preamble, sizeof preamble) && std::memcmp(preamble + 128, "DICM", 4) == 0) return true;
  detail::silence_dcmtk_logging();
  DcmFileFormat file;
  if (file.loadFile(path.c_str(), EXS_Unknown, EGL_noChange, DCM_MaxReadLength, ERM_autoDetect).bad())
    return false;
  DcmDataset& dataset = *file.getDataset();
  return string_of(dataset, DCM_SOPClassUID) || string_of(dataset, DCM_Modality);
}

// Reads the header of DICOM file `path`. Returns nullopt for a DICOM object that is not an image (no pixel
// data).
std::optional<SliceHeader> read_header(const std::string& path) {
  detail::silence_dcmtk_logging();
  DcmFileFormat file;
  const OFCondition status =
      file.loadFile(path.c_str(), EXS_Unknown, EGL_noChange, DCM_MaxReadLength, ERM_autoDetect);
  if (status.bad())
    throw InputError(
        fmt::format("{}: a corrupt DICOM file (DCMTK: {}); replace it with an intact copy of "
                    "the slice",
                    path, core::one_line(status.text())));
  DcmDataset& dataset = *file.getDataset();
  DcmElement* pixel_data = nullptr;
  if (dataset.findAndGetElement(DCM_PixelData, pixel_data).bad() || pixel_data == nullptr)
    return std::nullopt;  // not an image (an RTSTRUCT, a report ...)

  SliceHeader header;
  header.path = path;
  header.series_uid = string_of(dataset, DCM_SeriesInstanceUID).value_or("");
  header.description = string_of(dataset, DCM_SeriesDescription).value_or("");
  Uint16 rows = 0;
  Uint16 columns = 0;
  if (dataset.findAndGetUint16(DCM_Rows, rows).bad() ||
      dataset.findAndGetUint16(DCM_Columns, columns).bad() || rows == 0 || columns == 0)
    throw InputError(fmt::format("{}: the DICOM image lacks Rows or Columns", path));
  header.rows = rows;
  header.columns = columns;
  Sint32 frames = 1;
  if (dataset.findAndGetSint32(DCM_NumberOfFrames, frames).good() && frames > 1)
    throw InputError(
        fmt::format("{}: a multi-frame DICOM image ({} frames) is not supported; give a series of "
                    "single-frame images",
                    path, frames));
  const auto position = doubles_of<3>(dataset, DCM_ImagePositionPatient, path, "ImagePositionPatient");
  header.position = {position[0], position[1], position[2]};
  header.orientation = doubles_of<6>(dataset, DCM_ImageOrientationPatient, path, "ImageOrientationPatient");
  header.pixel_spacing = doubles_of<2>(dataset, DCM_PixelSpacing, path, "PixelSpacing");
  if (!(header.pixel_spacing[0] > 0.0 && header.pixel_spacing[1] > 0.0))
    throw InputError(fmt::format("{}: PixelSpacing must be positive", path));
  Float64 thickness = 0.0;
  if (dataset.findAndGetFloat64(DCM_SliceThickness, thickness).good()) header.slice_thickness = thickness;

  // Native (not encapsulated) pixel data must hold the whole frame; a shorter element is a truncated file.
  const DcmXfer transfer_syntax(dataset.getOriginalXfer());
  Uint16 bits_allocated = 0;
  Uint16 samples_per_pixel = 1;
  dataset.findAndGetUint16(DCM_SamplesPerPixel, samples_per_pixel);
  if (!transfer_syntax.isEncapsulated() &&
      dataset.findAndGetUint16(DCM_BitsAllocated, bits_allocated).good()) {
    const std::size_t expected_bytes =
        (static_cast<std::size_t>(rows) * columns * samples_per_pixel * bits_allocated + 7) / 8;
    const Uint32 length = pixel_data->getLength();
    if (length < expected_bytes)
      throw InputError(
          fmt::format("{}: corrupt DICOM image: the pixel data holds {} bytes, a {}x{} frame of {} bits "
                      "needs {}",
                      path, length, columns, rows, bits_allocated, expected_bytes));
  }
  if (samples_per_pixel != 1)
    throw InputError(
        fmt::format("{}: the DICOM image has {} samples per pixel; only greyscale images are supported", path,
                    samples_per_pixel));
  return header;
}

core::Vec3 cross(const core::Vec3& a, const core::Vec3& b) {
  return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}
double dot(const core::Vec3& a, const core::Vec3& b) {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}
core::Vec3 normalised(core::Vec3 v) {
  const double length = std::sqrt(dot(v, v));
  for (double& component : v) component /= length;
  return v;
}

// The series UIDs present with their file counts, for the "mixed series" message.
std::string describe_series(const std::vector<SliceHeader>& slices) {
  std::map<std::string, std::pair<std::size_t, std::string>> series;
  for (const auto& slice : slices) {
    auto& entry = series[slice.series_uid];
    ++entry.first;
    if (entry.second.empty()) entry.second = slice.description;
  }
  std::string text;
  for (const auto& [uid, entry] : series)
    text += fmt::format("{}{} ({} images{})", text.empty() ? "" : "; ",
                        uid.empty() ? "<no SeriesInstanceUID>" : uid, entry.first,
                        entry.second.empty() ? "" : ", \"" + entry.second + "\"");
  return text;
}

// Checks that all slices share size, spacing and orientation, sorts them along the normal, checks the
// stacking, and returns the geometry.
core::Geometry series_geometry(const std::string& directory, std::vector<SliceHeader>& slices) {
  const SliceHeader& reference = slices.front();
  for (const auto& slice : slices) {
    if (slice.rows != reference.rows || slice.columns != reference.columns)
      throw InputError(fmt::format("{}: slices differ in size: {} is {}x{}, {} is {}x{}", directory,
                                   file_name(reference.path), reference.columns, reference.rows,
                                   file_name(slice.path), slice.columns, slice.rows));
    for (int k = 0; k < 2; ++k)
      if (std::abs(slice.pixel_spacing[k] - reference.pixel_spacing[k]) > 1e-4 * reference.pixel_spacing[k])
        throw InputError(fmt::format("{}: slices differ in pixel spacing: {} has {}\\{}, {} has {}\\{}",
                                     directory, file_name(reference.path), reference.pixel_spacing[0],
                                     reference.pixel_spacing[1], file_name(slice.path),
                                     slice.pixel_spacing[0], slice.pixel_spacing[1]));
    for (int k = 0; k < 6; ++k)
      if (std::abs(slice.orientation[k] - reference.orientation[k]) > 1e-4)
        throw InputError(fmt::format("{}: slices differ in orientation (ImageOrientationPatient): {} and {}",
                                     directory, file_name(reference.path), file_name(slice.path)));
  }

  const core::Vec3 row_direction =
      normalised({reference.orientation[0], reference.orientation[1], reference.orientation[2]});
  const core::Vec3 column_direction =
      normalised({reference.orientation[3], reference.orientation[4], reference.orientation[5]});
  if (std::abs(dot(row_direction, column_direction)) > 1e-3)
    throw InputError(fmt::format("{}: ImageOrientationPatient of {} is not orthogonal", directory,
                                 file_name(reference.path)));
  const core::Vec3 normal = normalised(cross(row_direction, column_direction));

  for (auto& slice : slices) slice.position_along_normal = dot(slice.position, normal);
  std::stable_sort(slices.begin(), slices.end(), [](const SliceHeader& a, const SliceHeader& b) {
    return a.position_along_normal < b.position_along_normal;
  });

  const double in_plane_spacing = std::min(reference.pixel_spacing[0], reference.pixel_spacing[1]);
  const core::Vec3 first_position = slices.front().position;
  for (const auto& slice : slices) {
    const core::Vec3 offset{slice.position[0] - first_position[0], slice.position[1] - first_position[1],
                            slice.position[2] - first_position[2]};
    const double drift = std::hypot(dot(offset, row_direction), dot(offset, column_direction));
    if (drift > std::max(1e-3, 1e-2 * in_plane_spacing))
      throw InputError(
          fmt::format("{}: the slices are not stacked along their normal ({} is shifted {:.3f} mm in plane "
                      "from {}; gantry tilt "
                      "is not supported)",
                      directory, file_name(slice.path), drift, file_name(slices.front().path)));
  }

  double slice_spacing = reference.slice_thickness > 0.0 ? reference.slice_thickness : 1.0;
  if (slices.size() > 1) {
    std::vector<double> gaps;
    for (std::size_t k = 1; k < slices.size(); ++k)
      gaps.push_back(slices[k].position_along_normal - slices[k - 1].position_along_normal);
    std::vector<double> sorted_gaps = gaps;
    std::nth_element(sorted_gaps.begin(), sorted_gaps.begin() + sorted_gaps.size() / 2, sorted_gaps.end());
    const double nominal = sorted_gaps[sorted_gaps.size() / 2];
    const double tolerance = std::max(1e-3, 1e-2 * nominal);
    for (std::size_t k = 0; k < gaps.size(); ++k) {
      const SliceHeader& before = slices[k];
      const SliceHeader& after = slices[k + 1];
      if (gaps[k] <= tolerance)
        throw InputError(fmt::format("{}: {} and {} lie at the same position ({:.3f} mm along the normal)",
                                     directory, file_name(before.path), file_name(after.path),
                                     before.position_along_normal));
      if (std::abs(gaps[k] - nominal) <= tolerance) continue;
      const double ratio = gaps[k] / nominal;
      const double whole = std::round(ratio);
      if (whole >= 2.0 && std::abs(gaps[k] - whole * nominal) <= tolerance * whole)
        throw InputError(fmt::format(
            "{}: {} slice(s) missing between {} and {} ({:.3f} mm apart, the slice spacing is {:.3f} mm)",
            directory, static_cast<long>(whole) - 1, file_name(before.path), file_name(after.path), gaps[k],
            nominal));
      throw InputError(fmt::format(
          "{}: non-uniform slice spacing: {:.3f} mm between {} and {}, {:.3f} mm between most slices",
          directory, gaps[k], file_name(before.path), file_name(after.path), nominal));
    }
    // The mean spacing, rounded to 1e-6 mm: positions are decimal strings, often float32 values printed to 15
    // digits (IBSI phantom: 76.5999984741211 ... -100.40000152587 gives 2.99999999999985 mm, not 3). Left
    // unrounded, that noise moves IBSI interpolation points off exact half-slice positions, where a
    // partial-volume threshold of 0.5 decides, and config C loses 5% of its volume against the NIfTI.
    const double mean_spacing = (slices.back().position_along_normal - slices.front().position_along_normal) /
                                static_cast<double>(slices.size() - 1);
    slice_spacing = std::round(mean_spacing * 1e6) / 1e6;
  }

  core::Geometry geometry;
  geometry.size = {reference.columns, reference.rows, slices.size()};
  geometry.spacing = {reference.pixel_spacing[1], reference.pixel_spacing[0], slice_spacing};
  geometry.origin = slices.front().position;
  for (int row = 0; row < 3; ++row) {
    geometry.direction[row * 3 + 0] = row_direction[row];
    geometry.direction[row * 3 + 1] = column_direction[row];
    geometry.direction[row * 3 + 2] = normal[row];
  }
  return geometry;
}

// The slice as DCMTK writes it back: a new file meta header and the data set with explicit lengths, in a
// temporary file removed with the object. GDCM, which decodes the pixels, aborts on some malformed file
// meta headers that DCMTK reads (an assertion inside gdcm::FileMetaInformation, found by the fuzzer); it
// only ever sees a file DCMTK wrote.
class RewrittenSlice {
 public:
  explicit RewrittenSlice(const std::string& path) {
    static std::atomic<unsigned> counter{0};
    path_ =
        (fs::temp_directory_path() / fmt::format("radstudy-dicom-{}-{}.dcm", ::getpid(), counter++)).string();
    DcmFileFormat file;
    OFCondition status =
        file.loadFile(path.c_str(), EXS_Unknown, EGL_noChange, DCM_MaxReadLength, ERM_autoDetect);
    if (status.good())
      status = file.saveFile(path_.c_str(), EXS_Unknown, EET_ExplicitLength, EGL_recalcGL, EPD_noChange, 0, 0,
                             EWM_createNewMeta);
    if (status.bad()) {
      std::error_code ignored;
      fs::remove(path_, ignored);
      throw InputError(
          fmt::format("{}: corrupt DICOM image (DCMTK: {}); replace it with an intact copy of "
                      "the slice",
                      path, core::one_line(status.text())));
    }
  }
  ~RewrittenSlice() {
    std::error_code ignored;
    fs::remove(path_, ignored);
  }
  RewrittenSlice(const RewrittenSlice&) = delete;
  RewrittenSlice& operator=(const RewrittenSlice&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace

core::IntensityImage read_dicom_series(const std::string& directory) {
  std::vector<std::string> paths;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(directory, error)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || name.starts_with(".") || name == "DICOMDIR") continue;
    paths.push_back(entry.path().string());
  }
  if (error)
    throw InputError(fmt::format("{}: cannot list the directory ({}); check the path and its permissions",
                                 directory, error.message()));
  std::sort(paths.begin(), paths.end());

  std::vector<SliceHeader> slices;
  for (const auto& path : paths)
    if (is_dicom_file(path))
      if (auto header = read_header(path)) slices.push_back(std::move(*header));
  if (slices.empty())
    throw InputError(
        fmt::format("{}: the directory holds no DICOM image series ({} files, no DICOM image among them); "
                    "give the folder that holds the series' slices",
                    directory, paths.size()));
  const bool mixed = std::any_of(slices.begin(), slices.end(), [&](const SliceHeader& slice) {
    return slice.series_uid != slices.front().series_uid;
  });
  if (mixed)
    throw InputError(
        fmt::format("{}: the directory mixes DICOM series: {}; give a directory holding one series",
                    directory, describe_series(slices)));

  const core::Geometry geometry = series_geometry(directory, slices);
  core::IntensityImage image(geometry);
  const std::size_t slice_size = geometry.size[0] * geometry.size[1];
  using SliceImage = itk::Image<float, 2>;
  for (std::size_t z = 0; z < slices.size(); ++z) {
    const std::string& path = slices[z].path;
    const RewrittenSlice rewritten(path);
    auto dicom_io = itk::GDCMImageIO::New();  // applies the slice's RescaleSlope and RescaleIntercept
    auto reader = itk::ImageFileReader<SliceImage>::New();
    reader->SetImageIO(dicom_io);
    reader->SetFileName(rewritten.path());
    try {
      reader->Update();
    } catch (const itk::ExceptionObject& exception) {
      throw InputError(
          fmt::format("{}: corrupt DICOM image, its pixels cannot be decoded (GDCM: {}); "
                      "replace it with an intact copy of the slice",
                      path, core::one_line(exception.GetDescription())));
    }
    const SliceImage* pixels = reader->GetOutput();
    const auto size = pixels->GetLargestPossibleRegion().GetSize();
    if (size[0] != geometry.size[0] || size[1] != geometry.size[1])
      throw InputError(fmt::format("{}: decoded {}x{} pixels, the header says {}x{}", path, size[0], size[1],
                                   geometry.size[0], geometry.size[1]));
    std::memcpy(image.voxels().data() + z * slice_size, pixels->GetBufferPointer(),
                slice_size * sizeof(float));
    // SimpleITK (hence PyRadiomics) would hold the series in the type the first slice decodes to.
    if (z == 0) image.set_stored_pixel_type(detail::pixel_type_of(dicom_io->GetComponentType()));
  }
  return image;
}

}  // namespace radstudy::io
