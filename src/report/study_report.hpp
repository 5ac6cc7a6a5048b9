#pragma once
#include <string>
#include <vector>

#include "study/study_results.hpp"

namespace radstudy::report {

// A figure as the report shows it: inline SVG with its caption.
struct ReportFigure {
  std::string name;
  std::string caption;
  std::string svg;
};

// report.html: one self-contained page (figures inline, no script, nothing fetched) with the cohort, how
// the features were made (as the IBSI reporting guidelines list it), reproducibility, screening, selection,
// the validation scheme stated plainly with each model's cross-validated AUC beside its permutation p,
// survival, decision curves, external cohorts, a TRIPOD+AI style model description, the CLEAR items the
// run answers and the notes. Every number taken from a table is written as
// <span class="n" data-table="T.csv" data-row="R" data-column="C" data-digits="D">V</span>: V is that cell
// (the same double) with D decimals (report_number), so a test can check it against the table.
std::string study_report_html(const study::StudyResults& results, const std::vector<ReportFigure>& figures);

// How the report writes a number: D decimals, "NA" when not finite.
std::string report_number(double value, int digits);

}  // namespace radstudy::report
