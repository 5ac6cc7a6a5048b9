#include "study/perturbation_study.hpp"

#include <fmt/format.h>

#include <set>

#include "core/csv.hpp"
#include "core/data_table.hpp"
#include "core/errors.hpp"

namespace radstudy::study {

std::string perturbation_log_csv(const PerturbedExtraction& extraction,
                                 const std::vector<preprocess::Perturbation>& perturbations) {
  std::string text = "id,perturbation,amount,voxels_before,voxels_after,shift_x,shift_y,shift_z,error\n";
  for (std::size_t k = 0; k < extraction.original.size(); ++k)
    for (std::size_t p = 0; p < perturbations.size(); ++p) {
      const auto& result = extraction.perturbed[p][k];
      const auto& record = extraction.records[p][k];
      const bool recorded = record.voxels_before > 0;
      const bool shift = perturbations[p].kind == preprocess::PerturbationKind::shift && recorded;
      text += fmt::format("{},{},{},{},{},{},{},{},{}\n", core::csv_field(result.id), perturbations[p].name,
                          recorded ? core::csv_number(record.amount) : "", recorded ? std::to_string(record.voxels_before) : "",
                          recorded && result.error.empty() ? std::to_string(record.voxels_after) : "",
                          shift ? std::to_string(record.shift_voxels[0]) : "",
                          shift ? std::to_string(record.shift_voxels[1]) : "",
                          shift ? std::to_string(record.shift_voxels[2]) : "", core::csv_field(result.error));
    }
  return text;
}

IccAnalysisResults perturbation_icc(const PerturbedExtraction& extraction, const std::vector<FeatureColumn>& columns,
                                    const std::vector<preprocess::Perturbation>& perturbations,
                                    const IccAnalysisOptions& options) {
  std::set<std::string> failed;
  auto note_failures = [&](const std::vector<CaseResult>& results) {
    for (const auto& result : results)
      if (!result.error.empty()) failed.insert(result.id);
  };
  note_failures(extraction.original);
  for (const auto& results : extraction.perturbed) note_failures(results);
  std::vector<std::string> feature_names;
  for (const auto& column : columns) feature_names.push_back(column.name);
  auto table_of = [&](const std::vector<CaseResult>& results, const std::string& source) {
    std::vector<CaseResult> complete;
    for (const auto& result : results)
      if (!failed.count(result.id)) complete.push_back(result);
    return core::DataTable::from_csv(feature_table_csv(complete, columns, false), source, "id")
        .with_only_columns(feature_names);
  };
  if (extraction.original.size() - failed.size() < 2)
    throw InputError(fmt::format("ICC over perturbations needs 2 or more cases extracted in every variant ({} of {})",
                                 extraction.original.size() - failed.size(), extraction.original.size()));
  std::vector<core::DataTable> tables{table_of(extraction.original, "original")};
  for (std::size_t p = 0; p < perturbations.size(); ++p)
    tables.push_back(table_of(extraction.perturbed[p], perturbations[p].name));
  auto results = analyse_icc(tables, options);
  if (!failed.empty())
    results.notes.insert(results.notes.begin(),
                         fmt::format("{} case(s) left out of the ICC because an extraction failed: {}", failed.size(),
                                     fmt::join(failed, ", ")));
  return results;
}

}  // namespace radstudy::study
