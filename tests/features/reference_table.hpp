#pragma once
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace radstudy::testing {

// A CSV file as rows of named fields (quoted fields with commas are supported).
inline std::vector<std::map<std::string, std::string>> read_csv_rows(const std::string& path) {
  std::ifstream file(path);
  if (!file) throw std::runtime_error("cannot open " + path);
  auto split = [](const std::string& line) {
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (std::size_t k = 0; k < line.size(); ++k) {
      const char c = line[k];
      if (c == '"') {
        if (quoted && k + 1 < line.size() && line[k + 1] == '"') {
          fields.back() += '"';
          ++k;
        } else {
          quoted = !quoted;
        }
      } else if (c == ',' && !quoted) {
        fields.emplace_back();
      } else if (c != '\r') {
        fields.back() += c;
      }
    }
    return fields;
  };
  std::string line;
  std::getline(file, line);
  const auto header = split(line);
  std::vector<std::map<std::string, std::string>> rows;
  while (std::getline(file, line)) {
    if (line.empty()) continue;
    const auto fields = split(line);
    std::map<std::string, std::string> row;
    for (std::size_t k = 0; k < header.size() && k < fields.size(); ++k) row[header[k]] = fields[k];
    rows.push_back(std::move(row));
  }
  return rows;
}

// Half a unit of the last digit a number is written with: "2.15" -> 0.005, "567" -> 0.5,
// "3.58e5" -> 500.
inline double written_precision(const std::string& text) {
  std::string mantissa = text;
  int exponent = 0;
  const auto e = text.find_first_of("eE");
  if (e != std::string::npos) {
    mantissa = text.substr(0, e);
    exponent = std::stoi(text.substr(e + 1));
  }
  const auto point = mantissa.find('.');
  const int decimals = point == std::string::npos ? 0 : static_cast<int>(mantissa.size() - point - 1);
  return 0.5 * std::pow(10.0, exponent - decimals);
}

}  // namespace radstudy::testing
