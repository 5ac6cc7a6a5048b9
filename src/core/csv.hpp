#pragma once
#include <map>
#include <string>
#include <vector>

#include "core/atomic_output.hpp"  // write_file_atomically, for the writers of CSV text

namespace radstudy::core {

// A CSV table as read from a file: a header and rows of strings (RFC 4180 quoting).
struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;

  // Column position, or -1 when absent.
  int column(const std::string& name) const;
};

// Throws InputError naming the file when it cannot be read (a directory, missing: "give the path of the
// <kind> file") or a row has the wrong field count.
CsvTable read_csv(const std::string& path, const std::string& kind = "CSV");
CsvTable parse_csv(const std::string& text, const std::string& source_name);

// One field, quoted when it holds a comma, a quote or a line break.
std::string csv_field(const std::string& text);
// A number as the shortest text that reads back to the same double; NaN as "NaN".
std::string csv_number(double value);

}  // namespace radstudy::core
