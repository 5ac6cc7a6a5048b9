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

// `text` on one line: every run of line breaks, tabs and spaces becomes one space, none at either end
// (a message written in one CSV field or on one line of stderr).
inline std::string one_line(const std::string& text) {
  std::string result;
  result.reserve(text.size());
  bool blank = false;
  for (const char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      blank = !result.empty();
      continue;
    }
    if (blank) result += ' ';
    blank = false;
    result += c;
  }
  return result;
}

}  // namespace radstudy::core
