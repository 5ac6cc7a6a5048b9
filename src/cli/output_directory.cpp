#include "cli/output_directory.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <system_error>

#include "core/csv.hpp"
#include "core/errors.hpp"

namespace radstudy::cli {

void write_output_files(const std::string& directory,
                        const std::vector<std::pair<std::string, std::string>>& files) {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error || !std::filesystem::is_directory(directory))
    throw InputError(fmt::format("{}: cannot create the output directory: {}", directory,
                                 error ? error.message() : "a file of that name exists"));
  for (const auto& [name, content] : files)
    core::write_file_atomically((std::filesystem::path(directory) / name).string(), content);
}

}  // namespace radstudy::cli
