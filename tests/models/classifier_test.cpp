#include <gtest/gtest.h>

#include <cmath>

#include "core/errors.hpp"
#include "core/seeded_random.hpp"
#include "models/classifier.hpp"
#include "models/logistic_regression.hpp"
#include "models/naive_bayes.hpp"

namespace radstudy::models {
namespace {

struct Sample {
  Eigen::MatrixXd x;
  std::vector<int> y;
};

Sample sample(int cases, int features, std::uint64_t seed) {
  core::SeededRandom random(seed);
  Sample s{Eigen::MatrixXd(cases, features), {}};
  for (int i = 0; i < cases; ++i) {
    s.y.push_back(i % 2);
    for (int j = 0; j < features; ++j) s.x(i, j) = random.normal() + (j == 0 ? 0.8 * s.y.back() : 0.0);
  }
  return s;
}

TEST(ClassifierTest, RegistryListsOnlyModelsThatExist) {
  for (const auto& name : classifier_names()) {
    const auto model = make_classifier(name);
    EXPECT_EQ(model->name(), name);
  }
  EXPECT_THROW(make_classifier("deep_forest"), ConfigError);
  EXPECT_THROW(classifier_from_json(nlohmann::json{{"coefficients", 1}}), InputError);
}

TEST(ClassifierTest, SavedModelsScoreAsTheFittedOnes) {
  const auto train = sample(40, 4, 1), test = sample(15, 4, 2);
  for (const auto& name : classifier_names()) {
    auto model = make_classifier(name);
    model->fit(train.x, train.y, 99);
    const auto restored = classifier_from_json(nlohmann::json::parse(model->to_json().dump()));
    EXPECT_EQ(restored->name(), name);
    EXPECT_EQ(restored->threshold(), model->threshold());
    EXPECT_EQ(restored->score(test.x), model->score(test.x)) << name;
  }
}

TEST(ClassifierTest, ScoringDataOfTheWrongWidthIsRefused) {
  const auto train = sample(30, 3, 4);
  for (const std::string& name : classifier_names()) {
    auto model = make_classifier(name);
    model->fit(train.x, train.y, 1);
    EXPECT_THROW(model->score(Eigen::MatrixXd::Zero(2, 5)), InputError) << name;
  }
}

TEST(ClassifierTest, LogisticLeavesACollinearColumnOutAsGlmDoes) {
  auto s = sample(30, 2, 5);
  Eigen::MatrixXd x(30, 3);
  x << s.x, s.x.col(0) * 2.0;  // the third column is twice the first: NA in glm
  LogisticRegression with_copy, without_copy;
  with_copy.fit(x, s.y, 0);
  without_copy.fit(s.x, s.y, 0);
  ASSERT_EQ(with_copy.coefficients().size(), 3u);
  EXPECT_TRUE(std::isnan(with_copy.coefficients()[2]));
  EXPECT_NEAR(with_copy.coefficients()[0], without_copy.coefficients()[0], 1e-9);
  EXPECT_NEAR(with_copy.intercept(), without_copy.intercept(), 1e-9);
  EXPECT_TRUE(with_copy.converged());
  EXPECT_FALSE(with_copy.fit_notes().empty());
}

TEST(ClassifierTest, LogisticReportsSeparation) {
  Eigen::MatrixXd x(8, 1);
  x << -4, -3, -2, -1, 1, 2, 3, 4;
  LogisticRegression model;
  model.fit(x, {0, 0, 0, 0, 1, 1, 1, 1}, 0);
  const auto notes = model.fit_notes();
  ASSERT_FALSE(notes.empty());
  EXPECT_NE(notes.back().find("0 or 1"), std::string::npos);
}

TEST(ClassifierTest, NormalDensityAsR) {
  // dnorm(c(0, 1.5, 6, 40), 0.5, 2) in R 4.2, printed with 17 digits.
  EXPECT_DOUBLE_EQ(r_normal_density(0.0, 0.5, 2.0), 0.19333405840142462);
  EXPECT_DOUBLE_EQ(r_normal_density(1.5, 0.5, 2.0), 0.17603266338214976);
  EXPECT_DOUBLE_EQ(r_normal_density(6.0, 0.5, 2.0), 0.0045467812507955264);
  EXPECT_DOUBLE_EQ(r_normal_density(40.0, 0.5, 2.0), 3.9708583632071294e-86);
  EXPECT_EQ(r_normal_density(1e6, 0.5, 2.0), 0.0);
}

}  // namespace
}  // namespace radstudy::models
