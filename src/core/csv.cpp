#include "core/csv.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/errors.hpp"
#include "core/text_file.hpp"

namespace radstudy::core {

int CsvTable::column(const std::string& name) const {
  for (std::size_t k = 0; k < header.size(); ++k)
    if (header[k] == name) return static_cast<int>(k);
  return -1;
}

CsvTable parse_csv(const std::string& text, const std::string& source_name) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool in_quotes = false;
  bool field_started = false;
  std::size_t start = text.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;  // skip a UTF-8 byte order mark
  auto end_record = [&] {
    record.push_back(std::move(field));
    field.clear();
    const bool blank = record.size() == 1 && record[0].empty();
    if (!blank) records.push_back(std::move(record));
    record.clear();
    field_started = false;
  };
  for (std::size_t k = start; k < text.size(); ++k) {
    const char c = text[k];
    if (in_quotes) {
      if (c == '"') {
        if (k + 1 < text.size() && text[k + 1] == '"') {
          field += '"';
          ++k;
        } else {
          in_quotes = false;
        }
      } else {
        field += c;
      }
    } else if (c == '"' && !field_started) {
      in_quotes = true;
      field_started = true;
    } else if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
      field_started = false;
    } else if (c == '\n') {
      end_record();
    } else if (c == '\r') {
      // tolerated before \n
    } else {
      field += c;
      field_started = true;
    }
  }
  if (in_quotes) throw InputError(fmt::format("{}: a quoted field is not closed", source_name));
  if (!field.empty() || !record.empty()) end_record();
  CsvTable table;
  if (records.empty())
    throw InputError(fmt::format("{}: the file is empty; give a CSV file with a header line", source_name));
  table.header = std::move(records.front());
  for (std::size_t r = 1; r < records.size(); ++r) {
    if (records[r].size() != table.header.size())
      throw InputError(fmt::format("{}: line {} has {} fields, the header has {}", source_name, r + 1,
                                   records[r].size(), table.header.size()));
    table.rows.push_back(std::move(records[r]));
  }
  return table;
}

CsvTable read_csv(const std::string& path, const std::string& kind) {
  return parse_csv(read_text_file(path, kind), path);
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string csv_number(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Inf" : "-Inf";
  return fmt::format("{}", value);
}

}  // namespace radstudy::core
