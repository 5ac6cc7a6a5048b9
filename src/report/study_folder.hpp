#pragma once
#include <string>
#include <utility>
#include <vector>

#include "study/study_results.hpp"

namespace radstudy::report {

// Every file of a study's output folder (name relative to the folder, content): tables/*.csv,
// figures/<name>.svg, .png (300 dpi) and .pdf, report.html, model.json and notes.txt.
std::vector<std::pair<std::string, std::string>> study_output_files(const study::StudyResults& results);

// The run's headline on standard output: the chosen model, its AUC and permutation p, the extraction.
void print_study_summary(const study::StudyResults& results, const std::string& out,
                         const std::string& cache);

}  // namespace radstudy::report
