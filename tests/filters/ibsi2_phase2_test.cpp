// IBSI 2 phase 2: the 18 intensity statistics of each configuration's response map on the CT phantom,
// extracted by `radstudy extract` with configs/ibsi2/phase2/<filter_id>.yaml, each within its tolerance of
// the consensus value.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "cli/cli_runner.hpp"
#include "core/csv.hpp"
#include "test_data.hpp"

namespace {

namespace fs = std::filesystem;
using radstudy::testing::fresh_directory;
using radstudy::testing::run_radstudy;
using radstudy::testing::shared_dir;
using radstudy::testing::shell_quoted;

// The feature tags of reference_feature_values.csv and radstudy's names of the IBSI statistics.
const std::map<std::string, std::string> kStatisticNames = {
    {"stat_mean", "Mean"},
    {"stat_var", "Variance"},
    {"stat_skew", "Skewness"},
    {"stat_kurt", "Kurtosis"},
    {"stat_median", "Median"},
    {"stat_min", "Minimum"},
    {"stat_p10", "Percentile10"},
    {"stat_p90", "Percentile90"},
    {"stat_max", "Maximum"},
    {"stat_iqr", "InterquartileRange"},
    {"stat_range", "Range"},
    {"stat_mad", "MeanAbsoluteDeviation"},
    {"stat_rmad", "RobustMeanAbsoluteDeviation"},
    {"stat_medad", "MedianAbsoluteDeviation"},
    {"stat_cov", "CoefficientOfVariation"},
    {"stat_qcod", "QuartileCoefficientOfDispersion"},
    {"stat_energy", "Energy"},
    {"stat_rms", "RootMeanSquare"},
};

struct ReferenceValue {
  std::string tag;
  double value, tolerance;
};

// filter_id -> its reference values, in the file's order of ids.
std::vector<std::pair<std::string, std::vector<ReferenceValue>>> reference_values() {
  std::ifstream stream(shared_dir() / "reference/ibsi2/reference_feature_values.csv");
  std::string line;
  std::getline(stream, line);  // filter_id;feature;feature_tag;consensus_value;tolerance
  std::vector<std::pair<std::string, std::vector<ReferenceValue>>> values;
  while (std::getline(stream, line)) {
    std::vector<std::string> fields;
    std::size_t start = 0;
    for (std::size_t end; (end = line.find(';', start)) != std::string::npos; start = end + 1)
      fields.push_back(line.substr(start, end - start));
    fields.push_back(line.substr(start));
    if (fields.size() != 5) continue;
    if (values.empty() || values.back().first != fields[0]) values.push_back({fields[0], {}});
    // A value without consensus (8.B's quartile coefficient of dispersion) is NaN: nothing to compare.
    const double nan = std::nan("");
    values.back().second.push_back({fields[2], fields[3].empty() ? nan : std::stod(fields[3]),
                                    fields[4].empty() ? nan : std::stod(fields[4])});
  }
  return values;
}

TEST(Ibsi2Phase2, StatisticsOfResponseMapsMatchTheConsensus) {
  RADSTUDY_REQUIRE_SHARED("reference/ibsi2/reference_feature_values.csv");
  RADSTUDY_REQUIRE_SHARED("data/ibsi2/ct_phantom/nifti/image.nii.gz");
  const auto references = reference_values();
  std::size_t total = 0;
  for (const auto& [id, values] : references) total += values.size();
  ASSERT_EQ(total, 324u);
  const fs::path phantom = shared_dir() / "data/ibsi2/ct_phantom/nifti";
  const fs::path configs = fs::path(RADSTUDY_SOURCE_DIR) / "configs/ibsi2/phase2";
  const fs::path work = fresh_directory("ibsi2_phase2");
  int passed = 0, without_consensus = 0;
  for (const auto& [id, values] : references) {
    SCOPED_TRACE("configuration " + id);
    const fs::path config = configs / (id + ".yaml");
    if (!fs::exists(config)) {
      ADD_FAILURE() << "no config " << config;
      continue;
    }
    const fs::path out = work / (id + ".csv");
    const auto run = run_radstudy("extract --image " + shell_quoted(phantom / "image.nii.gz") + " --mask " +
                                  shell_quoted(phantom / "mask.nii.gz") + " --params " +
                                  shell_quoted(config) + " --out " + shell_quoted(out));
    if (run.exit_code != 0) {
      ADD_FAILURE() << "radstudy extract failed: " << run.output;
      continue;
    }
    const auto table = radstudy::core::read_csv(out.string());
    ASSERT_EQ(table.rows.size(), 1u);
    for (const auto& reference : values) {
      if (std::isnan(reference.value)) {
        ++without_consensus;
        continue;
      }
      const std::string suffix = "_stat_" + kStatisticNames.at(reference.tag);
      std::vector<std::size_t> matches;
      for (std::size_t k = 0; k < table.header.size(); ++k)
        if (table.header[k].ends_with(suffix)) matches.push_back(k);
      if (matches.size() != 1) {
        ADD_FAILURE() << matches.size() << " columns end in " << suffix << " (expected one)";
        continue;
      }
      const double value = std::stod(table.rows[0][matches[0]]);
      const bool pass = std::abs(value - reference.value) <= reference.tolerance;
      EXPECT_TRUE(pass) << table.header[matches[0]] << " = " << value << ", consensus " << reference.value
                        << " +- " << reference.tolerance;
      passed += pass;
    }
  }
  std::printf("IBSI 2 phase 2: %d of %zu values within tolerance (%d without a consensus value)\n", passed,
              total - static_cast<std::size_t>(without_consensus), without_consensus);
}

}  // namespace
