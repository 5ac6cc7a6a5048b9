#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <string>
#include <vector>

#include "core/errors.hpp"
#include "golden_comparison.hpp"
#include "stats/correlation.hpp"
#include "stats/principal_components.hpp"
#include "univariate_golden.hpp"

namespace radstudy::stats {
namespace {

using testing::golden_number;
using testing::GoldenComparison;

constexpr double kTolerance = 1e-9;

std::vector<std::string> available_tables() {
  std::vector<std::string> tables{"small", "large", "tiny"};
  if (std::filesystem::exists(testing::shared_dir() / "data/sts/clinical.csv") || testing::running_in_ci())
    tables.insert(tables.begin(), "sts");
  return tables;
}

// cor(X, method = "spearman"): correlations near 0 are compared to an absolute 1e-12.
TEST(CorrelationGolden, SpearmanMatrixMatchesR) {
  GoldenComparison compare(kTolerance);
  for (const auto& table : available_tables()) {
    const auto input = testing::load_univariate_input(table);
    const auto golden = testing::read_univariate_golden(table + "_spearman.csv");
    const auto matrix = spearman_correlation_matrix(input.matrix);
    ASSERT_EQ(static_cast<std::size_t>(matrix.rows()), golden.rows.size()) << table;
    for (std::size_t i = 0; i < golden.rows.size(); ++i) {
      ASSERT_EQ(golden.rows[i][0], input.names[i]);
      for (std::size_t j = 0; j < golden.rows.size(); ++j)
        compare.expect(table + " rho(" + input.names[i] + ", " + input.names[j] + ")",
                       matrix(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)),
                       golden_number(golden.rows[i][j + 1]), 1e-3);
    }
    // The single-pair function agrees with the matrix.
    const auto first = input.column(input.names[0]), second = input.column(input.names[1]);
    EXPECT_NEAR(spearman_correlation(first, second), matrix(0, 1), 1e-15) << table;
  }
  std::cout << "[Spearman golden] " << compare.compared() << " values, worst relative " << compare.worst()
            << " (" << compare.worst_what() << ")\n";
}

TEST(CorrelationGolden, ConstantColumnGivesNaN) {
  Eigen::MatrixXd values(4, 2);
  values << 1, 5, 2, 5, 3, 5, 4, 5;
  const auto matrix = spearman_correlation_matrix(values);
  EXPECT_EQ(matrix(0, 0), 1.0);
  EXPECT_TRUE(std::isnan(matrix(0, 1)));
  EXPECT_TRUE(std::isnan(matrix(1, 1)));
  EXPECT_THROW(spearman_correlation(std::vector<double>{1, NAN, 3}, std::vector<double>{1, 2, 3}),
               InputError);
}

// prcomp(scale. = TRUE) with the largest |loading| of each component positive. Loadings and scores of a
// component are compared when its sdev is separated from its neighbours by > 1e-4 of the first sdev
// (closer singular values make the singular vectors ill-conditioned in any SVD).
TEST(PrincipalComponentsGolden, PrcompMatchesR) {
  GoldenComparison compare(kTolerance);
  int components_compared = 0;
  for (const auto& table : available_tables()) {
    const auto input = testing::load_univariate_input(table);
    const auto pca = principal_components(input.matrix);
    const auto variance = testing::read_univariate_golden(table + "_pca_variance.csv");
    const auto loadings = testing::read_univariate_golden(table + "_pca_loadings.csv");
    const auto scores = testing::read_univariate_golden(table + "_pca_scores.csv");
    const auto kept = pca.standard_deviations.size();
    ASSERT_EQ(static_cast<std::size_t>(kept), variance.rows.size()) << table;
    const double first_sdev = golden_number(variance.rows[0][1]);
    for (Eigen::Index k = 0; k < kept; ++k) {
      const auto& row = variance.rows[static_cast<std::size_t>(k)];
      const std::string what = table + " PC" + std::to_string(k + 1);
      compare.expect(what + " sdev", pca.standard_deviations[k], golden_number(row[1]), 1e-7 * first_sdev);
      compare.expect(what + " proportion", pca.proportion_of_variance[k], golden_number(row[2]), 1e-12);
      compare.expect(what + " cumulative", pca.cumulative_proportion[k], golden_number(row[3]));
      double gap = std::numeric_limits<double>::infinity();
      const double sdev = golden_number(row[1]);
      if (k > 0) gap = std::min(gap, golden_number(variance.rows[static_cast<std::size_t>(k - 1)][1]) - sdev);
      if (k + 1 < kept)
        gap = std::min(gap, sdev - golden_number(variance.rows[static_cast<std::size_t>(k + 1)][1]));
      if (gap < 1e-4 * first_sdev || sdev < 1e-4 * first_sdev) continue;
      ++components_compared;
      // Accuracy of a singular vector ~ eps * sdev_1 / gap: loadings to an absolute 1e-9 here.
      for (std::size_t j = 0; j < loadings.rows.size(); ++j)
        compare.expect(what + " loading " + loadings.rows[j][0],
                       pca.loadings(static_cast<Eigen::Index>(j), k),
                       golden_number(loadings.rows[j][static_cast<std::size_t>(k) + 1]), 1.0);
      for (std::size_t i = 0; i < scores.rows.size(); ++i)
        compare.expect(what + " score " + scores.rows[i][0], pca.scores(static_cast<Eigen::Index>(i), k),
                       golden_number(scores.rows[i][static_cast<std::size_t>(k) + 1]), first_sdev);
    }
  }
  EXPECT_GE(components_compared, 20);
  std::cout << "[PCA golden] " << components_compared << " components, " << compare.compared()
            << " values, worst relative " << compare.worst() << " (" << compare.worst_what() << ")\n";
}

TEST(PrincipalComponentsGolden, ConstantColumnIsRefused) {
  Eigen::MatrixXd values(3, 2);
  values << 1, 2, 2, 2, 4, 2;
  EXPECT_THROW(principal_components(values), InputError);
}

}  // namespace
}  // namespace radstudy::stats
