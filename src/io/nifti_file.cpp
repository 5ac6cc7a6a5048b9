#include "io/nifti_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>
#include <optional>
#include <vector>

#include "core/errors.hpp"
#include "core/text.hpp"
#include "io/file_bytes.hpp"

namespace radstudy::io {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kNifti1HeaderBytes = 348;
constexpr std::size_t kNifti2HeaderBytes = 540;

template <typename T>
T byte_swapped(T value) {
  unsigned char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  std::reverse(bytes, bytes + sizeof(T));
  std::memcpy(&value, bytes, sizeof(T));
  return value;
}

enum class HeaderKind { Nifti1, Nifti2, Analyze };

// Reads the fields of either header version, in either byte order, as the widest type.
class HeaderReader {
 public:
  HeaderReader(const std::byte* bytes, HeaderKind kind, bool swap)
      : bytes_(bytes), kind_(kind), swap_(swap) {}

  HeaderKind kind() const { return kind_; }
  bool swapped() const { return swap_; }
  bool version2() const { return kind_ == HeaderKind::Nifti2; }

  std::int64_t dim(int k) const {
    return version2() ? get<std::int64_t>(16 + 8 * k) : get<std::int16_t>(40 + 2 * k);
  }
  double pixdim(int k) const { return version2() ? get<double>(104 + 8 * k) : get<float>(76 + 4 * k); }
  std::int32_t datatype() const { return version2() ? get<std::int16_t>(12) : get<std::int16_t>(70); }
  std::int32_t bitpix() const { return version2() ? get<std::int16_t>(14) : get<std::int16_t>(72); }
  double vox_offset() const {
    return version2() ? static_cast<double>(get<std::int64_t>(168)) : get<float>(108);
  }
  double scl_slope() const { return version2() ? get<double>(176) : get<float>(112); }
  double scl_inter() const { return version2() ? get<double>(184) : get<float>(116); }
  std::int32_t qform_code() const { return version2() ? get<std::int32_t>(344) : get<std::int16_t>(252); }
  std::int32_t sform_code() const { return version2() ? get<std::int32_t>(348) : get<std::int16_t>(254); }
  // quatern_b, c, d, qoffset_x, y, z
  double quaternion(int k) const { return version2() ? get<double>(352 + 8 * k) : get<float>(256 + 4 * k); }
  // srow_x[0..3], srow_y[0..3], srow_z[0..3]
  double srow(int k) const { return version2() ? get<double>(400 + 8 * k) : get<float>(280 + 4 * k); }

 private:
  template <typename T>
  T get(std::size_t offset) const {
    T value;
    std::memcpy(&value, bytes_ + offset, sizeof(T));
    return swap_ ? byte_swapped(value) : value;
  }

  const std::byte* bytes_;
  HeaderKind kind_;
  bool swap_;
};

std::optional<std::size_t> bytes_per_component(std::int32_t datatype) {
  switch (datatype) {
    case 2:
    case 256:
      return 1;
    case 4:
    case 512:
      return 2;
    case 8:
    case 16:
    case 768:
      return 4;
    case 64:
    case 1024:
    case 1280:
      return 8;
    default:
      return std::nullopt;
  }
}

std::string datatype_name(std::int32_t datatype) {
  switch (datatype) {
    case 0:
      return "unknown (0)";
    case 1:
      return "binary (1)";
    case 32:
      return "complex64 (32)";
    case 128:
      return "RGB24 (128)";
    case 1536:
      return "float128 (1536)";
    case 1792:
      return "complex128 (1792)";
    case 2048:
      return "complex256 (2048)";
    case 2304:
      return "RGBA32 (2304)";
    default:
      return fmt::format("code {}", datatype);
  }
}

bool is_single_file_magic(const std::byte* bytes, HeaderKind kind) {
  if (kind == HeaderKind::Nifti2) return std::memcmp(bytes + 4, "n+2", 4) == 0;
  return std::memcmp(bytes + 344, "n+1", 4) == 0;
}

// The header's kind and byte order, from sizeof_hdr and the magic string.
HeaderReader header_reader(const FileBytes& file, const std::string& path) {
  if (file.size < kNifti1HeaderBytes)
    throw InputError(
        fmt::format("{}: not a NIfTI file: {} bytes, shorter than a NIfTI header (348 bytes); "
                    "check that the file is the image and was copied whole",
                    path, file.size));
  std::int32_t size_field = 0;
  std::memcpy(&size_field, file.begin(), 4);
  for (const bool swap : {false, true}) {
    const std::int32_t declared = swap ? byte_swapped(size_field) : size_field;
    if (declared == static_cast<std::int32_t>(kNifti1HeaderBytes)) {
      const std::byte* magic = file.begin() + 344;
      const bool nifti = std::memcmp(magic, "n+1", 4) == 0 || std::memcmp(magic, "ni1", 4) == 0;
      return HeaderReader(file.begin(), nifti ? HeaderKind::Nifti1 : HeaderKind::Analyze, swap);
    }
    if (declared == static_cast<std::int32_t>(kNifti2HeaderBytes)) {
      if (file.size < kNifti2HeaderBytes)
        throw InputError(
            fmt::format("{}: the NIfTI-2 header is truncated: {} of its 540 bytes", path, file.size));
      const std::byte* magic = file.begin() + 4;
      if (std::memcmp(magic, "n+2", 4) != 0 && std::memcmp(magic, "ni2", 4) != 0)
        throw InputError(
            fmt::format("{}: not a NIfTI file: sizeof_hdr is 540 but the NIfTI-2 magic is missing", path));
      return HeaderReader(file.begin(), HeaderKind::Nifti2, swap);
    }
  }
  throw InputError(
      fmt::format("{}: not a NIfTI file (or a damaged one): its first four bytes give a header size of {}, "
                  "not 348 or 540; check that the file is the image and was copied whole",
                  path, size_field));
}

// Positions and spacings beyond a kilometre belong to no scanner; ITK's orientation code (VNL's SVD) can
// loop for ever on such values, so they are refused before ITK sees them.
constexpr double kLargestCoordinate = 1e6;

void check_finite(const std::string& path, double value, const char* field) {
  if (!std::isfinite(value) || std::abs(value) > kLargestCoordinate)
    throw InputError(
        fmt::format("{}: the NIfTI header's {} is {}; the image's geometry is unknown (values must be "
                    "finite and within {} mm)",
                    path, field, value, kLargestCoordinate));
}

void check_orientation(const HeaderReader& header, const std::string& path) {
  if (header.kind() == HeaderKind::Analyze) return;
  if (header.qform_code() > 0) {
    static constexpr const char* kNames[] = {"quatern_b", "quatern_c", "quatern_d",
                                             "qoffset_x", "qoffset_y", "qoffset_z"};
    for (int k = 0; k < 6; ++k) check_finite(path, header.quaternion(k), kNames[k]);
  }
  if (header.sform_code() > 0) {
    double m[12];
    for (int k = 0; k < 12; ++k) {
      m[k] = header.srow(k);
      if (!std::isfinite(m[k]) || std::abs(m[k]) > kLargestCoordinate)
        throw InputError(
            fmt::format("{}: the NIfTI header's sform (srow_{}[{}]) is {}; the image's orientation is "
                        "unknown (values must be finite and within {} mm)",
                        path, "xyz"[k / 4], k % 4, m[k], kLargestCoordinate));
    }
    const double determinant = m[0] * (m[5] * m[10] - m[6] * m[9]) - m[1] * (m[4] * m[10] - m[6] * m[8]) +
                               m[2] * (m[4] * m[9] - m[5] * m[8]);
    double scale = 0.0;
    for (int row = 0; row < 3; ++row)
      for (int column = 0; column < 3; ++column) scale = std::max(scale, std::abs(m[row * 4 + column]));
    if (!(std::abs(determinant) > 1e-12 * scale * scale * scale))
      throw InputError(
          fmt::format("{}: the NIfTI header's sform matrix is singular (determinant {}); the image's "
                      "orientation is unknown",
                      path, determinant));
  }
}

// The data file of a .hdr/.img pair: the .img (or .img.gz) beside the header.
std::string pair_data_path(const std::string& header_path) {
  std::string stem = header_path;
  if (stem.ends_with(".gz")) stem.resize(stem.size() - 3);
  stem.resize(stem.size() - 4);
  for (const char* extension : {".img", ".img.gz", ".IMG"})
    if (fs::exists(stem + extension)) return stem + extension;
  throw InputError(
      fmt::format("{}: the image data file {}.img beside this header is missing", header_path, stem));
}

FileBytes load_maybe_compressed(const std::string& path) {
  FileBytes file = read_file_bytes(path);
  if (starts_with_gzip(file.begin(), file.size)) return inflate_gzip(file.begin(), file.size, path);
  return file;
}

template <typename T>
std::size_t count_non_finite(std::byte* voxels, std::size_t count, bool swap, bool zero) {
  std::size_t found = 0;
  for (std::size_t k = 0; k < count; ++k) {
    T value;
    std::memcpy(&value, voxels + k * sizeof(T), sizeof(T));
    if (swap) value = byte_swapped(value);
    if (!std::isfinite(value)) {
      ++found;
      if (zero) std::memset(voxels + k * sizeof(T), 0, sizeof(T));
    }
  }
  return found;
}

}  // namespace

bool is_nifti_path(const std::string& path) {
  const std::string lower = core::lowercase(path);
  for (const char* extension : {".nii", ".nii.gz", ".hdr", ".hdr.gz", ".img", ".img.gz", ".nia"})
    if (lower.ends_with(extension)) return true;
  return false;
}

NiftiFile NiftiFile::load(const std::string& path) {
  std::string header_path = path;
  if (path.ends_with(".img") || path.ends_with(".img.gz") || path.ends_with(".IMG")) {
    header_path = path.substr(0, path.size() - (path.ends_with(".gz") ? 7 : 4)) + ".hdr";
    if (!fs::exists(header_path))
      throw InputError(
          fmt::format("{}: the header file {} of this image data file is missing", path, header_path));
  }
  FileBytes header_file = load_maybe_compressed(header_path);
  const HeaderReader header = header_reader(header_file, header_path);
  const bool single_file =
      header.kind() != HeaderKind::Analyze && is_single_file_magic(header_file.begin(), header.kind());

  // Dimensions: at most three axes of more than one voxel.
  const std::int64_t axes = header.dim(0);
  if (axes < 1 || axes > 7)
    throw InputError(
        fmt::format("{}: the NIfTI header's dim[0] (the number of axes) is {}, not 1 to 7", path, axes));
  NiftiFile result;
  double voxel_count = 1;
  for (int axis = 1; axis <= axes; ++axis) {
    const std::int64_t extent = header.dim(axis);
    if (extent < 1 || extent > (std::int64_t{1} << 31))
      throw InputError(fmt::format("{}: the NIfTI header's dim[{}] (the image's size along axis {}) is {}",
                                   path, axis, axis, extent));
    if (axis > 3 && extent != 1)
      throw InputError(
          fmt::format("{}: a {}D image ({} along axis {}): radstudy reads 3D images; save the volume to "
                      "analyse as its own file",
                      path, axes, extent, axis));
    if (axis <= 3) result.size_[static_cast<std::size_t>(axis - 1)] = static_cast<std::size_t>(extent);
    voxel_count *= extent;
  }
  for (int axis = 1; axis <= std::min<std::int64_t>(axes, 3); ++axis) {
    const double spacing = header.pixdim(axis);
    if (!std::isfinite(spacing) || spacing < 1e-6 || spacing > kLargestCoordinate)
      throw InputError(
          fmt::format("{}: the NIfTI header's pixdim[{}] (the voxel spacing along axis {}) is {}; it "
                      "must be a positive number of mm (1e-6 to 1e6)",
                      path, axis, axis, spacing));
  }

  // Datatype.
  const std::int32_t datatype = header.datatype();
  const auto component_bytes = bytes_per_component(datatype);
  if (!component_bytes)
    throw InputError(
        fmt::format("{}: the NIfTI datatype is {}; radstudy reads scalar integer and float images", path,
                    datatype_name(datatype)));
  if (header.bitpix() != static_cast<std::int32_t>(8 * *component_bytes))
    throw InputError(
        fmt::format("{}: the NIfTI header's bitpix is {} but its datatype ({}) has {} bits per voxel", path,
                    header.bitpix(), datatype, 8 * *component_bytes));
  result.datatype_ = static_cast<NiftiDatatype>(datatype);

  // Scaling and orientation.
  const double slope = header.scl_slope();
  const double intercept = header.scl_inter();
  if (header.kind() != HeaderKind::Analyze) {
    if (!std::isfinite(slope) || (slope != 0.0 && !std::isfinite(intercept)))
      throw InputError(
          fmt::format("{}: the NIfTI header's scaling (scl_slope {}, scl_inter {}) is not finite", path,
                      slope, intercept));
    check_orientation(header, path);
  }

  // The voxel data: where it starts, and all of it present.
  const double offset_field = header.vox_offset();
  const std::size_t minimum_offset = single_file ? (header.version2() ? 544 : 352) : 0;
  if (!std::isfinite(offset_field) || offset_field != std::floor(offset_field) || offset_field < 0)
    throw InputError(fmt::format("{}: the NIfTI header's vox_offset is {}, not a whole number of bytes", path,
                                 offset_field));
  if (single_file &&
      (offset_field < static_cast<double>(minimum_offset) || std::fmod(offset_field, 16.0) != 0.0))
    throw InputError(
        fmt::format("{}: the NIfTI header's vox_offset is {}; in a single-file NIfTI it must be at least "
                    "{} and a multiple of 16",
                    path, offset_field, minimum_offset));
  FileBytes data = single_file ? std::move(header_file) : load_maybe_compressed(pair_data_path(header_path));
  const std::string data_path = single_file ? path : pair_data_path(header_path);
  const double needed =
      static_cast<double>(offset_field) + voxel_count * static_cast<double>(*component_bytes);
  if (static_cast<double>(data.size) < needed) {
    const double voxel_bytes = voxel_count * static_cast<double>(*component_bytes);
    const double present = std::max(0.0, static_cast<double>(data.size) - offset_field);
    throw InputError(
        fmt::format("{}: truncated or wrong header: the header's {} x {} x {} voxels of {} bytes need {} "
                    "bytes of voxel data from byte {}, the file holds {}; the file was probably cut short "
                    "(copy it again from its source)",
                    data_path, result.size_[0], result.size_[1], result.size_[2], *component_bytes,
                    static_cast<double>(voxel_bytes), offset_field, present));
  }
  result.voxel_offset_ = static_cast<std::size_t>(offset_field);
  result.data_ = std::move(data.data);

  // Float voxels that are not finite: counted (and zeroed for direct reading, as NIfTI's library does).
  std::byte* voxels = result.data_.get() + result.voxel_offset_;
  const bool direct_type = datatype != 1024 && datatype != 1280;
  const bool unscaled = slope == 0.0 || (slope == 1.0 && intercept == 0.0);
  result.readable_directly_ =
      header.kind() == HeaderKind::Nifti1 && single_file && !header.swapped() && direct_type && unscaled;
  if (datatype == 16)
    result.non_finite_ =
        count_non_finite<float>(voxels, result.voxel_count(), header.swapped(), result.readable_directly_);
  else if (datatype == 64)
    result.non_finite_ =
        count_non_finite<double>(voxels, result.voxel_count(), header.swapped(), result.readable_directly_);
  return result;
}

}  // namespace radstudy::io
