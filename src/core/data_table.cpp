#include "core/data_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>

#include "core/csv.hpp"
#include "core/errors.hpp"
#include "core/text.hpp"

namespace radstudy::core {
namespace {

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

std::optional<double> parse_number(const std::string& text) {
  double value = 0.0;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  if (begin != end && *begin == '+') ++begin;
  const auto [position, error] = std::from_chars(begin, end, value);
  if (error != std::errc() || position != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

// "Inf", "-inf", "infinity" or a number beyond the double range such as 1e999.
bool is_infinite_token(const std::string& text) {
  char* stop = nullptr;
  const double value = std::strtod(text.c_str(), &stop);
  return !text.empty() && stop == text.c_str() + text.size() && std::isinf(value);
}

std::string listed(const std::vector<std::string>& items, std::size_t limit = 8) {
  std::string text;
  for (std::size_t k = 0; k < items.size() && k < limit; ++k) text += (k ? ", " : "") + items[k];
  if (items.size() > limit) text += fmt::format(" and {} more", items.size() - limit);
  return text;
}

void fill_numbers(DataColumn& column) {
  column.numeric = true;
  column.numbers.assign(column.labels.size(), std::nan(""));
  bool any_present = false;
  for (std::size_t row = 0; row < column.labels.size(); ++row) {
    if (!column.labels[row]) continue;
    any_present = true;
    const auto number = parse_number(*column.labels[row]);
    if (!number) {
      column.numeric = false;
      column.numbers.clear();
      return;
    }
    column.numbers[row] = *number;
  }
  if (!any_present) {
    column.numeric = false;
    column.numbers.clear();
  }
}

}  // namespace

bool is_missing_token(const std::string& text) {
  const std::string token = lowercase(trimmed(text));
  return token.empty() || token == "na" || token == "nan" || token == "n/a";
}

std::size_t DataColumn::missing_count() const {
  return static_cast<std::size_t>(std::count(labels.begin(), labels.end(), std::nullopt));
}

std::vector<std::string> DataColumn::levels() const {
  if (numeric) {
    std::map<double, std::string> distinct;
    for (std::size_t row = 0; row < labels.size(); ++row)
      if (labels[row]) distinct.emplace(numbers[row], *labels[row]);
    std::vector<std::string> result;
    for (const auto& [value, label] : distinct) result.push_back(label);
    return result;
  }
  std::set<std::string> distinct;
  for (const auto& label : labels)
    if (label) distinct.insert(*label);
  return {distinct.begin(), distinct.end()};
}

DataTable DataTable::read(const std::string& path, const std::string& id_column, const std::string& kind) {
  return from_table(read_csv(path, kind), path, id_column);
}

DataTable DataTable::from_csv(const std::string& text, const std::string& source,
                              const std::string& id_column) {
  return from_table(parse_csv(text, source), source, id_column);
}

DataTable DataTable::from_table(const CsvTable& csv, const std::string& path, const std::string& id_column) {
  DataTable table;
  table.source_ = path;
  table.id_column_ = id_column;
  const int id_position = csv.column(id_column);
  if (id_position < 0)
    throw InputError(fmt::format("{}: no id column '{}' (columns: {})", path, id_column, listed(csv.header)));
  if (csv.rows.empty()) throw InputError(fmt::format("{}: the table has no rows", path));
  std::set<std::string> seen_columns;
  for (const auto& name : csv.header)
    if (!seen_columns.insert(name).second)
      throw InputError(fmt::format("{}: the column '{}' appears twice", path, name));
  std::set<std::string> seen_ids;
  for (std::size_t row = 0; row < csv.rows.size(); ++row) {
    const std::string id = trimmed(csv.rows[row][static_cast<std::size_t>(id_position)]);
    if (id.empty()) throw InputError(fmt::format("{}: row {} has an empty {}", path, row + 2, id_column));
    if (!seen_ids.insert(id).second)
      throw InputError(fmt::format("{}: the {} '{}' appears twice", path, id_column, id));
    table.ids_.push_back(id);
  }
  for (std::size_t c = 0; c < csv.header.size(); ++c) {
    if (static_cast<int>(c) == id_position) continue;
    DataColumn column;
    column.name = csv.header[c];
    column.labels.reserve(csv.rows.size());
    for (const auto& row : csv.rows) {
      const std::string value = trimmed(row[c]);
      column.labels.push_back(is_missing_token(value) ? std::nullopt : std::optional<std::string>(value));
    }
    fill_numbers(column);
    table.columns_.push_back(std::move(column));
  }
  return table;
}

bool DataTable::has(const std::string& name) const {
  return std::any_of(columns_.begin(), columns_.end(), [&](const DataColumn& c) { return c.name == name; });
}

const DataColumn& DataTable::column(const std::string& name) const {
  for (const auto& column : columns_)
    if (column.name == name) return column;
  std::vector<std::string> names;
  for (const auto& column : columns_) names.push_back(column.name);
  throw InputError(fmt::format("{}: no column '{}' (columns: {})", source_, name, listed(names, 12)));
}

const std::vector<double>& DataTable::numbers(const std::string& name) const {
  const DataColumn& found = column(name);
  if (!found.numeric) {
    for (std::size_t row = 0; row < found.labels.size(); ++row)
      if (found.labels[row] && !parse_number(*found.labels[row])) {
        if (is_infinite_token(*found.labels[row]))
          throw InputError(
              fmt::format("{}: column '{}', case {}: infinite value '{}' (an overflow; radstudy reads "
                          "NaN/NA as missing but refuses infinities: remove the column or the case, "
                          "or re-extract it)",
                          source_, name, ids_[row], *found.labels[row]));
        throw InputError(fmt::format("{}: column '{}' must be numeric; case {} has '{}'", source_, name,
                                     ids_[row], *found.labels[row]));
      }
    throw InputError(fmt::format("{}: column '{}' has no values", source_, name));
  }
  return found.numbers;
}

DataTable DataTable::joined(const DataTable& other) const {
  std::map<std::string, std::size_t> other_rows;
  for (std::size_t row = 0; row < other.ids_.size(); ++row) other_rows[other.ids_[row]] = row;
  std::vector<std::string> only_here, only_there;
  std::set<std::string> here(ids_.begin(), ids_.end());
  for (const auto& id : ids_)
    if (!other_rows.count(id)) only_here.push_back(id);
  for (const auto& id : other.ids_)
    if (!here.count(id)) only_there.push_back(id);
  if (!only_here.empty() || !only_there.empty()) {
    std::string message = fmt::format("{} and {} do not hold the same cases:", source_, other.source_);
    if (!only_here.empty()) message += fmt::format(" only in {}: {};", source_, listed(only_here));
    if (!only_there.empty()) message += fmt::format(" only in {}: {};", other.source_, listed(only_there));
    message.pop_back();
    throw InputError(message);
  }
  DataTable result = *this;
  result.source_ = source_ + " + " + other.source_;
  for (const auto& column : other.columns_) {
    if (has(column.name))
      throw InputError(fmt::format("{} and {} both have a column '{}'", source_, other.source_, column.name));
    DataColumn reordered;
    reordered.name = column.name;
    reordered.numeric = column.numeric;
    for (const auto& id : ids_) {
      const std::size_t row = other_rows.at(id);
      reordered.labels.push_back(column.labels[row]);
      if (column.numeric) reordered.numbers.push_back(column.numbers[row]);
    }
    result.columns_.push_back(std::move(reordered));
  }
  return result;
}

DataTable DataTable::with_only_columns(const std::vector<std::string>& names) const {
  DataTable result;
  result.source_ = source_;
  result.id_column_ = id_column_;
  result.ids_ = ids_;
  for (const auto& name : names) result.columns_.push_back(column(name));
  return result;
}

DataTable DataTable::rows(const std::vector<std::size_t>& positions) const {
  DataTable result;
  result.source_ = source_;
  result.id_column_ = id_column_;
  for (std::size_t position : positions) result.ids_.push_back(ids_.at(position));
  for (const auto& column : columns_) {
    DataColumn subset;
    subset.name = column.name;
    for (std::size_t position : positions) subset.labels.push_back(column.labels.at(position));
    fill_numbers(subset);  // numeric or not over the rows kept, as if read without the others
    result.columns_.push_back(std::move(subset));
  }
  return result;
}

}  // namespace radstudy::core
