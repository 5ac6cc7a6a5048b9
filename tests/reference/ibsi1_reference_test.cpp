// IBSI 1 reference values (reference/ibsi1/reference_values.csv, 1,803 rows) reproduced by the
// radstudy binary with the shipped configs/ibsi1/*.yaml on the digital phantom and the CT phantom.
// Columns map to reference rows through `radstudy features` (ibsi_key, ibsi_aggregation).
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "reference_harness.hpp"
#include "test_data.hpp"

namespace radstudy::testing {
namespace {

struct DataSet {
  std::string name;    // the `data` column of reference_values.csv
  std::string config;  // configs/ibsi1/<config>.yaml
  std::string image, mask;
};

TEST(Ibsi1Reference, AllReferenceValues) {
  RADSTUDY_REQUIRE_SHARED("reference/ibsi1/reference_values.csv");
  RADSTUDY_REQUIRE_SHARED("data/ibsi1/ct_phantom/nifti/image.nii.gz");
  const auto shared = shared_dir();
  const std::filesystem::path configs = std::filesystem::path(RADSTUDY_SOURCE_DIR) / "configs" / "ibsi1";
  const auto work = fresh_directory("ibsi1_reference");
  const std::string phantom = (shared / "data/ibsi1/digital_phantom").string();
  const std::string ct = (shared / "data/ibsi1/ct_phantom/nifti").string();
  std::vector<DataSet> data_sets = {
      {"digital_phantom", "digital_phantom", phantom + "/image.nii.gz", phantom + "/mask.nii.gz"}};
  for (const char* letter : {"A", "B", "C", "D", "E"})
    data_sets.push_back({std::string("config_") + letter, std::string("config_") + letter,
                         ct + "/image.nii.gz", ct + "/mask.nii.gz"});

  // data set -> (ibsi key, aggregation) -> computed value
  std::map<std::string, std::map<std::pair<std::string, std::string>, double>> computed;
  for (const auto& data_set : data_sets) {
    const auto params = configs / (data_set.config + ".yaml");
    std::string log;
    const auto dictionary = feature_dictionary(params, work, log);
    if (dictionary.rows.empty()) {
      ADD_FAILURE() << data_set.config << ": the binary rejects the parameter file: " << log;
      continue;
    }
    const auto table =
        extract("--image " + shell_quoted(data_set.image) + " --mask " + shell_quoted(data_set.mask) +
                    " --params " + shell_quoted(params) + " --case-id " + data_set.name,
                work / (data_set.name + ".csv"), log);
    if (table.rows.empty()) {
      ADD_FAILURE() << data_set.name << ": extract produced no table: " << log;
      continue;
    }
    const int error_column = table.column("error");
    if (error_column >= 0 && !table.rows[0][static_cast<std::size_t>(error_column)].empty())
      ADD_FAILURE() << data_set.name << ": " << table.rows[0][static_cast<std::size_t>(error_column)];
    const std::size_t name_column = column_of(dictionary, "name"),
                      ibsi_key_column = column_of(dictionary, "ibsi_key"),
                      ibsi_aggregation_column = column_of(dictionary, "ibsi_aggregation");
    for (const auto& entry : dictionary.rows) {
      const std::string& key = entry[ibsi_key_column];
      if (key.empty()) continue;
      const int column = table.column(entry[name_column]);
      if (column < 0) {
        ADD_FAILURE() << data_set.name << ": `radstudy features` lists " << entry[name_column]
                      << ", the extract output has no such column";
        continue;
      }
      computed[data_set.name][{key, entry[ibsi_aggregation_column]}] =
          parse_number(table.rows[0][static_cast<std::size_t>(column)]);
    }
  }

  Tally overall;
  std::map<std::string, Tally> by_data_set, by_family;
  std::vector<std::string> mismatches;
  for (const auto& reference : read_ibsi_reference_values()) {
    double value = std::nan("");
    bool present = false;
    if (auto data_found = computed.find(reference.data); data_found != computed.end())
      if (auto found = data_found->second.find({reference.key, reference.aggregation});
          found != data_found->second.end()) {
        value = found->second;
        present = true;
      }
    const bool match = present && within_tolerance(value, reference.value, reference.tolerance);
    overall.add(match);
    by_data_set[reference.data].add(match);
    by_family[reference.family].add(match);
    if (!match)
      mismatches.push_back(reference.data + "  " + reference.key + " [" + reference.aggregation + "] " +
                           reference.feature + ": expected " + reference.text + " +- " +
                           number_text(reference.tolerance) +
                           (reference.tolerance_written ? "" : " (written precision)") + ", got " +
                           (present ? number_text(value) : std::string("(no column)")));
  }

  std::printf("Mismatches (%zu):\n", mismatches.size());
  for (const auto& line : mismatches) std::printf("  %s\n", line.c_str());
  std::printf("IBSI 1 reference values:\n");
  print_tallies("data", by_data_set);
  print_tallies("family", by_family);
  print_tally("IBSI 1", overall);
  EXPECT_EQ(overall.total, 1803u);
  EXPECT_EQ(overall.matched, overall.total) << "every IBSI 1 reference value must match";
}

}  // namespace
}  // namespace radstudy::testing
