#include "io/nifti_gzip_reader.hpp"

#include <libdeflate.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace radstudy::io {
namespace {

constexpr std::size_t kHeaderBytes = 348;
constexpr std::size_t kFirstVoxelOffset = 352;  // header + the 4 extension flag bytes
// DEFLATE cannot expand data by more than this factor, so no larger buffer is ever needed.
constexpr std::size_t kMaxInflationRatio = 1032;

struct Bytes {
  std::unique_ptr<std::byte[]> data;
  std::size_t size = 0;
};

std::optional<Bytes> read_whole_file(const std::string& path) {
  std::error_code error;
  const std::size_t size = std::filesystem::file_size(path, error);
  if (error) return std::nullopt;
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) return std::nullopt;
  Bytes bytes{std::make_unique_for_overwrite<std::byte[]>(size), size};
  const bool complete = std::fread(bytes.data.get(), 1, size, file) == size;
  std::fclose(file);
  if (!complete) return std::nullopt;
  return bytes;
}

bool is_gzip(const Bytes& bytes) {
  return bytes.size >= 2 && bytes.data[0] == std::byte{0x1f} && bytes.data[1] == std::byte{0x8b};
}

struct DecompressorDeleter {
  void operator()(libdeflate_decompressor* decompressor) const { libdeflate_free_decompressor(decompressor); }
};

// Inflates all gzip members one after the other into `capacity` bytes; nullopt when they do not fit
// or anything is wrong (bad data or checksum, bytes after the last member that are not a member).
std::optional<Bytes> inflate_members(libdeflate_decompressor* decompressor, const Bytes& compressed,
                                     std::size_t capacity, bool& too_small) {
  Bytes inflated{std::make_unique_for_overwrite<std::byte[]>(capacity), 0};
  std::size_t consumed = 0;
  too_small = false;
  while (consumed < compressed.size) {
    std::size_t member_in = 0, member_out = 0;
    const libdeflate_result result = libdeflate_gzip_decompress_ex(
        decompressor, compressed.data.get() + consumed, compressed.size - consumed,
        inflated.data.get() + inflated.size, capacity - inflated.size, &member_in, &member_out);
    if (result == LIBDEFLATE_INSUFFICIENT_SPACE) too_small = true;
    if (result != LIBDEFLATE_SUCCESS) return std::nullopt;
    consumed += member_in;
    inflated.size += member_out;
  }
  return inflated;
}

// The uncompressed contents of a gzip file. The buffer starts at the last member's ISIZE (the whole
// size for the usual single member) and doubles while the members do not fit.
std::optional<Bytes> gunzip(const Bytes& compressed) {
  if (compressed.size < 18) return std::nullopt;
  std::uint32_t last_member_size = 0;
  std::memcpy(&last_member_size, compressed.data.get() + compressed.size - 4, 4);  // little-endian trailer
  const std::size_t limit = compressed.size * kMaxInflationRatio;
  std::size_t capacity = std::min<std::size_t>(std::max<std::size_t>(last_member_size, 1 << 16), limit);
  const std::unique_ptr<libdeflate_decompressor, DecompressorDeleter> decompressor(
      libdeflate_alloc_decompressor());
  if (!decompressor) return std::nullopt;
  for (;;) {
    bool too_small = false;
    auto inflated = inflate_members(decompressor.get(), compressed, capacity, too_small);
    if (inflated || !too_small || capacity >= limit) return inflated;
    capacity = std::min(capacity * 2, limit);
  }
}

template <typename T>
T header_value(const std::byte* header, std::size_t offset) {
  T value;
  std::memcpy(&value, header + offset, sizeof(T));
  return value;
}

std::size_t component_bytes(NiftiDatatype datatype) {
  switch (datatype) {
    case NiftiDatatype::UInt8:
    case NiftiDatatype::Int8:
      return 1;
    case NiftiDatatype::Int16:
    case NiftiDatatype::UInt16:
      return 2;
    case NiftiDatatype::Int32:
    case NiftiDatatype::UInt32:
    case NiftiDatatype::Float32:
      return 4;
    case NiftiDatatype::Float64:
      return 8;
  }
  return 0;
}

// Sets non-finite voxels to 0 as nifti_read_buffer does, and counts them.
template <typename T>
std::size_t zero_non_finite(T* voxels, std::size_t count) {
  std::size_t found = 0;
  for (std::size_t k = 0; k < count; ++k) {
    if (!std::isfinite(voxels[k])) {
      voxels[k] = 0;
      ++found;
    }
  }
  return found;
}

}  // namespace

std::optional<NiftiVoxels> read_nifti_voxels(const std::string& path) {
  const bool compressed = path.ends_with(".nii.gz");
  if (!compressed && !path.ends_with(".nii")) return std::nullopt;
  auto file = read_whole_file(path);
  // NIfTI's library reads a .nii file as it is, and a .nii.gz one through zlib, which would also
  // pass plain bytes through; only the usual cases are read here.
  if (!file || is_gzip(*file) != compressed) return std::nullopt;
  if (compressed) file = gunzip(*file);
  if (!file || file->size < kFirstVoxelOffset) return std::nullopt;

  const std::byte* header = file->data.get();
  if (header_value<std::int32_t>(header, 0) != static_cast<std::int32_t>(kHeaderBytes)) return std::nullopt;
  if (std::memcmp(header + 344, "n+1\0", 4) != 0) return std::nullopt;
  const auto dimensions = header_value<std::int16_t>(header, 40);
  if (dimensions < 1 || dimensions > 7) return std::nullopt;
  NiftiVoxels result;
  result.size = {1, 1, 1};
  for (int axis = 1; axis <= dimensions; ++axis) {
    const auto extent = header_value<std::int16_t>(header, 40 + 2 * axis);
    if (extent < 1 || (axis > 3 && extent != 1)) return std::nullopt;
    if (axis <= 3) result.size[axis - 1] = static_cast<std::size_t>(extent);
  }
  result.datatype = static_cast<NiftiDatatype>(header_value<std::int16_t>(header, 70));
  const std::size_t bytes_per_voxel = component_bytes(result.datatype);
  if (bytes_per_voxel == 0 ||
      header_value<std::int16_t>(header, 72) != static_cast<std::int16_t>(8 * bytes_per_voxel))
    return std::nullopt;
  const auto voxel_offset = header_value<float>(header, 108);
  const auto slope = header_value<float>(header, 112);
  const auto intercept = header_value<float>(header, 116);
  if (!(slope == 0.0F || slope == 1.0F) || intercept != 0.0F) return std::nullopt;
  if (!(voxel_offset >= kFirstVoxelOffset && voxel_offset < 1e9F) || voxel_offset != std::floor(voxel_offset))
    return std::nullopt;
  result.voxel_offset = static_cast<std::size_t>(voxel_offset);
  if (result.voxel_offset % bytes_per_voxel != 0) return std::nullopt;
  if (file->size < result.voxel_offset + result.voxel_count() * bytes_per_voxel) return std::nullopt;

  result.file = std::move(file->data);
  std::byte* voxels = result.file.get() + result.voxel_offset;
  if (result.datatype == NiftiDatatype::Float32)
    result.non_finite = zero_non_finite(reinterpret_cast<float*>(voxels), result.voxel_count());
  else if (result.datatype == NiftiDatatype::Float64)
    result.non_finite = zero_non_finite(reinterpret_cast<double*>(voxels), result.voxel_count());
  return result;
}

}  // namespace radstudy::io
