// PyRadiomics reference values reproduced by the radstudy binary to a relative 1e-4:
// - the 9 brain1 configurations of reference/pyradiomics/baseline_brain1.csv with the parameter
//   files configs/pyradiomics/<config>.yaml (settings_brain1.csv; brain1_shape2D uses label_2d.nrrd);
// - the 51 STS CT cases of reference/pyradiomics/sts_ct_original.csv with
//   configs/pyradiomics/sts_ct_original.yaml (1 mm B-spline resampling), in one batch call.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>

#include "reference_harness.hpp"
#include "test_data.hpp"

namespace radstudy::testing {
namespace {

// RATCHET floors: the numbers of values matched when they were last raised. Raise them whenever
// more values match, never lower them.
constexpr std::size_t kBrain1MatchedFloor = 658;
constexpr std::size_t kStsMatchedFloor = 5457;

constexpr double kRelativeTolerance = 1e-4;

bool agrees(double computed, double expected) {
  if (std::isnan(expected)) return std::isnan(computed);
  return std::abs(computed - expected) <= kRelativeTolerance * std::abs(expected) + 1e-12;
}

std::filesystem::path config_path(const std::string& name) {
  return std::filesystem::path(RADSTUDY_SOURCE_DIR) / "configs" / "pyradiomics" / (name + ".yaml");
}

// Column -> value of the first row of an extract table.
std::map<std::string, std::string> first_row(const core::CsvTable& table) {
  std::map<std::string, std::string> row;
  if (table.rows.empty()) return row;
  for (std::size_t k = 0; k < table.header.size() && k < table.rows[0].size(); ++k)
    row[table.header[k]] = table.rows[0][k];
  return row;
}

TEST(PyRadiomicsBaseline, Brain1AllConfigurations) {
  RADSTUDY_REQUIRE_SHARED("reference/pyradiomics/baseline_brain1.csv");
  RADSTUDY_REQUIRE_SHARED("data/pyradiomics/brain1/label_2d.nrrd");
  const auto shared = shared_dir();
  const auto work = fresh_directory("pyradiomics_brain1");
  const auto baseline = core::read_csv((shared / "reference/pyradiomics/baseline_brain1.csv").string());
  const int config_column = baseline.column("config"), feature_column = baseline.column("feature"),
            value_column = baseline.column("value");
  ASSERT_GE(std::min({config_column, feature_column, value_column}), 0);

  std::map<std::string, std::map<std::string, std::string>> outputs;  // config -> column -> value
  const std::string image = (shared / "data/pyradiomics/brain1/image.nrrd").string();
  for (const auto& row : baseline.rows) {
    const std::string& config = row[static_cast<std::size_t>(config_column)];
    if (outputs.count(config)) continue;
    const std::string mask =
        (shared / "data/pyradiomics/brain1" / (config == "brain1_shape2D" ? "label_2d.nrrd" : "label.nrrd")).string();
    const auto params = usable_parameters(config_path(config), work);
    for (const auto& family : params.dropped)
      std::printf("%s: featureClass '%s' is not available yet; its values count as not matched\n", config.c_str(),
                  family.c_str());
    std::string log;
    const auto table = extract("--image " + shell_quoted(image) + " --mask " + shell_quoted(mask) + " --params " +
                                   shell_quoted(params.path) + " --id " + config,
                               work / (config + ".csv"), log);
    outputs[config] = first_row(table);
    if (table.rows.empty()) std::printf("%s: extract produced no table: %s\n", config.c_str(), log.c_str());
    else if (!outputs[config]["error"].empty())
      std::printf("%s: %s\n", config.c_str(), outputs[config]["error"].c_str());
  }

  Tally overall;
  std::map<std::string, Tally> by_config, by_class;
  std::vector<std::string> mismatches;
  for (const auto& row : baseline.rows) {
    const std::string& config = row[static_cast<std::size_t>(config_column)];
    const std::string& feature = row[static_cast<std::size_t>(feature_column)];
    const std::string& expected_text = row[static_cast<std::size_t>(value_column)];
    const auto& output = outputs[config];
    const auto found = output.find(feature);
    const bool present = found != output.end() && !found->second.empty();
    const double computed = present ? parse_number(found->second) : std::nan("");
    const bool match = present && agrees(computed, parse_number(expected_text));
    overall.add(match);
    by_config[config].add(match);
    const auto first = feature.find('_'), second = feature.find('_', first + 1);
    by_class[feature.substr(first + 1, second - first - 1)].add(match);
    if (!match)
      mismatches.push_back(config + "  " + feature + ": expected " + expected_text + ", got " +
                           (present ? found->second : std::string("(no column)")));
  }
  std::printf("Mismatches (%zu):\n", mismatches.size());
  for (const auto& line : mismatches) std::printf("  %s\n", line.c_str());
  print_tallies("config", by_config);
  print_tallies("class", by_class);
  std::printf("PyRadiomics brain1: %zu of %zu matched\n", overall.matched, overall.total);
  EXPECT_EQ(overall.total, 674u);
  EXPECT_GE(overall.matched, kBrain1MatchedFloor) << "fewer brain1 values match than the ratchet floor";
}

TEST(PyRadiomicsBaseline, StsCtCasesInOneBatch) {
  RADSTUDY_REQUIRE_SHARED("reference/pyradiomics/sts_ct_original.csv");
  RADSTUDY_REQUIRE_SHARED("data/sts/STS_051/ct_image.nii.gz");
  const auto shared = shared_dir();
  const auto work = fresh_directory("pyradiomics_sts");
  const auto reference = core::read_csv((shared / "reference/pyradiomics/sts_ct_original.csv").string());
  ASSERT_EQ(reference.rows.size(), 51u);

  const auto manifest = work / "cases.csv";
  {
    std::ofstream stream(manifest);
    stream << "id,image,mask\n";
    for (const auto& row : reference.rows) {
      const auto directory = shared / "data/sts" / row[0];
      stream << row[0] << "," << (directory / "ct_image.nii.gz").string() << "," << (directory / "ct_mask.nii.gz").string()
             << "\n";
    }
  }
  const auto params = usable_parameters(config_path("sts_ct_original"), work);
  for (const auto& family : params.dropped)
    std::printf("featureClass '%s' is not available yet; its values count as not matched\n", family.c_str());
  std::string log;
  const auto table = extract("--manifest " + shell_quoted(manifest) + " --params " + shell_quoted(params.path) +
                                 " --jobs 2",
                             work / "sts.csv", log);
  if (table.rows.empty()) std::printf("extract produced no table: %s\n", log.c_str());

  std::map<std::string, std::size_t> row_of_case;
  const int id_column = table.column("id");
  for (std::size_t r = 0; r < table.rows.size(); ++r)
    if (id_column >= 0) row_of_case[table.rows[r][static_cast<std::size_t>(id_column)]] = r;

  Tally overall;
  std::map<std::string, Tally> by_class;
  std::vector<std::string> mismatches;
  for (const auto& row : reference.rows) {
    const auto case_row = row_of_case.find(row[0]);
    for (std::size_t k = 1; k < reference.header.size(); ++k) {
      const std::string& feature = reference.header[k];
      const int column = table.column(feature);
      const bool present = case_row != row_of_case.end() && column >= 0 &&
                           !table.rows[case_row->second][static_cast<std::size_t>(column)].empty();
      const std::string computed_text =
          present ? table.rows[case_row->second][static_cast<std::size_t>(column)] : std::string();
      const bool match = present && agrees(parse_number(computed_text), parse_number(row[k]));
      overall.add(match);
      const auto first = feature.find('_'), second = feature.find('_', first + 1);
      by_class[feature.substr(first + 1, second - first - 1)].add(match);
      if (!match)
        mismatches.push_back(row[0] + "  " + feature + ": expected " + row[k] + ", got " +
                             (present ? computed_text : std::string("(none)")));
    }
  }
  std::printf("Mismatches (%zu, first 200):\n", mismatches.size());
  for (std::size_t k = 0; k < mismatches.size() && k < 200; ++k) std::printf("  %s\n", mismatches[k].c_str());
  print_tallies("class", by_class);
  std::printf("PyRadiomics STS CT: %zu of %zu matched\n", overall.matched, overall.total);
  EXPECT_EQ(overall.total, 51u * 107u);
  EXPECT_GE(overall.matched, kStsMatchedFloor) << "fewer STS values match than the ratchet floor";
}

}  // namespace
}  // namespace radstudy::testing
