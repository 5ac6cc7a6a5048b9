// The figures and report.html of a study run, on a study run in-process on a generated cohort.
#include "report/study_report.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "cli/cli_runner.hpp"
#include "core/csv.hpp"
#include "report/study_figures.hpp"
#include "report/study_folder.hpp"
#include "study/study_file.hpp"
#include "study/study_run.hpp"
#include "study/study_tables.hpp"
#include "study/synthetic_cohort.hpp"
#include "test_data.hpp"

namespace radstudy::testing {
namespace {

namespace fs = std::filesystem;

// One study (perturbation ICC, survival, clinical variables, permutations), run once for every test.
class StudyReportTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    folder_ = new fs::path(fresh_directory("study_report"));
    study::SyntheticCohortOptions cohort;
    cohort.cases = 30;
    cohort.seed = 11;
    cohort.size = {48, 48, 16};
    study::write_synthetic_cohort((*folder_ / "cohort").string(), cohort);
    std::ofstream(*folder_ / "params.yaml") << "imageType:\n  Original: {}\nfeatureClass:\n  firstorder:\n  "
                                               "shape:\n  glcm:\nsetting:\n  binWidth: 25\n";
    std::ofstream(*folder_ / "study.yaml")
        << "cohort:\n  manifest: cohort/manifest.csv\n  clinical: cohort/clinical.csv\n  outcome: pd\n"
           "  time: os_days\n  event: death\n  clinical_variables: [age, sex, albumin, bilirubin]\n"
           "features:\n  params: params.yaml\n"
           "reproducibility: {method: perturbation, icc: ICC1, threshold: 0.8}\nselection: {n: 6}\n"
           "validation: {folds: 3, repeats: 2, seed: 4, permutations: 10}\n";
    study::StudyRunOptions options;
    options.cache_dir = (*folder_ / "cache").string();
    options.jobs = 2;
    results_ = new study::StudyResults(
        study::run_study(study::load_study((*folder_ / "study.yaml").string()), options));
    for (auto& [name, text] : study::study_tables(*results_)) tables_[name] = core::parse_csv(text, name);
    std::vector<report::ReportFigure> figures;
    for (const auto& figure : report::study_figures(*results_))
      figures.push_back({figure.name, figure.caption, figure.figure.svg()});
    html_ = new std::string(report::study_report_html(*results_, figures));
  }
  static void TearDownTestSuite() {
    fs::remove_all(*folder_);
    delete folder_;
    delete results_;
    delete html_;
  }

  static fs::path* folder_;
  static study::StudyResults* results_;
  static std::map<std::string, core::CsvTable> tables_;
  static std::string* html_;
};
fs::path* StudyReportTest::folder_ = nullptr;
study::StudyResults* StudyReportTest::results_ = nullptr;
std::map<std::string, core::CsvTable> StudyReportTest::tables_;
std::string* StudyReportTest::html_ = nullptr;

TEST_F(StudyReportTest, EveryFigureOfTheIssueIsDrawnWithNoTextOutsideOrOverlapping) {
  std::set<std::string> names;
  for (const auto& figure : report::study_figures(*results_)) {
    names.insert(figure.name);
    EXPECT_FALSE(figure.caption.empty()) << figure.name;
    for (const auto& problem : figure.figure.layout_problems())
      ADD_FAILURE() << figure.name << ": " << problem.description;
  }
  for (const char* name :
       {"km_outcome", "lasso_path", "lasso_cv", "correlation_chord", "correlation_heatmap", "pca",
        "metrics_boxplot", "roc_train", "roc_test", "feature_landscape", "cox_forest", "decision_curve",
        "calibration", "permutation_null", "icc_distribution"})
    EXPECT_TRUE(names.count(name)) << name;
  std::size_t per_feature = 0;
  for (const auto& name : names) per_feature += name.rfind("km_", 0) == 0 && name != "km_outcome";
  EXPECT_EQ(per_feature + 1, results_->survival.km.size())
      << "one Kaplan-Meier figure per selected feature split";
}

// The numbers of `html` traced to a table cell, and those that differ from their cell written with their
// decimals (as "table row column: shown != cell").
struct NumberCheck {
  std::size_t checked = 0;
  std::vector<std::string> mismatches;
  std::set<std::string> tables;
};
NumberCheck check_numbers(const std::string& html, const std::map<std::string, core::CsvTable>& tables) {
  const std::regex number(
      R"re(<span class="n" data-table="([^"]*)" data-row="([^"]*)" data-column="([^"]*)" data-digits="(\d+)">([^<]*)</span>)re");
  NumberCheck check;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), number); it != std::sregex_iterator(); ++it) {
    const auto& match = *it;
    const std::string table = match[1], row = match[2], column = match[3], shown = match[5];
    const auto where = table + " " + row + " " + column;
    const auto found_table = tables.find(table);
    const int column_index = found_table == tables.end() ? -1 : found_table->second.column(column);
    std::optional<std::string> cell;
    if (column_index >= 0)
      for (const auto& line : found_table->second.rows)
        if (line[0] == row && !cell) cell = line[static_cast<std::size_t>(column_index)];
    if (!cell) {
      check.mismatches.push_back(where + ": no such cell");
      continue;
    }
    const double value = *cell == "NaN" || cell->empty() ? std::nan("") : std::strtod(cell->c_str(), nullptr);
    if (shown != report::report_number(value, std::stoi(match[4])))
      check.mismatches.push_back(where + ": " + shown + " != " + *cell);
    check.tables.insert(table);
    ++check.checked;
  }
  return check;
}

// Each number of the report that comes from a table is that table's cell, written with its decimals.
TEST_F(StudyReportTest, EveryNumberTheReportShowsEqualsItsTable) {
  const auto check = check_numbers(*html_, tables_);
  EXPECT_GT(check.checked, 60u);
  EXPECT_TRUE(check.mismatches.empty()) << check.mismatches.front();
  for (const char* table : {"summary.csv", "permutation.csv", "univariate.csv", "selected_features.csv",
                            "km.csv", "cox_univariate.csv", "decision_summary.csv"})
    EXPECT_TRUE(check.tables.count(table)) << table;
}

// The check above fails when a shown number is not its table's.
TEST_F(StudyReportTest, AnAlteredNumberIsCaught) {
  const auto& model = results_->models.front();
  const std::string shown = report::report_number(model.cv_auc, 3);
  const std::string end = "data-column=\"cv_auc\" data-digits=\"3\">" + shown + "</span>";
  const auto at = html_->find(end);
  ASSERT_NE(at, std::string::npos);
  std::string altered = *html_;
  altered.replace(at + end.size() - shown.size() - 7, shown.size(),
                  report::report_number(model.cv_auc + 0.01, 3));
  const auto check = check_numbers(altered, tables_);
  ASSERT_EQ(check.mismatches.size(), 1u);
  EXPECT_NE(check.mismatches.front().find("cv_auc"), std::string::npos) << check.mismatches.front();
}

TEST_F(StudyReportTest, TheReportFetchesNothing) {
  for (const std::regex& forbidden :
       {std::regex(R"((src|href)\s*=\s*"(?!#|data:))"), std::regex(R"(<script)"), std::regex(R"(<link)"),
        std::regex(R"(@import)"), std::regex(R"(url\((?!#|data:))"),
        std::regex(R"(<iframe|<object|<embed)")}) {
    std::smatch match;
    EXPECT_FALSE(std::regex_search(*html_, match, forbidden)) << "found: " << match.str(0);
  }
  // Inline SVGs share one id space: every id is unique on the page.
  const std::regex id(R"re( id="([^"]+)")re");
  std::set<std::string> ids;
  for (auto it = std::sregex_iterator(html_->begin(), html_->end(), id); it != std::sregex_iterator(); ++it)
    EXPECT_TRUE(ids.insert((*it)[1]).second) << "duplicate id " << (*it)[1];
}

bool chromium_available() {
  return std::system("command -v chromium > /dev/null 2>&1") == 0;
}

struct ChromiumRun {
  int status = -1;
  std::string dom, log;
  std::vector<std::string> page_requests;  // URLs the page asked for (not the browser's own traffic)
};

// Opens `page` in headless Chromium with a net log. The page's requests are the URL_REQUEST_START_JOB
// events whose network isolation key is the file:// site; the browser's own (update checks, accounts)
// have other keys.
ChromiumRun open_in_chromium(const fs::path& page, const fs::path& folder) {
  const auto net_log = folder / (page.stem().string() + "-net.json"), dom = folder / "dom.html",
             log = folder / "chromium.log";
  const std::string command =
      "timeout 120 chromium --headless --disable-gpu --no-sandbox --no-first-run --disable-extensions "
      "--enable-logging=stderr --v=0 --log-net-log=" +
      shell_quoted(net_log) + " --dump-dom " + shell_quoted("file://" + page.string()) + " > " +
      shell_quoted(dom) + " 2> " + shell_quoted(log);
  ChromiumRun run;
  run.status = std::system(command.c_str());
  run.dom = read_text(dom);
  run.log = read_text(log);
  const auto json = nlohmann::json::parse(read_text(net_log), nullptr, false);
  if (json.is_discarded()) return run;
  const int start_job = json["constants"]["logEventTypes"].value("URL_REQUEST_START_JOB", -1);
  for (const auto& event : json["events"]) {
    if (event.value("type", -2) != start_job || !event.contains("params")) continue;
    const auto& params = event["params"];
    if (params.value("network_isolation_key", "").rfind("file://", 0) == 0)
      run.page_requests.push_back(params.value("url", ""));
  }
  return run;
}

// Headless Chromium opens report.html: it renders the page's text, logs no console error and the page
// requests nothing. The same check catches a page that loads an image from the network.
TEST_F(StudyReportTest, ChromiumRendersItWithoutErrorsOrNetworkRequests) {
  if (!chromium_available()) {
    if (running_in_ci()) FAIL() << "chromium is not installed (scripts/install-deps.sh installs it)";
    GTEST_SKIP() << "chromium is not installed; apt-get install chromium";
  }
  const auto page = *folder_ / "report.html";
  std::ofstream(page) << *html_;
  const auto run = open_in_chromium(page, *folder_);
  ASSERT_EQ(run.status, 0) << run.log;
  EXPECT_NE(run.dom.find("Models and validation"), std::string::npos) << run.dom.substr(0, 500);
  EXPECT_NE(run.dom.find(results_->chosen_model), std::string::npos);
  for (const char* error : {"CONSOLE", "Uncaught", "ERR_FILE_NOT_FOUND", "Refused to"})
    EXPECT_EQ(run.log.find(error), std::string::npos) << error << " in: " << run.log;
  for (const auto& url : run.page_requests)
    EXPECT_TRUE(url.rfind("file:", 0) == 0 || url.rfind("data:", 0) == 0) << "the report requested " << url;

  const auto fetching = *folder_ / "fetching.html";
  std::ofstream(fetching)
      << "<!DOCTYPE html><html><body><img src=\"http://example.invalid/x.png\">text</body></html>";
  const auto caught = open_in_chromium(fetching, *folder_);
  bool seen = false;
  for (const auto& url : caught.page_requests) seen = seen || url == "http://example.invalid/x.png";
  EXPECT_TRUE(seen) << "the net log check must see a page's request";
}

TEST_F(StudyReportTest, TheOutputFolderHoldsEveryFigureInThreeFormatsAndTheReport) {
  std::set<std::string> files;
  for (const auto& [name, content] : report::study_output_files(*results_)) files.insert(name);
  for (const auto& figure : report::study_figures(*results_))
    for (const char* extension : {".svg", ".png", ".pdf"})
      EXPECT_TRUE(files.count("figures/" + figure.name + extension)) << figure.name << extension;
  EXPECT_TRUE(files.count("report.html"));
  EXPECT_TRUE(files.count("model.json"));
  EXPECT_TRUE(files.count("tables/summary.csv"));
}

}  // namespace
}  // namespace radstudy::testing
