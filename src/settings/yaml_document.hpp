#pragma once
#include <yaml-cpp/yaml.h>

#include <string>

namespace radstudy::settings {

// `text` parsed as YAML. ConfigError for a syntax error: "<source>: not valid YAML at line L, column C
// (<yaml-cpp's words>); fix the syntax there (<hint>)".
YAML::Node parse_yaml(const std::string& text, const std::string& source, const std::string& hint);

}  // namespace radstudy::settings
