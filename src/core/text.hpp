#pragma once
#include <algorithm>
#include <cctype>
#include <string>

namespace radstudy::core {

// `text` with its ASCII letters in lower case (file extensions, header keys, table tokens).
inline std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

}  // namespace radstudy::core
