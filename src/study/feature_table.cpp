#include "study/feature_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "core/errors.hpp"

namespace radstudy::study {
namespace {

constexpr const char* kErrorColumn = "error";
constexpr std::size_t kErrorsListed = 3;
constexpr std::size_t kIdsListed = 10;

bool is_feature_column(const std::string& name) {
  return name != kErrorColumn && name.rfind("diagnostics_", 0) != 0;
}

std::string listed_ids(const std::vector<std::string>& ids) {
  std::string text;
  for (std::size_t k = 0; k < ids.size() && k < kIdsListed; ++k) text += (k ? ", " : "") + ids[k];
  if (ids.size() > kIdsListed) text += fmt::format(" and {} more", ids.size() - kIdsListed);
  return text;
}

// "C: nofile.nii.gz: no such file; D: ...; and 4 more", each error on one line.
std::string listed_errors(const std::vector<std::string>& ids, const std::vector<std::string>& errors) {
  std::string text;
  for (std::size_t k = 0; k < ids.size() && k < kErrorsListed; ++k) {
    std::string error = errors[k];
    std::replace(error.begin(), error.end(), '\n', ' ');
    text += fmt::format("{}{}: {}", k ? "; " : "", ids[k], error);
  }
  if (ids.size() > kErrorsListed) text += fmt::format("; and {} more", ids.size() - kErrorsListed);
  return text;
}

std::vector<std::size_t> rows_not_in(const core::DataTable& table, const std::set<std::string>& ids) {
  std::vector<std::size_t> kept;
  for (std::size_t row = 0; row < table.row_count(); ++row)
    if (!ids.count(table.ids()[row])) kept.push_back(row);
  return kept;
}

}  // namespace

FeatureTable feature_table_from(const core::DataTable& raw, bool drop_failed) {
  std::vector<std::string> features;
  for (const auto& column : raw.columns())
    if (is_feature_column(column.name)) features.push_back(column.name);
  FeatureTable result;
  std::vector<std::string> errors;
  if (raw.has(kErrorColumn)) {
    const auto& error = raw.column(kErrorColumn);
    for (std::size_t row = 0; row < raw.row_count(); ++row)
      if (error.labels[row]) {
        result.failed_ids.push_back(raw.ids()[row]);
        errors.push_back(*error.labels[row]);
      }
  }
  if (result.failed_ids.empty()) {
    result.table = raw.with_only_columns(features);
    return result;
  }
  const std::size_t failed = result.failed_ids.size(), total = raw.row_count();
  if (!drop_failed)
    throw InputError(fmt::format(
        "{}: {} of {} cases failed extraction ({}); fix their inputs and extract them again, or add "
        "--drop-failed to leave them out",
        raw.source(), failed, total, listed_errors(result.failed_ids, errors)));
  if (failed == total)
    throw InputError(
        fmt::format("{}: every case ({}) failed extraction ({}); nothing is left to analyse: fix "
                    "their inputs and extract them again",
                    raw.source(), total, listed_errors(result.failed_ids, errors)));
  const std::set<std::string> failed_set(result.failed_ids.begin(), result.failed_ids.end());
  result.table = raw.rows(rows_not_in(raw, failed_set)).with_only_columns(features);
  result.notes.push_back(fmt::format("left out {} failed case(s) of {}: {}", failed, raw.source(),
                                     listed_ids(result.failed_ids)));
  return result;
}

FeatureTable read_feature_table(const std::string& path, const std::string& id_column, bool drop_failed) {
  return feature_table_from(core::DataTable::read(path, id_column, "feature table (CSV)"), drop_failed);
}

FeatureTables read_feature_tables(const std::vector<std::string>& paths, const std::string& id_column,
                                  bool drop_failed) {
  FeatureTables result;
  std::vector<FeatureTable> read;
  for (const auto& path : paths) read.push_back(read_feature_table(path, id_column, drop_failed));
  std::set<std::string> failed;
  for (const auto& table : read)
    for (const auto& id : table.failed_ids)
      if (failed.insert(id).second) result.failed_ids.push_back(id);
  for (const auto& table : read) {
    for (const auto& note : table.notes)
      result.notes.push_back(read.size() > 1 ? note + " (left out of every table)" : note);
    result.tables.push_back(without_cases(table.table, result.failed_ids));
    if (result.tables.back().row_count() == 0)
      throw InputError(
          fmt::format("{}: no case is left once the cases that failed extraction in any table are "
                      "left out ({})",
                      table.table.source(), listed_ids(result.failed_ids)));
  }
  return result;
}

core::DataTable without_cases(const core::DataTable& table, const std::vector<std::string>& ids) {
  const auto kept = rows_not_in(table, std::set<std::string>(ids.begin(), ids.end()));
  return kept.size() == table.row_count() ? table : table.rows(kept);
}

}  // namespace radstudy::study
