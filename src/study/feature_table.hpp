#pragma once
#include <string>
#include <vector>

#include "core/data_table.hpp"

namespace radstudy::study {

// A feature table as the statistics commands read it: one row per case, the features as columns.
// `radstudy extract --manifest` writes an `error` column (empty for a case extracted, the message for
// one that failed, whose features are then empty) and with --diagnostics `diagnostics_*` columns;
// neither is a feature, so both are removed.
struct FeatureTable {
  core::DataTable table;
  std::vector<std::string> failed_ids;  // cases left out because their extraction failed (drop_failed)
  std::vector<std::string> notes;       // "left out 2 failed case(s) of f3.csv: C, D"
};

// Reads `path` (core::DataTable::read's errors) and removes the columns above. A row whose `error` holds
// text is a failed case: without `drop_failed` that is an InputError naming the file, the cases and
// their errors and --drop-failed; with it the rows are left out with a note (InputError when every case
// failed). A table whose `error` is empty everywhere (or absent) keeps every row.
FeatureTable read_feature_table(const std::string& path, const std::string& id_column, bool drop_failed);
// The same on a table already read (its source names it in the messages).
FeatureTable feature_table_from(const core::DataTable& raw, bool drop_failed);

// Several extractions of the same cases (radstudy icc): each read as above; with `drop_failed` a case
// that failed in any table is left out of every table (InputError when no case is left).
struct FeatureTables {
  std::vector<core::DataTable> tables;
  std::vector<std::string> failed_ids;  // in the order met, each once
  std::vector<std::string> notes;
};
FeatureTables read_feature_tables(const std::vector<std::string>& paths, const std::string& id_column,
                                  bool drop_failed);

// `table` without the rows whose id is listed (ids it does not hold are ignored): the clinical table
// restricted to the cases a feature table kept, so that joining them still refuses any other mismatch.
core::DataTable without_cases(const core::DataTable& table, const std::vector<std::string>& ids);

}  // namespace radstudy::study
