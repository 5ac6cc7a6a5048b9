// Kaplan-Meier curves, median survival and log-rank tests against R's survival package
// (golden files from tests/golden/survival/make_golden.R).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <string>

#include "core/csv.hpp"
#include "core/data_table.hpp"
#include "core/errors.hpp"
#include "stats/kaplan_meier.hpp"
#include "stats/log_rank.hpp"
#include "golden_values.hpp"
#include "test_data.hpp"

namespace radstudy::stats {
namespace {

const std::filesystem::path kGolden = std::filesystem::path(RADSTUDY_SOURCE_DIR) / "tests/golden/survival";

struct Dataset {
  std::string path, time, event;
};

std::map<std::string, Dataset> datasets() {
  return {{"sts", {(testing::shared_dir() / "data/sts/clinical.csv").string(), "os_days", "death"}},
          {"ties", {(kGolden / "synthetic_ties.csv").string(), "time", "event"}},
          {"small", {(kGolden / "synthetic_small.csv").string(), "time", "event"}},
          {"large", {(kGolden / "synthetic_large.csv").string(), "time", "event"}},
          {"plateau", {(kGolden / "synthetic_plateau.csv").string(), "time", "event"}}};
}

using testing::golden_number;

// Equal to a relative 1e-9, NA (NaN) only where R has NA.
void expect_close(double actual, const std::string& expected_text, const std::string& what) {
  const double expected = golden_number(expected_text);
  if (std::isnan(expected)) {
    EXPECT_TRUE(std::isnan(actual)) << what << ": R has NA, radstudy " << actual;
    return;
  }
  EXPECT_NEAR(actual, expected, 1e-9 * std::max(1.0, std::abs(expected))) << what;
}

// The cases of one group (or all groups when `level` is empty) of a dataset.
struct Sample {
  std::vector<double> time;
  std::vector<int> event;
  std::vector<int> group;
  std::vector<std::string> levels;
};

Sample sample_of(const std::string& dataset, const std::string& variable) {
  const Dataset source = datasets().at(dataset);
  const auto table = core::DataTable::read(source.path, "id");
  const auto& column = table.column(variable);
  Sample sample;
  sample.levels = column.levels();
  for (std::size_t row = 0; row < table.row_count(); ++row) {
    if (!column.labels[row]) continue;
    sample.time.push_back(table.numbers(source.time)[row]);
    sample.event.push_back(static_cast<int>(table.numbers(source.event)[row]));
    const auto level = std::find(sample.levels.begin(), sample.levels.end(), *column.labels[row]);
    sample.group.push_back(static_cast<int>(level - sample.levels.begin()));
  }
  return sample;
}

KaplanMeierCurve curve_of(const Sample& sample, int group) {
  std::vector<double> time;
  std::vector<int> event;
  for (std::size_t k = 0; k < sample.time.size(); ++k)
    if (sample.group[k] == group) {
      time.push_back(sample.time[k]);
      event.push_back(sample.event[k]);
    }
  return kaplan_meier(time, event);
}

int level_index(const Sample& sample, const std::string& level) {
  return static_cast<int>(std::find(sample.levels.begin(), sample.levels.end(), level) - sample.levels.begin());
}

TEST(SurvivalCurves, KaplanMeierStepsEqualSurvfit) {
  RADSTUDY_REQUIRE_SHARED("data/sts/clinical.csv");
  const auto golden = core::read_csv((kGolden / "km.csv").string());
  std::map<std::string, std::vector<const std::vector<std::string>*>> rows_by_curve;
  for (const auto& row : golden.rows) rows_by_curve[row[0] + "|" + row[1] + "|" + row[2]].push_back(&row);
  std::size_t compared = 0;
  for (const auto& [key, rows] : rows_by_curve) {
    const auto& first = *rows.front();
    const Sample sample = sample_of(first[0], first[1]);
    const auto curve = curve_of(sample, level_index(sample, first[2]));
    ASSERT_EQ(curve.steps.size(), rows.size()) << key;
    for (std::size_t k = 0; k < rows.size(); ++k) {
      const auto& row = *rows[k];
      const auto& step = curve.steps[k];
      const std::string what = key + " time " + row[3];
      expect_close(step.time, row[3], what + " time");
      EXPECT_EQ(step.n_risk, std::stoul(row[4])) << what;
      EXPECT_EQ(step.n_event, std::stoul(row[5])) << what;
      EXPECT_EQ(step.n_censor, std::stoul(row[6])) << what;
      expect_close(step.survival, row[7], what + " survival");
      expect_close(step.std_err, row[8], what + " std_err");
      expect_close(step.lower, row[9], what + " lower");
      expect_close(step.upper, row[10], what + " upper");
      ++compared;
    }
  }
  EXPECT_GT(compared, 400u);
  std::cout << compared << " Kaplan-Meier steps of " << rows_by_curve.size() << " curves compared with survfit\n";
}

TEST(SurvivalCurves, MediansAndTheirLimitsEqualQuantileSurvfit) {
  RADSTUDY_REQUIRE_SHARED("data/sts/clinical.csv");
  const auto golden = core::read_csv((kGolden / "km_summary.csv").string());
  for (const auto& row : golden.rows) {
    const Sample sample = sample_of(row[0], row[1]);
    const auto curve = curve_of(sample, level_index(sample, row[2]));
    const std::string what = row[0] + " " + row[1] + "=" + row[2];
    EXPECT_EQ(curve.n, std::stoul(row[3])) << what;
    EXPECT_EQ(curve.events, std::stoul(row[4])) << what;
    const auto median = curve.quantile(0.5);
    expect_close(median.estimate, row[5], what + " median");
    expect_close(median.lower, row[6], what + " median lower");
    expect_close(median.upper, row[7], what + " median upper");
  }
}

TEST(SurvivalCurves, LogRankEqualsSurvdiff) {
  RADSTUDY_REQUIRE_SHARED("data/sts/clinical.csv");
  const auto golden = core::read_csv((kGolden / "logrank.csv").string());
  ASSERT_GE(golden.rows.size(), 7u);
  for (const auto& row : golden.rows) {
    const Sample sample = sample_of(row[0], row[1]);
    const auto test = log_rank_test(sample.time, sample.event, sample.group, static_cast<int>(sample.levels.size()));
    const std::string what = row[0] + " " + row[1];
    expect_close(test.chi_square, row[2], what + " chisq");
    EXPECT_EQ(test.degrees_of_freedom, std::stoi(row[3])) << what;
    expect_close(test.p_value, row[4], what + " p");
  }
}

TEST(SurvivalCurves, OptimalCutMaximisesTheLogRankStatisticWithinTheShares) {
  RADSTUDY_REQUIRE_SHARED("data/sts/clinical.csv");
  const auto table = core::DataTable::read((testing::shared_dir() / "data/sts/clinical.csv").string(), "id");
  const auto& age = table.numbers("age");
  std::vector<int> event;
  for (double death : table.numbers("death")) event.push_back(static_cast<int>(death));
  const auto& time = table.numbers("os_days");
  const auto best = optimal_log_rank_cut(time, event, age, 0.1);
  // Every admissible cut by brute force: none beats the chosen one, which is admissible.
  double largest = 0.0;
  for (double cut : age) {
    std::vector<int> high;
    for (double value : age) high.push_back(value > cut ? 1 : 0);
    const double share = std::count(high.begin(), high.end(), 1) / static_cast<double>(age.size());
    if (share < 0.1 || share > 0.9) continue;
    largest = std::max(largest, log_rank_test(time, event, high, 2).chi_square);
  }
  EXPECT_EQ(best.test.chi_square, largest);
  std::vector<int> high;
  for (double value : age) high.push_back(value > best.cut ? 1 : 0);
  const double share = std::count(high.begin(), high.end(), 1) / static_cast<double>(age.size());
  EXPECT_GE(share, 0.1);
  EXPECT_LE(share, 0.9);
  EXPECT_THROW(optimal_log_rank_cut(time, event, std::vector<double>(age.size(), 1.0), 0.1), InputError);
}

}  // namespace
}  // namespace radstudy::stats
