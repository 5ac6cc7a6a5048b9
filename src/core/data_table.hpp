#pragma once
#include <optional>
#include <string>
#include <vector>

namespace radstudy::core {

struct CsvTable;

// One column of a data table: numeric when every present value parses as a finite number,
// otherwise categorical. Missing values: empty, NA, NaN, N/A (any case) -> NaN / nullopt.
struct DataColumn {
  std::string name;
  bool numeric = false;
  std::vector<double> numbers;                     // numeric columns: NaN when missing
  std::vector<std::optional<std::string>> labels;  // every column: the text, nullopt when missing

  std::size_t missing_count() const;
  // The distinct present labels in alphabetical order (numeric columns: by value).
  std::vector<std::string> levels() const;
};

// A table of cases (one row each, keyed by an id column) read from a CSV file; every error names the
// file, and where it applies the column and the case.
class DataTable {
 public:
  // Throws InputError for an unreadable file, a missing id column, empty or duplicate ids, no rows.
  // `kind` names the file in messages ("feature table", "clinical table", ...).
  static DataTable read(const std::string& path, const std::string& id_column,
                        const std::string& kind = "CSV table");
  static DataTable from_csv(const std::string& text, const std::string& source, const std::string& id_column);

  const std::string& source() const { return source_; }
  const std::string& id_column() const { return id_column_; }
  const std::vector<std::string>& ids() const { return ids_; }
  std::size_t row_count() const { return ids_.size(); }
  const std::vector<DataColumn>& columns() const { return columns_; }

  bool has(const std::string& name) const;
  // Throws InputError naming the file and listing the columns when absent.
  const DataColumn& column(const std::string& name) const;
  // The values of a numeric column; throws InputError naming the first non-numeric value's case.
  const std::vector<double>& numbers(const std::string& name) const;

  // The rows of this table with the columns of `other` appended, matched by id in this table's
  // order. Throws InputError listing the ids found in one file and not the other, or a column name
  // present in both (other than the id).
  DataTable joined(const DataTable& other) const;
  // The same rows with only the named columns (InputError naming an absent one).
  DataTable with_only_columns(const std::vector<std::string>& names) const;
  // The rows whose positions are listed, in that order; each column is numeric or not over these rows
  // (as if the table had been read without the others).
  DataTable rows(const std::vector<std::size_t>& positions) const;

 private:
  static DataTable from_table(const CsvTable& csv, const std::string& path, const std::string& id_column);
  std::string source_;
  std::string id_column_;
  std::vector<std::string> ids_;
  std::vector<DataColumn> columns_;  // without the id column
};

// True for the tokens read as missing: "", NA, NaN, N/A (any case), after trimming blanks.
bool is_missing_token(const std::string& text);

}  // namespace radstudy::core
