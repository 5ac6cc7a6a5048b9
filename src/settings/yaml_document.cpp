#include "settings/yaml_document.hpp"

#include <fmt/format.h>

#include "core/errors.hpp"
#include "core/text.hpp"

namespace radstudy::settings {

YAML::Node parse_yaml(const std::string& text, const std::string& source, const std::string& hint) {
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& error) {
    const std::string where = error.mark.is_null() ? std::string()
                                                   : fmt::format(" at line {}, column {}",
                                                                 error.mark.line + 1, error.mark.column + 1);
    throw ConfigError(fmt::format("{}: not valid YAML{} ({}); fix the syntax there ({})", source, where,
                                  core::one_line(error.msg), hint));
  }
}

}  // namespace radstudy::settings
