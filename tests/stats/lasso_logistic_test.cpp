#include "stats/lasso_logistic.hpp"

#include <gtest/gtest.h>

#include <ctime>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "core/csv.hpp"
#include "core/errors.hpp"
#include "core/seeded_random.hpp"
#include "golden_comparison.hpp"

namespace radstudy::stats {
namespace {

using testing::GoldenComparison;

std::string lasso_golden_path(const std::string& file) {
  return std::string(RADSTUDY_SOURCE_DIR) + "/tests/golden/lasso/" + file;
}

double number(const std::string& text) { return std::stod(text); }

// One case of tests/golden/lasso/make_golden.R: the data glmnet saw and what it returned.
struct LassoGolden {
  std::string name;
  double alpha = 1.0;
  std::size_t index_min = 0, index_1se = 0;  // 0-based
  double lambda_min = 0.0, lambda_1se = 0.0, null_deviance = 0.0;
  bool grouped = true;
  std::vector<std::size_t> top5, top10;  // 0-based
  Eigen::MatrixXd x;
  std::vector<int> y, folds;
  core::CsvTable path, beta, cv;
};

std::vector<std::size_t> positions(const std::string& text) {
  std::vector<std::size_t> result;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = text.find(';', start);
    result.push_back(std::stoul(text.substr(start, end - start)) - 1);
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return result;
}

std::vector<LassoGolden> read_goldens() {
  const auto cases = core::read_csv(lasso_golden_path("lasso_cases.csv"));
  std::vector<LassoGolden> goldens;
  for (const auto& row : cases.rows) {
    auto field = [&](const char* name) { return row[static_cast<std::size_t>(cases.column(name))]; };
    LassoGolden golden;
    golden.name = field("name");
    golden.alpha = number(field("alpha"));
    golden.index_min = std::stoul(field("index_min")) - 1;
    golden.index_1se = std::stoul(field("index_1se")) - 1;
    golden.lambda_min = number(field("lambda_min"));
    golden.lambda_1se = number(field("lambda_1se"));
    golden.null_deviance = number(field("nulldev"));
    golden.grouped = field("grouped") == "1";
    golden.top5 = positions(field("top5"));
    golden.top10 = positions(field("top10"));
    const auto data = core::read_csv(lasso_golden_path(golden.name + "_data.csv"));
    const auto n = static_cast<Eigen::Index>(data.rows.size());
    const auto p = static_cast<Eigen::Index>(data.header.size() - 2);
    golden.x.resize(n, p);
    for (Eigen::Index i = 0; i < n; ++i) {
      const auto& values = data.rows[static_cast<std::size_t>(i)];
      golden.folds.push_back(std::stoi(values[0]));
      golden.y.push_back(std::stoi(values[1]));
      for (Eigen::Index j = 0; j < p; ++j) golden.x(i, j) = number(values[static_cast<std::size_t>(j + 2)]);
    }
    golden.path = core::read_csv(lasso_golden_path(golden.name + "_path.csv"));
    golden.beta = core::read_csv(lasso_golden_path(golden.name + "_beta.csv"));
    golden.cv = core::read_csv(lasso_golden_path(golden.name + "_cv.csv"));
    goldens.push_back(std::move(golden));
  }
  return goldens;
}

const std::vector<LassoGolden>& goldens() {
  static const std::vector<LassoGolden> all = read_goldens();
  return all;
}

// Coefficients are compared relative to the largest |coefficient| of their lambda: a coefficient
// that glmnet has just let in is small, and its relative error is that of the whole fit.
void compare_path(const LassoGolden& golden, const LassoPath& path, GoldenComparison& comparison) {
  ASSERT_EQ(path.lambda.size(), golden.path.rows.size()) << golden.name << ": path length";
  for (std::size_t s = 0; s < golden.path.rows.size(); ++s) {
    const auto& row = golden.path.rows[s];
    const std::string where = golden.name + " step " + row[0];
    comparison.expect(where + " lambda", path.lambda[s], number(row[1]));
    comparison.expect(where + " a0", path.intercept[s], number(row[2]), 1.0);
    comparison.expect(where + " dev.ratio", path.deviance_ratio[s], number(row[3]), 1e-3);
    EXPECT_EQ(path.nonzero[s], std::stoul(row[4])) << where << " df";
  }
  Eigen::MatrixXd expected = Eigen::MatrixXd::Zero(path.coefficients.rows(), path.coefficients.cols());
  for (const auto& row : golden.beta.rows)
    expected(std::stol(row[1]) - 1, std::stol(row[0]) - 1) = number(row[2]);
  for (Eigen::Index s = 0; s < expected.cols(); ++s) {
    const double scale = std::max(expected.col(s).cwiseAbs().maxCoeff(), 1e-3);
    for (Eigen::Index j = 0; j < expected.rows(); ++j)
      if (expected(j, s) != 0.0 || path.coefficients(j, s) != 0.0)
        comparison.expect(golden.name + " step " + std::to_string(s + 1) + " beta " + std::to_string(j + 1),
                          path.coefficients(j, s), expected(j, s), scale);
  }
}

TEST(LassoLogisticGolden, PathEqualsGlmnet) {
  GoldenComparison comparison(1e-9);
  for (const auto& golden : goldens()) {
    SCOPED_TRACE(golden.name);
    LassoOptions options;
    options.alpha = golden.alpha;
    const auto path = fit_lasso_path(golden.x, golden.y, options);
    compare_path(golden, path, comparison);
    comparison.expect(golden.name + " nulldev", path.null_deviance, golden.null_deviance);
  }
  std::cout << "glmnet paths: " << comparison.compared() << " values, worst relative difference "
            << comparison.worst() << " (" << comparison.worst_what() << ")\n";
}

TEST(LassoLogisticGolden, CrossValidationEqualsCvGlmnet) {
  GoldenComparison comparison(1e-9);
  for (const auto& golden : goldens()) {
    SCOPED_TRACE(golden.name);
    LassoOptions options;
    options.alpha = golden.alpha;
    const auto cv = cross_validate_lasso(golden.x, golden.y, golden.folds, options);
    ASSERT_EQ(cv.cvm.size(), golden.cv.rows.size()) << golden.name;
    for (std::size_t s = 0; s < golden.cv.rows.size(); ++s) {
      const auto& row = golden.cv.rows[s];
      const std::string where = golden.name + " step " + row[0];
      comparison.expect(where + " cv lambda", cv.path.lambda[s], number(row[1]));
      comparison.expect(where + " cvm", cv.cvm[s], number(row[2]));
      comparison.expect(where + " cvsd", cv.cvsd[s], number(row[3]));
      EXPECT_EQ(cv.path.nonzero[s], std::stoul(row[4])) << where << " nzero";
    }
    EXPECT_EQ(cv.grouped, golden.grouped) << golden.name;
    EXPECT_EQ(cv.index_min, golden.index_min) << golden.name << " lambda.min";
    EXPECT_EQ(cv.index_1se, golden.index_1se) << golden.name << " lambda.1se";
    comparison.expect(golden.name + " lambda.min", cv.path.lambda[cv.index_min], golden.lambda_min);
    comparison.expect(golden.name + " lambda.1se", cv.path.lambda[cv.index_1se], golden.lambda_1se);
    for (const auto& [k, expected] : {std::pair{5u, golden.top5}, std::pair{10u, golden.top10}}) {
      const auto top = top_lasso_features(cv, k);
      std::vector<std::size_t> features;
      for (const auto& entry : top) features.push_back(entry.first);
      EXPECT_EQ(features, expected) << golden.name << " top " << k;
    }
  }
  std::cout << "cv.glmnet: " << comparison.compared() << " values, worst relative difference "
            << comparison.worst() << " (" << comparison.worst_what() << ")\n";
}

TEST(LassoLogistic, SameInputSameOutputBitForBit) {
  const auto& golden = goldens().front();
  const auto first = cross_validate_lasso(golden.x, golden.y, golden.folds);
  const auto second = cross_validate_lasso(golden.x, golden.y, golden.folds);
  EXPECT_EQ(first.cvm, second.cvm);
  EXPECT_EQ(first.cvsd, second.cvsd);
  EXPECT_TRUE(first.path.coefficients == second.path.coefficients);
}

TEST(LassoLogistic, TopFeaturesFallBackToTheFirstLambdaWithEnough) {
  LassoCrossValidation cv;
  cv.path.lambda = {1.0, 0.5, 0.25};
  cv.path.nonzero = {0, 2, 3};
  cv.path.coefficients = Eigen::MatrixXd::Zero(4, 3);
  cv.path.coefficients.col(1) << 0.0, 0.3, -0.5, 0.0;
  cv.path.coefficients.col(2) << 0.1, 0.4, -0.7, 0.0;
  cv.index_min = 1;
  auto top = top_lasso_features(cv, 2);  // lambda.min has 2: kept, largest |coef| first
  ASSERT_EQ(top.size(), 2u);
  EXPECT_EQ(top[0].first, 2u);
  EXPECT_EQ(top[0].second, -0.5);
  EXPECT_EQ(top[1].first, 1u);
  top = top_lasso_features(cv, 3);  // lambda.min has 2 < 3: the first lambda with 3
  ASSERT_EQ(top.size(), 3u);
  EXPECT_EQ(top[0].second, -0.7);
  EXPECT_EQ(top[2].first, 0u);
  top = top_lasso_features(cv, 4);  // never 4 on the path: all of the fullest lambda
  EXPECT_EQ(top.size(), 3u);
}

TEST(LassoLogistic, BadInputIsRefusedWithTheCase) {
  Eigen::MatrixXd x(6, 2);
  x << 1, 2, 2, 1, 3, 5, 4, 4, 5, 2, 6, 1;
  EXPECT_THROW(fit_lasso_path(x, {0, 0, 0, 0, 0, 1}), InputError);  // one case of class 1
  try {
    fit_lasso_path(x, {0, 2, 0, 1, 1, 0});
    FAIL() << "a label of 2 was accepted";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("case 2"), std::string::npos) << error.what();
  }
  Eigen::MatrixXd with_nan = x;
  with_nan(3, 1) = std::nan("");
  EXPECT_THROW(fit_lasso_path(with_nan, {0, 1, 0, 1, 1, 0}), InputError);
  EXPECT_THROW(fit_lasso_path(Eigen::MatrixXd::Ones(6, 2), {0, 1, 0, 1, 1, 0}), InputError);  // all constant
  EXPECT_THROW(cross_validate_lasso(x, {0, 1, 0, 1, 1, 0}, {1, 2, 1, 2, 1, 2}), InputError);  // 2 folds
  EXPECT_THROW(cross_validate_lasso(x, {0, 1, 0, 1, 1, 0}, {1, 2, 4, 1, 2, 4}), InputError);  // fold 3 empty
  // Without fold 1 the training cases hold a single case of class 1.
  EXPECT_THROW(cross_validate_lasso(x, {0, 1, 0, 1, 0, 0}, {1, 1, 2, 2, 3, 3}), InputError);
}


}  // namespace
}  // namespace radstudy::stats
