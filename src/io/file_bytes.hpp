#pragma once
#include <cstddef>
#include <memory>
#include <string>

namespace radstudy::io {

// A file's bytes (or inflated bytes) in one buffer.
struct FileBytes {
  std::unique_ptr<std::byte[]> data;
  std::size_t size = 0;

  const std::byte* begin() const { return data.get(); }
};

// Reads the whole regular file. Throws InputError naming it when it is missing, a directory, or unreadable.
FileBytes read_file_bytes(const std::string& path);

// Whether `size` bytes at `data` start with the gzip magic number.
bool starts_with_gzip(const std::byte* data, std::size_t size);

// Inflates the gzip members at `data` one after another (bytes after the last member that do not start
// another member are ignored, as zlib's gzread does), checking each member's CRC-32 and length. Throws
// InputError "<source>: <what is wrong>" for a damaged or truncated stream, or one that would inflate
// beyond `limit` bytes.
FileBytes inflate_gzip(const std::byte* data, std::size_t size, const std::string& source,
                       std::size_t limit = std::size_t{1} << 40);

}  // namespace radstudy::io
