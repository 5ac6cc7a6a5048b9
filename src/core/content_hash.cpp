#include "core/content_hash.hpp"

#include <fmt/format.h>

#include <fstream>
#include <vector>

#include "core/seeded_random.hpp"

namespace radstudy::core {

void ContentHash::add_word(std::uint64_t word) {
  first_ = mixed_seed(first_ ^ word);
  second_ = mixed_seed(second_ ^ ((word << 32) | (word >> 32)) ^ 0x6a09e667f3bcc908ULL);
}

void ContentHash::add_bytes(const char* data, std::size_t size) {
  for (std::size_t k = 0; k < size; ++k) {
    pending_ |= static_cast<std::uint64_t>(static_cast<unsigned char>(data[k])) << (8 * pending_bytes_);
    if (++pending_bytes_ == 8) flush();
  }
}

void ContentHash::end_field() {
  if (pending_bytes_ > 0) flush();
}

void ContentHash::add_text(const std::string& text) {
  add_word(text.size());
  add_bytes(text.data(), text.size());
  end_field();
}

bool ContentHash::add_file(const std::filesystem::path& path) {
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  if (error) return false;
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  add_word(size);
  std::vector<char> block(1 << 20);
  std::uintmax_t read = 0;
  while (in) {
    in.read(block.data(), static_cast<std::streamsize>(block.size()));
    const auto count = static_cast<std::size_t>(in.gcount());
    add_bytes(block.data(), count);
    read += count;
  }
  end_field();
  return !in.bad() && read == size;
}

std::string ContentHash::hex() const {
  return fmt::format("{:016x}{:016x}", mixed_seed(first_), mixed_seed(second_));
}

void ContentHash::flush() {
  add_word(pending_);
  pending_ = 0;
  pending_bytes_ = 0;
}

}  // namespace radstudy::core
