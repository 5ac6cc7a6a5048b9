#pragma once
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

namespace radstudy::core {

// A 128-bit hash of a stream of fields: two chains of splitmix64's finaliser (a bijection) over 8-byte
// words, each field preceded by its length and padded to whole words. Not cryptographic: a key against
// accidental change (a different file, setting or version), not against forgery.
class ContentHash {
 public:
  void add_word(std::uint64_t word);
  void add_bytes(const char* data, std::size_t size);
  // Pads what add_bytes left to a whole word.
  void end_field();
  void add_text(const std::string& text);
  // The file's size, then its bytes, read in blocks; false when it cannot be read whole.
  bool add_file(const std::filesystem::path& path);
  // 32 hex digits.
  std::string hex() const;

 private:
  void flush();
  std::uint64_t first_ = 0x243f6a8885a308d3ULL, second_ = 0x13198a2e03707344ULL;
  std::uint64_t pending_ = 0;
  int pending_bytes_ = 0;
};

}  // namespace radstudy::core
