#pragma once
#include <optional>
#include <string>

namespace radstudy::core {

// What keeps `path` from being read as a `kind` file ("parameter", "manifest", ...), as
// "<path>: <problem>; <what to do>": missing, a directory (which opens as an empty stream on Linux),
// or not a regular file. nullopt when it is a regular file.
std::optional<std::string> input_file_problem(const std::string& path, const std::string& kind);

// The whole text of the `kind` file at `path`. Throws InputError with input_file_problem's message, or
// naming the file when it cannot be read.
std::string read_text_file(const std::string& path, const std::string& kind);

}  // namespace radstudy::core
