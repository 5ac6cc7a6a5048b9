#include "report/study_folder.hpp"

#include <fmt/format.h>

#include <iostream>

#include "report/study_figures.hpp"
#include "report/study_report.hpp"
#include "study/study_tables.hpp"

namespace radstudy::report {

std::vector<std::pair<std::string, std::string>> study_output_files(const study::StudyResults& results) {
  std::vector<std::pair<std::string, std::string>> files;
  for (auto& [name, text] : study::study_tables(results))
    files.emplace_back("tables/" + name, std::move(text));
  std::vector<ReportFigure> shown;
  for (const auto& figure : study_figures(results)) {
    const std::string stem = "figures/" + figure.name;
    auto svg = figure.figure.svg();
    files.emplace_back(stem + ".png", figure.figure.png(300));
    files.emplace_back(stem + ".pdf", figure.figure.pdf());
    shown.push_back({figure.name, figure.caption, svg});
    files.emplace_back(stem + ".svg", std::move(svg));
  }
  files.emplace_back("report.html", study_report_html(results, shown));
  files.emplace_back("model.json", results.final_model.dump(1) + "\n");
  std::string notes;
  for (const auto& note : results.notes) notes += note + "\n";
  for (const auto& note : results.reproducibility.notes) notes += "reproducibility: " + note + "\n";
  for (const auto& note : results.survival.notes) notes += "survival: " + note + "\n";
  for (const auto& note : results.decision_curves.notes) notes += "decision curves: " + note + "\n";
  files.emplace_back("notes.txt", notes);
  return files;
}

void print_study_summary(const study::StudyResults& results, const std::string& out,
                         const std::string& cache) {
  for (const auto& model : results.models)
    if (model.model == results.chosen_model)
      std::cout << fmt::format(
          "radstudy run: {} cases, {} features ({} robust), chosen model {}: cross-validated AUC {:.3f} "
          "(DeLong 95% "
          "CI {:.3f}-{:.3f}){}\n",
          results.ids.size(), results.extraction.feature_count, results.robust_features.size(), model.model,
          model.cv_auc, model.delong_lower, model.delong_upper,
          results.best_of_models_null.empty()
              ? std::string()
              : fmt::format(", permutation p {:.3g} (best of {} models)", results.chosen_permutation_p,
                            results.models.size()));
  std::cout << fmt::format("  extraction: {} extracted, {} from the cache {} ({:.1f} s)\n",
                           results.extraction.extracted, results.extraction.reused, cache,
                           results.extraction.seconds);
  std::cout << fmt::format("  written: {} in {:.1f} s\n", out, results.seconds);
}

}  // namespace radstudy::report
