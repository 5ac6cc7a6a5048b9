#include "study/icc_analysis.hpp"

#include <fmt/format.h>

#include <Eigen/Dense>
#include <cmath>
#include <map>
#include <set>

#include "core/csv.hpp"
#include "core/errors.hpp"

namespace radstudy::study {
namespace {

std::string listed(const std::vector<std::string>& items, std::size_t limit = 10) {
  std::string text;
  for (std::size_t i = 0; i < items.size() && i < limit; ++i) text += (i ? ", " : "") + items[i];
  if (items.size() > limit) text += fmt::format(" and {} more", items.size() - limit);
  return text;
}

// For each table, the row of each case of the first table; InputError when the case sets differ.
std::vector<std::vector<std::size_t>> matched_rows(const std::vector<core::DataTable>& tables) {
  const auto& first = tables.front();
  std::vector<std::vector<std::size_t>> rows;
  for (const auto& table : tables) {
    std::map<std::string, std::size_t> row_of;
    for (std::size_t row = 0; row < table.row_count(); ++row) row_of[table.ids()[row]] = row;
    const std::set<std::string> first_ids(first.ids().begin(), first.ids().end());
    std::vector<std::string> only_first, only_here;
    std::vector<std::size_t> positions;
    for (const auto& id : first.ids()) {
      const auto found = row_of.find(id);
      if (found == row_of.end())
        only_first.push_back(id);
      else
        positions.push_back(found->second);
    }
    for (const auto& id : table.ids())
      if (!first_ids.count(id)) only_here.push_back(id);
    if (!only_first.empty() || !only_here.empty()) {
      std::string message =
          fmt::format("{} and {} do not hold the same cases:", first.source(), table.source());
      if (!only_first.empty()) message += fmt::format(" only in {}: {};", first.source(), listed(only_first));
      if (!only_here.empty()) message += fmt::format(" only in {}: {};", table.source(), listed(only_here));
      message.pop_back();
      throw InputError(message);
    }
    rows.push_back(std::move(positions));
  }
  return rows;
}

}  // namespace

IccAnalysisResults analyse_icc(const std::vector<core::DataTable>& extractions,
                               const IccAnalysisOptions& options) {
  if (extractions.size() < 2)
    throw ConfigError(fmt::format(
        "ICC: {} feature table(s); at least 2 extractions of the same cases are needed", extractions.size()));
  IccAnalysisResults results;
  const auto rows = matched_rows(extractions);
  const auto& first = extractions.front();
  const auto cases = static_cast<Eigen::Index>(first.row_count());
  const auto raters = static_cast<Eigen::Index>(extractions.size());

  std::vector<std::string> features, not_everywhere;
  for (const auto& column : first.columns()) {
    bool everywhere = true;
    for (const auto& table : extractions) everywhere = everywhere && table.has(column.name);
    (everywhere ? features : not_everywhere).push_back(column.name);
  }
  for (std::size_t t = 1; t < extractions.size(); ++t)
    for (const auto& column : extractions[t].columns())
      if (!first.has(column.name)) not_everywhere.push_back(column.name);
  if (!not_everywhere.empty())
    results.notes.push_back(fmt::format("{} feature(s) not in every table, ignored: {}",
                                        not_everywhere.size(), listed(not_everywhere)));
  if (features.empty()) throw InputError("ICC: no feature is present in every table");

  const std::string type_name = stats::icc_type_name(options.type);
  std::string csv = "feature,icc,lower,upper,kept,f,df1,df2,p\n";
  std::vector<std::string> constant, perfect;
  std::size_t analysed = 0, kept_count = 0;
  for (const auto& feature : features) {
    Eigen::MatrixXd ratings(cases, raters);
    std::string missing_note;
    for (std::size_t t = 0; t < extractions.size(); ++t) {
      const auto& table = extractions[t];
      const auto& column = table.column(feature);
      std::vector<std::string> missing;
      if (!column.numeric && column.missing_count() == column.labels.size()) {
        missing = table.ids();
      } else {
        const auto& values = table.numbers(feature);  // InputError naming a non-numeric value's case
        for (Eigen::Index i = 0; i < cases; ++i) {
          const double value = values[rows[t][static_cast<std::size_t>(i)]];
          ratings(i, static_cast<Eigen::Index>(t)) = value;
          if (std::isnan(value)) missing.push_back(first.ids()[static_cast<std::size_t>(i)]);
        }
      }
      if (!missing.empty() && missing_note.empty())
        missing_note =
            fmt::format("{}: feature '{}' skipped: missing for {}", table.source(), feature, listed(missing));
    }
    if (!missing_note.empty()) {
      results.notes.push_back(missing_note);
      continue;
    }
    const auto icc = stats::intraclass_correlation(ratings, options.type, options.alpha);
    ++analysed;
    if (icc.constant) constant.push_back(feature);
    if (icc.perfect_agreement) perfect.push_back(feature);
    const double tested = options.threshold_on_lower_bound ? icc.lower : icc.icc;
    const bool kept = !icc.constant && tested >= options.threshold;
    kept_count += kept ? 1 : 0;
    if (kept) results.kept_features.push_back(feature);
    using core::csv_number;
    csv += fmt::format("{},{},{},{},{},{},{},{},{}\n", core::csv_field(feature), csv_number(icc.icc),
                       csv_number(icc.lower), csv_number(icc.upper), kept ? "true" : "false",
                       csv_number(icc.f), csv_number(icc.df1), csv_number(icc.df2), csv_number(icc.p));
  }
  if (analysed == 0) throw InputError("ICC: every feature has missing values in at least one table");
  if (!constant.empty())
    results.notes.push_back(
        fmt::format("{} constant feature(s) (the same value for every case in every table): "
                    "no ICC (NaN), not kept: {}",
                    constant.size(), listed(constant)));
  if (!perfect.empty())
    results.notes.push_back(
        fmt::format("{} feature(s) agree exactly across the tables: {} = 1 with bounds 1 "
                    "(psych::ICC gives NaN bounds): {}",
                    perfect.size(), type_name, listed(perfect)));
  results.notes.push_back(fmt::format("{} of {} features kept ({} {} >= {})", kept_count, analysed, type_name,
                                      options.threshold_on_lower_bound ? "lower bound" : "estimate",
                                      options.threshold));
  results.files.emplace_back("icc.csv", std::move(csv));
  return results;
}

}  // namespace radstudy::study
