// Platt's sigmoid of the svm against R (tests/golden/platt/make_golden.R), and the svm's probabilities.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "core/csv.hpp"
#include "core/seeded_random.hpp"
#include "golden_values.hpp"
#include "models/support_vector_machine.hpp"
#include "stats/golden_comparison.hpp"

namespace radstudy::models {
namespace {

std::string platt_golden(const std::string& file) {
  return std::string(RADSTUDY_SOURCE_DIR) + "/tests/golden/platt/" + file;
}

TEST(PlattSigmoid, EqualsTheMaximumLikelihoodFitOfR) {
  std::map<std::string, std::pair<std::vector<double>, std::vector<int>>> sets;
  for (const auto& row : core::read_csv(platt_golden("decision_values.csv")).rows) {
    sets[row[0]].first.push_back(testing::golden_number(row[1]));
    sets[row[0]].second.push_back(std::stoi(row[2]));
  }
  testing::GoldenComparison compare(1e-8);
  for (const auto& row : core::read_csv(platt_golden("sigmoids.csv")).rows) {
    const auto& [values, labels] = sets.at(row[0]);
    const auto [a, b] = fit_platt_sigmoid(values, labels);
    compare.expect(row[0] + " A", a, testing::golden_number(row[1]));
    compare.expect(row[0] + " B", b, testing::golden_number(row[2]));
  }
  EXPECT_EQ(compare.compared(), 10);
  compare.report("Platt sigmoid against glm on the smoothed targets");
}

TEST(PlattSigmoid, SvmProbabilitiesFollowTheDecisionValueAndSurviveSaving) {
  core::SeededRandom random(4);
  Eigen::MatrixXd x(40, 3);
  std::vector<int> y;
  for (Eigen::Index i = 0; i < 40; ++i) {
    y.push_back(i % 2);
    for (Eigen::Index j = 0; j < 3; ++j) x(i, j) = random.normal() + (j == 0 ? 1.2 * (i % 2) : 0.0);
  }
  SupportVectorMachine svm;
  svm.fit(x, y, 9);
  EXPECT_LT(svm.platt_a(), 0.0) << "a larger decision value towards class 1 means a larger probability";
  const auto scores = svm.score(x);
  const auto probabilities = svm.probability(x);
  for (std::size_t i = 0; i < scores.size(); ++i) {
    EXPECT_GT(probabilities[i], 0.0);
    EXPECT_LT(probabilities[i], 1.0);
    for (std::size_t j = 0; j < scores.size(); ++j) {
      if (scores[i] < scores[j]) {
        EXPECT_LE(probabilities[i], probabilities[j]);
      }
    }
  }
  SupportVectorMachine again;
  again.fit(x, y, 9);
  EXPECT_EQ(again.probability(x), probabilities) << "same seed, same Platt folds";
  EXPECT_EQ(SupportVectorMachine::from_json(svm.to_json())->probability(x), probabilities);
}

}  // namespace
}  // namespace radstudy::models
