#include "io/file_bytes.hpp"

#include <fmt/format.h>
#include <libdeflate.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <vector>

#include "core/errors.hpp"

namespace radstudy::io {
namespace {

// DEFLATE cannot expand data by more than this factor, so no larger buffer is ever needed.
constexpr std::size_t kMaxInflationRatio = 1032;
constexpr std::size_t kGzipOverhead = 18;  // smallest header + trailer

struct DecompressorDeleter {
  void operator()(libdeflate_decompressor* decompressor) const { libdeflate_free_decompressor(decompressor); }
};

// Why zlib cannot inflate the member at `data`: libdeflate says only that something is wrong.
std::string gzip_member_problem(const std::byte* data, std::size_t size) {
  z_stream stream{};
  if (inflateInit2(&stream, 15 + 16) != Z_OK) return "the gzip data cannot be inflated";
  std::vector<unsigned char> scratch(1 << 16);
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<std::byte*>(data));
  stream.avail_in = static_cast<uInt>(std::min<std::size_t>(size, 1U << 30));
  std::size_t inflated = 0;
  int status = Z_OK;
  while (status == Z_OK) {
    stream.next_out = scratch.data();
    stream.avail_out = static_cast<uInt>(scratch.size());
    status = inflate(&stream, Z_NO_FLUSH);
    inflated += scratch.size() - stream.avail_out;
    if (status == Z_BUF_ERROR || (status == Z_OK && stream.avail_in == 0 && stream.avail_out != 0)) {
      inflateEnd(&stream);
      return fmt::format(
          "the gzip data is truncated: it ends after {} inflated bytes, before the end of its compressed "
          "stream (was the file cut short while copying?)",
          inflated);
    }
  }
  const std::string message = stream.msg ? stream.msg : "";
  inflateEnd(&stream);
  if (status == Z_STREAM_END) return "the gzip data is damaged";
  if (message == "incorrect data check")
    return "the gzip data is damaged: its CRC-32 does not match the inflated bytes";
  if (message == "incorrect length check")
    return "the gzip data is damaged: its length field does not match the inflated bytes";
  return fmt::format("the gzip data is damaged ({}) after {} inflated bytes",
                     message.empty() ? "corrupt stream" : message, inflated);
}

}  // namespace

FileBytes read_file_bytes(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code error;
  const auto status = fs::status(path, error);
  if (fs::is_directory(status))
    throw InputError(fmt::format("{}: is a directory, not a file; give the path of the image file", path));
  if (error || !fs::exists(status))
    throw InputError(fmt::format("{}: no such file; check the path of the image file", path));
  const std::size_t size = fs::file_size(path, error);
  if (error)
    throw InputError(
        fmt::format("{}: cannot read the file ({}); check that it is a regular file", path, error.message()));
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (!file)
    throw InputError(
        fmt::format("{}: cannot open the file ({}); check its permissions", path, std::strerror(errno)));
  FileBytes bytes{std::make_unique_for_overwrite<std::byte[]>(std::max<std::size_t>(size, 1)), size};
  const bool complete = std::fread(bytes.data.get(), 1, size, file) == size;
  std::fclose(file);
  if (!complete)
    throw InputError(fmt::format("{}: cannot read the file (it changed or shrank while read)", path));
  return bytes;
}

bool starts_with_gzip(const std::byte* data, std::size_t size) {
  return size >= 2 && data[0] == std::byte{0x1f} && data[1] == std::byte{0x8b};
}

FileBytes inflate_gzip(const std::byte* data, std::size_t size, const std::string& source,
                       std::size_t limit) {
  if (size < kGzipOverhead)
    throw InputError(fmt::format(
        "{}: the gzip data is truncated: {} bytes, less than a gzip header and trailer", source, size));
  limit = std::min(limit, size * kMaxInflationRatio);
  std::uint32_t last_member_size = 0;
  std::memcpy(&last_member_size, data + size - 4,
              4);  // little-endian trailer: the usual single member's size
  std::size_t capacity = std::min<std::size_t>(std::max<std::size_t>(last_member_size, 1 << 16), limit);
  const std::unique_ptr<libdeflate_decompressor, DecompressorDeleter> decompressor(
      libdeflate_alloc_decompressor());
  if (!decompressor) throw std::bad_alloc();
  for (;;) {
    FileBytes inflated{std::make_unique_for_overwrite<std::byte[]>(capacity), 0};
    std::size_t consumed = 0;
    bool too_small = false;
    while (consumed < size) {
      if (consumed > 0 && !starts_with_gzip(data + consumed, size - consumed)) break;  // trailing bytes
      std::size_t member_in = 0, member_out = 0;
      const libdeflate_result result = libdeflate_gzip_decompress_ex(
          decompressor.get(), data + consumed, size - consumed, inflated.data.get() + inflated.size,
          capacity - inflated.size, &member_in, &member_out);
      if (result == LIBDEFLATE_INSUFFICIENT_SPACE) {
        too_small = true;
        break;
      }
      if (result != LIBDEFLATE_SUCCESS)
        throw InputError(
            fmt::format("{}: {}", source, gzip_member_problem(data + consumed, size - consumed)));
      consumed += member_in;
      inflated.size += member_out;
    }
    if (!too_small) return inflated;
    if (capacity >= limit) {
      // A damaged length can look like a lack of space: tell damage from a real excess.
      const std::string problem = gzip_member_problem(data, size);
      if (problem != "the gzip data is damaged") throw InputError(fmt::format("{}: {}", source, problem));
      throw InputError(fmt::format("{}: the gzip data inflates to more than {} bytes", source, limit));
    }
    capacity = std::min(capacity * 2, limit);
  }
}

}  // namespace radstudy::io
