#pragma once
#include <map>
#include <string>
#include <vector>

#include "core/csv.hpp"

namespace radstudy::testing {

inline std::string models_golden_path(const std::string& file) {
  return std::string(RADSTUDY_SOURCE_DIR) + "/tests/golden/models/" + file;
}

// The rows of a CSV file as column -> text maps.
inline std::vector<std::map<std::string, std::string>> csv_records(const std::string& path) {
  const auto csv = core::read_csv(path);
  std::vector<std::map<std::string, std::string>> records;
  for (const auto& row : csv.rows) {
    std::map<std::string, std::string> record;
    for (std::size_t i = 0; i < csv.header.size(); ++i) record[csv.header[i]] = row[i];
    records.push_back(std::move(record));
  }
  return records;
}

// A key of several columns of a record, joined by '|'.
inline std::string record_key(const std::map<std::string, std::string>& record, const std::vector<std::string>& columns) {
  std::string key;
  for (const auto& column : columns) key += record.at(column) + "|";
  return key;
}

}  // namespace radstudy::testing
