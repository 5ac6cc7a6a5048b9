#pragma once
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "core/atomic_output.hpp"
#include "test_data.hpp"

namespace radstudy::testing {

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// Runs `radstudy <arguments>` through the shell and captures its output and exit code.
inline CommandResult run_radstudy(const std::string& arguments) {
  CommandResult result;
  const std::string command = "\"" + binary_path() + "\" " + arguments + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return result;
  char buffer[4096];
  while (std::size_t read = std::fread(buffer, 1, sizeof buffer, pipe)) result.output.append(buffer, read);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

// A path in double quotes, for the shell command lines of run_radstudy.
inline std::string shell_quoted(const std::filesystem::path& path) {
  return "\"" + path.string() + "\"";
}

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream stream(path, std::ios::binary);
  std::stringstream buffer;
  buffer << stream.rdbuf();
  return buffer.str();
}

// Every file under an output folder (relative name -> content), hidden files included; of a run manifest,
// only the files it lists (its command line names the output folder, which differs between runs compared).
inline std::map<std::string, std::string> output_folder_contents(const std::filesystem::path& folder) {
  std::map<std::string, std::string> contents;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(folder)) {
    if (!entry.is_regular_file()) continue;
    const std::string name = std::filesystem::relative(entry.path(), folder).string();
    if (entry.path().filename() == core::kOutputMarker) {
      for (const auto& listed : core::run_manifest_entries(entry.path().parent_path()))
        contents[name] += listed + "\n";
    } else {
      contents[name] = read_text(entry.path());
    }
  }
  return contents;
}

// A fresh empty directory under the system temporary directory, unique to this process.
inline std::filesystem::path fresh_directory(const std::string& name) {
  const auto directory =
      std::filesystem::temp_directory_path() / ("radstudy_test_" + name + "_" + std::to_string(::getpid()));
  std::filesystem::remove_all(directory);
  std::filesystem::create_directories(directory);
  return directory;
}

}  // namespace radstudy::testing
