#include "core/text_file.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/errors.hpp"

namespace radstudy::core {

std::optional<std::string> input_file_problem(const std::string& path, const std::string& kind) {
  namespace fs = std::filesystem;
  std::error_code error;
  const auto status = fs::status(path, error);
  if (fs::is_directory(status))
    return fmt::format("{}: is a directory, not a file; give the path of the {} file", path, kind);
  if (!fs::exists(status)) return fmt::format("{}: no such file; give the path of the {} file", path, kind);
  if (!fs::is_regular_file(status) && !fs::is_fifo(status) && !fs::is_character_file(status))
    return fmt::format("{}: is not a regular file; give the path of the {} file", path, kind);
  return std::nullopt;
}

std::string read_text_file(const std::string& path, const std::string& kind) {
  if (const auto problem = input_file_problem(path, kind)) throw InputError(*problem);
  std::ifstream stream(path, std::ios::binary);
  if (!stream)
    throw InputError(fmt::format("{}: cannot open the {} file ({}); check its permissions", path, kind,
                                 std::strerror(errno)));
  std::stringstream buffer;
  buffer << stream.rdbuf();
  if (stream.bad()) throw InputError(fmt::format("{}: cannot read the {} file", path, kind));
  return buffer.str();
}

}  // namespace radstudy::core
