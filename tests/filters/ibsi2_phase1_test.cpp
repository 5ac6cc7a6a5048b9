// IBSI 2 phase 1: every reference response map reproduced by `radstudy filter` with the shipped
// configs/ibsi2/phase1/<test_id>.yaml; a map passes when every voxel lies within 1% of the reference map's
// range (max - min), the IBSI 2 pass rule.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "cli/cli_runner.hpp"
#include "core/csv.hpp"
#include "io/image_io.hpp"
#include "test_data.hpp"

namespace {

namespace fs = std::filesystem;
using radstudy::testing::fresh_directory;
using radstudy::testing::run_radstudy;
using radstudy::testing::shared_dir;
using radstudy::testing::shell_quoted;

struct MapTest {
  std::string id, phantom, reference_map;
};

std::vector<MapTest> tests_with_reference_maps() {
  const auto table = radstudy::core::read_csv((shared_dir() / "reference/ibsi2/tests.csv").string());
  const int id = table.column("test_id"), phantom = table.column("phantom"),
            map = table.column("reference_map");
  std::vector<MapTest> tests;
  for (const auto& row : table.rows)
    if (row[map].ends_with(".nii.gz")) tests.push_back({row[id], row[phantom], row[map]});
  return tests;
}

struct Comparison {
  bool same_grid = false;
  double range = 0, worst = 0;  // the reference's range and the largest voxel difference
  std::size_t voxels_off = 0;
};

Comparison compare(const radstudy::core::IntensityImage& response,
                   const radstudy::core::IntensityImage& reference) {
  Comparison comparison;
  comparison.same_grid = response.size() == reference.size();
  if (!comparison.same_grid) return comparison;
  const auto [low, high] = std::minmax_element(reference.voxels().begin(), reference.voxels().end());
  comparison.range = static_cast<double>(*high) - static_cast<double>(*low);
  for (std::size_t k = 0; k < reference.voxel_count(); ++k) {
    const double difference = std::abs(static_cast<double>(response.voxels()[k]) - reference.voxels()[k]);
    comparison.worst = std::max(comparison.worst, std::isnan(difference) ? INFINITY : difference);
    if (!(difference <= 0.01 * comparison.range)) ++comparison.voxels_off;
  }
  return comparison;
}

TEST(Ibsi2Phase1, ResponseMapsMatchTheReference) {
  RADSTUDY_REQUIRE_SHARED("reference/ibsi2/tests.csv");
  const auto tests = tests_with_reference_maps();
  ASSERT_EQ(tests.size(), 33u) << "tests.csv lists " << tests.size() << " reference maps";
  const fs::path configs = fs::path(RADSTUDY_SOURCE_DIR) / "configs/ibsi2/phase1";
  const fs::path work = fresh_directory("ibsi2_phase1");
  int passed = 0;
  for (const auto& test : tests) {
    SCOPED_TRACE("test " + test.id);
    const fs::path config = configs / (test.id + ".yaml");
    if (!fs::exists(config)) {
      ADD_FAILURE() << "no config " << config;
      continue;
    }
    const fs::path image = shared_dir() / "data/ibsi2/digital_phantoms" / test.phantom / "image.nii.gz";
    const fs::path out = work / (test.id + ".nii.gz");
    const auto run = run_radstudy("filter --image " + shell_quoted(image) + " --params " +
                                  shell_quoted(config) + " --out " + shell_quoted(out));
    if (run.exit_code != 0) {
      ADD_FAILURE() << "radstudy filter failed: " << run.output;
      continue;
    }
    const auto response = radstudy::io::read_image(out.string());
    const auto reference =
        radstudy::io::read_image((shared_dir() / "reference/ibsi2" / test.reference_map).string());
    const auto comparison = compare(response, reference);
    const bool pass = comparison.same_grid && comparison.voxels_off == 0;
    EXPECT_TRUE(pass) << (comparison.same_grid ? ""
                                               : "the response map's grid differs from the reference's; ")
                      << comparison.voxels_off << " voxels beyond 1% of the range " << comparison.range
                      << " (largest difference " << comparison.worst << ")";
    passed += pass;
  }
  std::printf("IBSI 2 phase 1: %d of %zu maps within 1%% of the reference range\n", passed, tests.size());
}

}  // namespace
