#include "stats/intraclass_correlation.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "core/csv.hpp"
#include "core/data_table.hpp"
#include "core/errors.hpp"
#include "golden_comparison.hpp"

namespace radstudy::stats {
namespace {

using testing::golden_number;
using testing::GoldenComparison;

std::filesystem::path icc_golden_dir() {
  return std::filesystem::path(RADSTUDY_SOURCE_DIR) / "tests" / "golden" / "icc";
}

// The extractions of one golden dataset, and a feature's ratings (cases of the first table x tables).
struct Extractions {
  std::vector<core::DataTable> tables;

  Eigen::MatrixXd ratings(const std::string& feature) const {
    const auto& first = tables.front();
    Eigen::MatrixXd result(static_cast<Eigen::Index>(first.row_count()),
                           static_cast<Eigen::Index>(tables.size()));
    for (std::size_t t = 0; t < tables.size(); ++t) {
      std::map<std::string, double> by_id;
      const auto& values = tables[t].numbers(feature);
      for (std::size_t row = 0; row < tables[t].row_count(); ++row) by_id[tables[t].ids()[row]] = values[row];
      for (std::size_t row = 0; row < first.row_count(); ++row)
        result(static_cast<Eigen::Index>(row), static_cast<Eigen::Index>(t)) = by_id.at(first.ids()[row]);
    }
    return result;
  }
};

Extractions load_dataset(const std::string& dataset) {
  Extractions extractions;
  const auto read = [&](const std::filesystem::path& path, const std::string& id) {
    extractions.tables.push_back(core::DataTable::read(path.string(), id));
  };
  if (dataset == "raters") {
    for (int rater = 1; rater <= 3; ++rater)
      read(icc_golden_dir() / ("raters_" + std::to_string(rater) + ".csv"), "case");
    return extractions;
  }
  read(std::filesystem::path(RADSTUDY_SOURCE_DIR) / "tests" / "golden" / "sts_features.csv", "id");
  read(icc_golden_dir() / "sts_extraction_b.csv", "id");
  if (dataset == "sts_abc") read(icc_golden_dir() / "sts_extraction_c.csv", "id");
  return extractions;
}

// psych::ICC(x, lmer = FALSE): ICC, bounds, F, df and p of ICC1/ICC2/ICC3 for every feature of the STS
// features against a perturbed re-extraction (k = 2), plus a third one (k = 3), and synthetic raters.
TEST(IntraclassCorrelationGolden, MatchesPsychIcc) {
  const auto golden = core::read_csv((icc_golden_dir() / "icc_results.csv").string());
  // psych's default (lme4 REML), where no variance component is 0, to 8 digits.
  const auto lmer = core::read_csv((icc_golden_dir() / "icc_lmer_reference.csv").string());
  ASSERT_EQ(lmer.rows.size(), golden.rows.size());
  GoldenComparison compare(1e-9);
  GoldenComparison lmer_compare(2e-4);  // lme4's REML optimiser stops at about 1e-5..1e-4
  std::map<std::string, Extractions> datasets;
  int special = 0;
  for (const auto& row : golden.rows) {
    const std::string& dataset = row[0];
    const std::string& feature = row[1];
    if (!datasets.count(dataset)) datasets.emplace(dataset, load_dataset(dataset));
    const auto ratings = datasets.at(dataset).ratings(feature);
    const auto type = icc_type_from_name(row[2]);
    const auto icc = intraclass_correlation(ratings, type);
    const std::string what = dataset + " " + feature + " " + row[2];
    if (feature == "constant") {
      // R's aov leaves rounding noise (ICC ~ 1e-15); radstudy reports no ICC.
      EXPECT_TRUE(icc.constant) << what;
      EXPECT_TRUE(std::isnan(icc.icc) && std::isnan(icc.lower) && std::isnan(icc.upper)) << what;
      ++special;
      continue;
    }
    compare.expect(what + " icc", icc.icc, golden_number(row[3]));
    compare.expect(what + " df1", icc.df1, golden_number(row[7]));
    compare.expect(what + " df2", icc.df2, golden_number(row[8]));
    const double r_lower = golden_number(row[4]), r_upper = golden_number(row[5]);
    if (std::isnan(r_lower) || golden_number(row[3]) == 1.0) {
      // Identical extractions (no residual): psych's bounds are NaN (Inf / Inf) or 1; radstudy gives 1.
      EXPECT_NEAR(icc.icc, 1.0, 1e-12) << what;
      EXPECT_NEAR(icc.lower, 1.0, 1e-9) << what;
      EXPECT_NEAR(icc.upper, 1.0, 1e-9) << what;
      ++special;
      continue;
    }
    compare.expect(what + " lower", icc.lower, r_lower);
    compare.expect(what + " upper", icc.upper, r_upper);
    if (feature == "offset" && type != IccType::icc1) {  // no residual: R's F ~ 1e29 from rounding noise
      EXPECT_GT(icc.f, 1e20) << what;
      ++special;
      continue;
    }
    compare.expect(what + " F", icc.f, golden_number(row[6]));
    compare.expect(what + " p", icc.p, golden_number(row[9]), 1e-300);
    const auto& lmer_row = lmer.rows[&row - &golden.rows.front()];
    ASSERT_EQ(lmer_row[1], feature);
    if (lmer_row[4] == "FALSE") lmer_compare.expect(what + " icc (lmer = TRUE)", icc.icc, golden_number(lmer_row[3]));
  }
  EXPECT_GE(special, 6);
  std::cout << "[ICC golden] " << compare.compared() << " values, worst relative " << compare.worst() << " ("
            << compare.worst_what() << "); against psych's default lmer = TRUE: " << lmer_compare.compared()
            << " ICCs, worst relative " << lmer_compare.worst() << "\n";
}

TEST(IntraclassCorrelation, BadInput) {
  Eigen::MatrixXd one_rater(3, 1);
  one_rater << 1, 2, 3;
  EXPECT_THROW(intraclass_correlation(one_rater, IccType::icc1), InputError);
  Eigen::MatrixXd with_nan(3, 2);
  with_nan << 1, 2, 3, NAN, 5, 6;
  EXPECT_THROW(intraclass_correlation(with_nan, IccType::icc2), InputError);
  EXPECT_THROW(icc_type_from_name("ICC4"), ConfigError);
  EXPECT_EQ(icc_type_from_name("ICC3"), IccType::icc3);
}

}  // namespace
}  // namespace radstudy::stats
